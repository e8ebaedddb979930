/**
 * What the cache's own tables (`IdMap`, `MemberTable`) share to pass for a `Map`: each stores its
 * entries its own way and gives `get`/`has`/`set`/`delete`/`clear`/`size` and the three iterators;
 * this base derives the rest of the `Map` surface from `entries()`: `forEach`, iteration with
 * `for...of`, the `'Map'` tag, and the console's view. It adds no field to a table.
 */

/** The inspect hook of `node:util` (a registered symbol, so no import of `node:util`). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A `Map` whose storage a subclass gives; see the module comment. */
export abstract class MapSurface<K, V> implements Map<K, V> {
  /** How many entries. */
  abstract get size(): number;
  /** The value under `key`, or `undefined`. */
  abstract get(key: K): V | undefined;
  /** Whether `key` is held. */
  abstract has(key: K): boolean;
  /** Hold `value` under `key`. */
  abstract set(key: K, value: V): this;
  /** Remove `key`; whether it was held. */
  abstract delete(key: K): boolean;
  /** Remove everything. */
  abstract clear(): void;
  /** The keys. */
  abstract keys(): MapIterator<K>;
  /** The values. */
  abstract values(): MapIterator<V>;
  /** `[key, value]` pairs. */
  abstract entries(): MapIterator<[K, V]>;

  /** Call `callback(value, key, map)` for each entry, in the order of {@link entries}. */
  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** `'Map'`: it is one as far as its users can tell. */
  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  /** The console shows it as a Map (a copy made for display only). */
  [INSPECT](depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return inspect(new Map(this.entries()), { ...options, depth });
  }
}
