import { sameJson, sameList } from './util.js';

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
    const value = field.read(data);
    if (value === undefined) continue;
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
