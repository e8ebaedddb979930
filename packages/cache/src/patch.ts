/**
 * Reading payloads into entities. Two rules hold for every field of every entity:
 * - `null` where the entity's default is not `null` means "absent", like a missing key: servers send
 *   `components: null`, `tts: null`, `mentions: null` where Discord's docs say a list or an optional
 *   field, and the field keeps its value (the default, for a new entity). Only fields whose default is
 *   `null` (`editedTimestamp`, `nonce`, `icon`...) take a `null`. Readers that transform a value
 *   (`list`, `parseOverwrites`, `BigInt`) pass `null` through for this rule to apply.
 * - A value that cannot be read (a string where a list belongs) raises {@link PayloadError} naming the
 *   entity and the field, never a bare `TypeError`; whoever knows the route or event adds it.
 */
import { PayloadError } from './errors.js';
import { describe, sameJson, sameList } from './util.js';

/**
 * How one entity field is read from a payload. `read` returns `undefined` when the payload does not
 * carry the field (a partial update), and the field keeps its value. `compare` says how to tell a change
 * for non-primitive values: `list` for arrays of primitives or entities, `json` for nested payload parts.
 */
export interface FieldSpec<D> {
  readonly key: string;
  readonly read: (data: D) => unknown;
  readonly compare?: 'list' | 'json';
  /** The public name of the field in old values, when the stored field is an internal one. */
  readonly oldKey?: string;
  /** The public value of a stored value, for old values. */
  readonly oldValue?: (stored: unknown) => unknown;
}

/**
 * Write the fields of `data` into `entity`. With `old`, every field that changes is recorded there with
 * its previous value (hata's "old attributes"); without it, nothing is allocated.
 * A value equal to the current one (often the prototype default) is not written, so defaults stay on
 * the prototype and cost no memory in the entity.
 */
export function patchFields<D>(
  entity: object,
  fields: readonly FieldSpec<D>[],
  data: D,
  old: Record<string, unknown> | undefined,
): void {
  const target = entity as Record<string, unknown>;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec<D>;
    // No closure per field: this runs for every field of every entity the gateway sends.
    let value: unknown;
    try {
      value = field.read(data);
    } catch (error) {
      throw unreadable(entity, field.oldKey ?? field.key, error);
    }
    if (value === undefined) continue;
    if (value === null && !nullable(entity, field.key)) continue;
    const before = target[field.key];
    if (before === value) continue;
    if (field.compare === 'list') {
      if (Array.isArray(before) && sameList(before, value as unknown[])) continue;
    } else if (field.compare === 'json') {
      if (sameJson(before, value)) continue;
    }
    if (old) old[field.oldKey ?? field.key] = field.oldValue ? field.oldValue(before) : before;
    target[field.key] = value;
  }
}

/**
 * Run `read`, one step of building `entity` from a payload; an error it throws (a `TypeError` from a
 * value of the wrong shape) becomes a {@link PayloadError} naming the entity and `field`.
 */
export function readField<T>(entity: object, field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(entity, field, error);
  }
}

/** A payload list of `entity`'s `field`: `undefined` for null or absent, a {@link PayloadError} if not a list. */
export function readList<T>(
  entity: object,
  field: string,
  value: readonly T[] | null | undefined,
): readonly T[] | undefined {
  if (value == null) return undefined;
  if (Array.isArray(value)) return value;
  throw unreadable(entity, field, new TypeError(`expected a list, got ${describe(value)}`));
}

function unreadable(entity: object, field: string, error: unknown): PayloadError {
  if (error instanceof PayloadError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new PayloadError(entity.constructor.name, field, detail, { cause: error });
}

/** Whether a field takes `null`: its default (the value on the entity's prototype) is `null`. */
function nullable(entity: object, key: string): boolean {
  return (Object.getPrototypeOf(entity) as Record<string, unknown>)[key] === null;
}
