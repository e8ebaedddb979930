// A TypeDoc plugin for Kokoro's API reference (loaded by typedoc.json).
//
// Kokoro re-exports some of discord-api-types (flags, enums). Their comments link to symbols that
// are not part of these docs; such a link cannot be fixed here, and it would fail the build (invalid
// links are errors). Links inside declarations that live in node_modules become inline code instead.
// Links in Kokoro's own comments are still checked.
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      const sources = reflection.sources ?? [];
      if (sources.length === 0 || !sources.every((source) => source.fullFileName.includes('/node_modules/'))) {
        continue;
      }
      const comment = reflection.comment;
      if (!comment) continue;
      for (const parts of [comment.summary, ...comment.blockTags.map((tag) => tag.content)]) {
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (part.kind === 'inline-tag' && part.tag.startsWith('@link')) {
            parts[i] = { kind: 'code', text: `\`${part.text}\`` };
          }
        }
      }
    }
  });
}
