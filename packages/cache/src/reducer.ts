import type { EntityRef } from './entities/refs.js';
import type { CacheOwner } from './owner.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/**
 * How one dispatch event changes the cache and what its handlers receive.
 *
 * `apply` runs once per event across owners (see dedup.ts); `diff` says whether old values must be
 * built. `owned` events concern one owner only (READY, GUILD_CREATE for that client, member chunks
 * it requested, interactions...) and are never deduplicated. `key` names a payload for the dedup
 * (default: the JSON text of the payload). `merge` lets a later copy complete what the first lacked
 * (the content of a message for a client without the MESSAGE_CONTENT intent).
 */
export interface Reducer {
  readonly owned?: boolean;
  readonly key?: (data: never) => string;
  readonly guildId?: (data: never) => string | undefined;
  readonly merge?: (cache: Cache, data: never) => void;
  apply(cache: Cache, owner: CacheOwner, shardId: number, data: never, diff: boolean): unknown[] | undefined;
}

/** Define a reducer with a typed payload. */
export function reducer<D>(definition: {
  owned?: boolean;
  key?: (data: D) => string;
  guildId?: (data: D) => string | undefined;
  merge?: (cache: Cache, data: D) => void;
  apply(cache: Cache, owner: CacheOwner, shardId: number, data: D, diff: boolean): unknown[] | undefined;
}): Reducer {
  return definition as unknown as Reducer;
}
