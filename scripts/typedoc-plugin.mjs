// A TypeDoc plugin for Kokoro's API reference (loaded by typedoc.json).
//
// Kokoro re-exports some of discord-api-types (flags, enums). Their comments link to symbols that
// are not part of these docs; such a link cannot be fixed here, and it would fail the build (invalid
// links are errors). Links in the comments of other packages' declarations become inline code instead.
// Links in Kokoro's own comments are still checked.
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of Object.values(project.reflections)) {
      const packageName = project.getSymbolIdFromReflection(reflection)?.packageName;
      if (packageName === undefined || packageName === 'kokoro' || packageName.startsWith('@kokoro/')) continue;
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
