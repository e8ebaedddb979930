// A TypeDoc plugin for Kokoro's API reference (loaded by typedoc.json).
//
// 1. Kokoro re-exports some of discord-api-types (flags, enums). Their comments link to symbols that
//    are not part of these docs; such a link cannot be fixed here, and it would fail the build
//    (invalid links are errors). Links in the comments of other packages' declarations become inline
//    code instead. Links in Kokoro's own comments are still checked.
// 2. Every property of an exported class or interface of a Kokoro package must have a doc comment.
//    TypeDoc's own check (`requiredToBeDocumented`) can only ask this of every property, including
//    those of anonymous and inferred object types (a function's return value), which are described
//    by the comment of what holds them; so properties are checked here, members of classes and
//    interfaces only. A missing one is a warning, which fails the build.
import { Application, Converter, ReflectionKind } from 'typedoc';

const isKokoro = (name) => name === 'kokoro' || name.startsWith('@kokoro/');

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of Object.values(project.reflections)) {
      const packageName = project.getSymbolIdFromReflection(reflection)?.packageName;
      if (packageName === undefined || isKokoro(packageName)) continue;
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

  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const reflection of project.getReflectionsByKind(ReflectionKind.Property)) {
      const parent = reflection.parent;
      if (!parent?.kindOf(ReflectionKind.Class | ReflectionKind.Interface)) continue;
      if (reflection.hasComment() || reflection.inheritedFrom) continue;
      const symbolId = project.getSymbolIdFromReflection(reflection);
      if (!symbolId || !isKokoro(symbolId.packageName)) continue;
      app.logger.validationWarning(
        `${reflection.getFriendlyFullName()} (Property), defined in ${symbolId.packageName}/${symbolId.packagePath}, does not have any documentation`,
      );
    }
  });
}
