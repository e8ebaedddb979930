/**
 * The base of the component builders. A builder keeps its fields as Discord's JSON; `toJSON()`
 * builds the whole tree (children given as builders, @discordjs/builders or plain JSON alike) and
 * validates it with @kokoro/rest's component rules, so an error names the path from this builder
 * down (`actionRow.components[2].custom_id`).
 */
import { ValidationError } from '@kokoro/common';
import { toPayload, validateComponent } from '@kokoro/rest';
import type { APIMessageComponentEmoji } from 'discord-api-types/v10';

/** A component builder: `toJSON()` gives the validated payload. */
export abstract class ComponentBuilder<T extends { type: number } = { type: number }> {
  /** The name the validation path starts with (`button`, `actionRow`...). */
  abstract readonly kind: string;

  /** The payload without validation (children resolved). */
  protected abstract build(): T;

  /** The payload Discord takes; throws a `ValidationError` naming the field that breaks a limit. */
  toJSON(): T {
    const json = this.build();
    this.validate(json);
    return json;
  }

  /** Check `json` against Discord's limits; subclasses add their own rules. */
  protected validate(json: T): void {
    validateComponent(json as unknown as Record<string, unknown>, this.kind);
  }
}

/**
 * Children given as builders or JSON, resolved to JSON. A child builder's error is re-thrown with
 * the path from the parent: `button.custom_id` inside a row becomes `actionRow.components[1].custom_id`.
 */
export function resolveAll<T>(children: readonly unknown[], path: string): T[] {
  return children.map((child, index) => resolveChild<T>(child, `${path}[${index}]`));
}

/** One child given as a builder or JSON (see {@link resolveAll}); `path` is where it sits. */
export function resolveChild<T>(child: unknown, path: string): T {
  try {
    return toPayload<T>(child);
  } catch (error) {
    const kind = child instanceof ComponentBuilder ? child.kind : undefined;
    if (!(error instanceof ValidationError) || kind === undefined || !error.path.startsWith(kind)) throw error;
    const inner = error.path.slice(kind.length);
    const message = error.message.slice(error.path.length + 2);
    throw new ValidationError(`${path}${inner}`, message);
  }
}

/** An emoji as the builders take it: a unicode emoji (`'👍'`), a custom one (`'<:name:id>'`), or the object. */
export type EmojiLike = string | APIMessageComponentEmoji;

/** Turn an {@link EmojiLike} into Discord's emoji object. */
export function emojiOf(emoji: EmojiLike): APIMessageComponentEmoji {
  if (typeof emoji !== 'string') return emoji;
  const custom = /^<(a?):(\w{2,32}):(\d{1,20})>$/.exec(emoji);
  if (custom) return { name: custom[2]!, id: custom[3]!, ...(custom[1] ? { animated: true } : {}) };
  return { name: emoji };
}
