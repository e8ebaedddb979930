/**
 * A `Map` for entities that carry their own id (users, members): one slot per entry instead of three.
 *
 * Theory. A V8 `Map` entry holds the key, the value and a chain link (24 bytes) plus its share of the
 * bucket array, and the table doubles when full: about 36-40 bytes per entry, which for 250,000
 * members and as many users is ~19 MB — as much as the member objects themselves. An entity already
 * knows its id, so the table only needs the value: open addressing over one array of values, the key
 * read back from the value (`keyOf`), at most 70 % full (8 to 20 bytes per entry).
 *
 * It behaves as a `Map<Snowflake, V>`: O(1) `get`/`has`/`set`/`delete`, `size`, iteration without
 * copying, live (what the cache adds or removes shows at once). Differences: the value given to `set`
 * must carry the key (checked: a `TypeError` otherwise); iteration follows the table, not insertion
 * order. Deleting during iteration is safe (a deleted slot becomes a marker until the next rebuild,
 * and an iteration that outlives a rebuild checks each entry is still current before giving it).
 */
import type { Snowflake } from '@kokoro/common';
import { MapSurface } from './map-surface.js';

const FREE = undefined;
/** A deleted slot: lookups probe past it. */
const GONE: object = Object.freeze({ gone: true });
const MIN_CAPACITY = 4;

/** A 32-bit hash of an id string (shared with member-table.ts). */
export function hashOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}

/** A live `Map` of entities by their own id; see the module comment. */
export class IdMap<V extends object> extends MapSurface<Snowflake, V> {
  #slots: (V | object | undefined)[];
  #size = 0;
  /** Live entries plus deleted markers. */
  #used = 0;
  readonly #keyOf: (value: V) => Snowflake;

  /** `keyOf` gives a value's id (`(user) => user.id`). */
  constructor(keyOf: (value: V) => Snowflake) {
    super();
    this.#keyOf = keyOf;
    this.#slots = new Array(MIN_CAPACITY).fill(FREE);
  }

  /** How many entries. */
  get size(): number {
    return this.#size;
  }

  /** The value with this id, or `undefined`. */
  get(key: Snowflake): V | undefined {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = hashOf(key) & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === FREE) return undefined;
      if (slot !== GONE && this.#keyOf(slot as V) === key) return slot as V;
      i = (i + 1) & mask;
    }
  }

  /** Whether a value with this id is held. */
  has(key: Snowflake): boolean {
    return this.get(key) !== undefined;
  }

  /** Hold `value` under `key`, which must be its id. */
  set(key: Snowflake, value: V): this {
    if (this.#keyOf(value) !== key) throw new TypeError(`IdMap.set: the value's id is not ${key}`);
    let slots = this.#slots;
    let mask = slots.length - 1;
    let i = hashOf(key) & mask;
    let free = -1;
    for (;;) {
      const slot = slots[i];
      if (slot === FREE) break;
      if (slot === GONE) {
        if (free < 0) free = i;
      } else if (this.#keyOf(slot as V) === key) {
        slots[i] = value;
        return this;
      }
      i = (i + 1) & mask;
    }
    if (free >= 0) {
      slots[free] = value;
      this.#size++;
      return this;
    }
    if ((this.#used + 1) * 10 > slots.length * 7) {
      this.#rebuild(this.#size + 1);
      slots = this.#slots;
      mask = slots.length - 1;
      i = hashOf(key) & mask;
      while (slots[i] !== FREE) i = (i + 1) & mask;
    }
    slots[i] = value;
    this.#size++;
    this.#used++;
    return this;
  }

  /** Remove the value with this id; whether there was one. */
  delete(key: Snowflake): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = hashOf(key) & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === FREE) return false;
      if (slot !== GONE && this.#keyOf(slot as V) === key) {
        slots[i] = GONE;
        this.#size--;
        if (this.#size === 0) this.clear();
        else if (this.#size * 10 < slots.length && slots.length > MIN_CAPACITY * 4) this.#rebuild(this.#size);
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Remove everything. */
  clear(): void {
    this.#slots = new Array(MIN_CAPACITY).fill(FREE);
    this.#size = 0;
    this.#used = 0;
  }

  /** Call `callback(value, key, map)` for each entry; from the values, with no `[key, value]` pair made. */
  override forEach(callback: (value: V, key: Snowflake, map: Map<Snowflake, V>) => void, thisArg?: unknown): void {
    for (const value of this.values()) callback.call(thisArg, value, this.#keyOf(value), this);
  }

  /** The values, without copying. */
  *values(): MapIterator<V> {
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot === FREE || slot === GONE) continue;
      // Rebuilt since the iteration began: give only what is still held.
      if (slots !== this.#slots && this.get(this.#keyOf(slot as V)) !== slot) continue;
      yield slot as V;
    }
  }

  /** The ids. */
  *keys(): MapIterator<Snowflake> {
    for (const value of this.values()) yield this.#keyOf(value);
  }

  /** `[id, value]` pairs. */
  *entries(): MapIterator<[Snowflake, V]> {
    for (const value of this.values()) yield [this.#keyOf(value), value];
  }

  #rebuild(count: number): void {
    let capacity = MIN_CAPACITY;
    while (count * 10 > capacity * 7) capacity *= 2;
    const old = this.#slots;
    const slots: (V | object | undefined)[] = new Array(capacity).fill(FREE);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j++) {
      const slot = old[j];
      if (slot === FREE || slot === GONE) continue;
      let i = hashOf(this.#keyOf(slot as V)) & mask;
      while (slots[i] !== FREE) i = (i + 1) & mask;
      slots[i] = slot;
    }
    this.#slots = slots;
    this.#used = this.#size;
  }
}
