/**
 * Payloads given as builders. Anything with a `toJSON()` method (Kokoro's builders, @discordjs/builders,
 * a `Date`) stands for what that method returns, so a message's `embeds` may hold `Embed` builders and
 * its `components` action-row builders. {@link toPayload} resolves them into plain JSON before a body
 * is validated, so the validators see what Discord will see.
 *
 * Components V2 (message flag `IS_COMPONENTS_V2`, 1 << 15): a top-level component given as a builder
 * whose JSON is a layout component (container, section, text display...) sets the flag, since such a
 * message means nothing without it. Plain JSON is left as written: the validator names the missing flag.
 */
import { ComponentType, MessageFlags } from 'discord-api-types/v10';

/** A value given as itself or as something whose `toJSON()` returns it. */
export type Encodable<T> =
  | T
  | {
      /** The value itself, as JSON-ready data (a builder's output). */
      toJSON(): T;
    };

function hasToJSON(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** Resolve every `toJSON()` in `value` (deeply) into plain JSON; plain values are copied only where needed. */
export function toPayload<T = unknown>(value: unknown): T {
  if (hasToJSON(value)) return toPayload(value.toJSON());
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const resolved = toPayload(value[index]);
      if (resolved !== value[index]) {
        copy ??= value.slice(0, index);
      }
      copy?.push(resolved);
    }
    return (copy ?? value) as T;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    let copy: Record<string, unknown> | undefined;
    const entries = Object.entries(value);
    for (let index = 0; index < entries.length; index++) {
      const [key, item] = entries[index]!;
      const resolved = toPayload(item);
      if (resolved !== item && !copy) copy = Object.fromEntries(entries.slice(0, index));
      if (copy) copy[key] = resolved;
    }
    return (copy ?? value) as T;
  }
  return value as T;
}

const LAYOUT_TYPES: ReadonlySet<unknown> = new Set([
  ComponentType.Section,
  ComponentType.TextDisplay,
  ComponentType.Thumbnail,
  ComponentType.MediaGallery,
  ComponentType.File,
  ComponentType.Separator,
  ComponentType.Container,
]);

/**
 * Resolve a message body's builders (see {@link toPayload}) and set `IS_COMPONENTS_V2` when a
 * top-level component builder is a layout component. Returns a new object; `body` is not changed.
 */
export function messagePayload<T extends object>(body: T): T {
  const { components, ...fields } = body as T & { components?: unknown };
  const resolved = { ...toPayload<Record<string, unknown>>(fields) };
  if (components === undefined) return resolved as T;
  if (!Array.isArray(components)) {
    resolved.components = toPayload(components);
    return resolved as T;
  }
  let layoutBuilder = false;
  resolved.components = components.map((component) => {
    const json = toPayload<{ type?: unknown } | null>(component);
    if (hasToJSON(component) && LAYOUT_TYPES.has(json?.type)) layoutBuilder = true;
    return json;
  });
  if (layoutBuilder) resolved.flags = ((resolved.flags as number | undefined) ?? 0) | MessageFlags.IsComponentsV2;
  return resolved as T;
}
