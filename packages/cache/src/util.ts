/**
 * A payload value that must be a list, as a list: `undefined` for `null` or absent (see patch.ts),
 * a `TypeError` for anything else that is not an array.
 */
export function payloadList<T>(value: readonly T[] | null | undefined): readonly T[] | undefined {
  if (value == null) return undefined;
  if (!Array.isArray(value)) throw new TypeError(`expected a list, got ${describe(value)}`);
  return value;
}

/** A short description of an unexpected payload value, for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return `${typeof value} ${String(value)}`;
}

/** One shared empty array, so that entities without a list do not each hold their own. */
export const EMPTY: readonly never[] = Object.freeze([]);

class EmptyMap extends Map<never, never> {
  override set(): this {
    throw new TypeError('this collection is read-only; the cache fills it from Discord events');
  }
}

/** One shared, read-only empty map, for collections that stay empty in most entities. */
export const EMPTY_MAP: ReadonlyMap<never, never> = new EmptyMap();

/** An ISO timestamp as milliseconds since the epoch, `null` when absent. */
export function parseTimestamp(value: string | null | undefined): number | null {
  if (value == null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether two lists of primitives hold the same items in the same order. */
export function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Structural equality for JSON values (nested payload parts such as embeds or activities). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Old values of an update: each changed field with the value it had before. */
export type OldValues<T> = Partial<T>;

/** The old values of the keys that differ between two payload objects (hata's old attributes). */
export function diffPayload<T extends object>(before: T, after: T): Partial<T> {
  const old: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (!sameJson(before[key], after[key])) old[key] = before[key];
  }
  for (const key of Object.keys(before) as (keyof T)[]) {
    if (!(key in after)) old[key] = before[key];
  }
  return old;
}

/** `payload` without its `guild_id` (the guild holds the item already). */
export function withoutGuildId<T extends { guild_id?: string }>(payload: T): Omit<T, 'guild_id'> {
  const { guild_id: _, ...rest } = payload;
  return rest;
}

/**
 * Build a few throwaway instances of an entity class when its module loads. V8 sizes the objects of a
 * constructor by watching its first few instances ("slack tracking"): fields added to those early
 * instances after the constructor (a bot user's `bot`, `avatar`...) would reserve a slot in every
 * later instance. Settling the size on bare instances keeps exactly the constructor's fields inside
 * each object (measured: 16 bytes less per user, README "Memory").
 */
export function settleShape(make: () => unknown, count = 16): void {
  for (let i = 0; i < count; i++) make();
}
