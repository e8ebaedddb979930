/**
 * Small helpers shared by the validators: every failure is a `ValidationError` whose `path` is the
 * JSON path of the offending field in the request body (`embeds[0].fields[3].value`), the same shape
 * Discord uses in a 50035 error, so the message reads the same before and after sending.
 */
import { ValidationError } from '@kokoro/common';

/** A plain JSON object, as far as validation cares. */
export type Fields = Record<string, unknown>;

/** Throw a `ValidationError` for `path`. */
export function fail(path: string, message: string): never {
  throw new ValidationError(path, message);
}

/** `parent.key`, or `key` at the root. */
export function at(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Whether `value` is a non-null, non-array object. */
export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Require an object at `path`. */
export function requireFields(value: unknown, path: string): Fields {
  if (!isFields(value)) fail(path, `must be an object, got ${describe(value)}`);
  return value;
}

/** Require an array at `path` (absent values are the caller's business). */
export function requireArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, `must be an array, got ${describe(value)}`);
  return value;
}

/** Length in characters (Unicode code points), the unit Discord's limits count. */
export function charLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * Check an optional string: when present it must be a string of `min..max` characters.
 * Returns its length (0 when absent) so callers can add up totals.
 */
export function checkText(value: unknown, path: string, min: number, max: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'string') fail(path, `must be a string, got ${describe(value)}`);
  const length = charLength(value);
  if (length < min || length > max) {
    fail(
      path,
      min > 0 ? `must be ${min}..${max} characters, got ${length}` : `must be at most ${max} characters, got ${length}`,
    );
  }
  return length;
}

/** Require a string of `min..max` characters at `path`. */
export function requireText(value: unknown, path: string, min: number, max: number): string {
  if (value === undefined || value === null) fail(path, 'is required');
  checkText(value, path, min, max);
  return value as string;
}

/** Check an optional array's item count. */
export function checkCount(value: unknown, path: string, min: number, max: number): readonly unknown[] {
  if (value === undefined || value === null) return [];
  const items = requireArray(value, path);
  if (items.length < min || items.length > max) {
    fail(
      path,
      min > 0
        ? `must have ${min}..${max} items, got ${items.length}`
        : `must have at most ${max} items, got ${items.length}`,
    );
  }
  return items;
}

/** A short description of a value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
