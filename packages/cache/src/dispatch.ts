import { checkPayload } from './checks.js';
import type { EntityRef } from './entities/refs.js';
import { CachePayloadError } from './errors.js';
import type { ClientEventName } from './events.js';
import { eventNameOf } from './events.js';
import { receivers } from './intents.js';
import type { CacheOwner } from './owner.js';
import type { Reducer } from './reducer.js';
import { REDUCERS } from './reducers/index.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/**
 * Route one dispatch to its reducer, through the multi-client dedup when several owners share the guild.
 * `raw`, when the gateway read it, is the JSON text of `data` as received (the dedup's key of copies).
 * A payload without the ids its event needs is refused before the cache is touched (see checks.ts); a
 * reducer that throws anyway surfaces as a {@link CachePayloadError} naming the event.
 */
export function dispatch(
  cache: Cache,
  owner: CacheOwner,
  shardId: number,
  eventName: string,
  data: unknown,
  wanted: boolean,
  raw?: string,
): unknown[] | undefined {
  checkPayload(eventName, data);
  try {
    return route(cache, owner, shardId, eventName, data, wanted, raw);
  } catch (error) {
    if (error instanceof CachePayloadError && error.eventName === eventName) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CachePayloadError(
      eventName,
      `the payload could not be applied (${reason}); the event was not delivered`,
      {
        cause: error,
      },
    );
  }
}

function route(
  cache: Cache,
  owner: CacheOwner,
  shardId: number,
  eventName: string,
  data: unknown,
  wanted: boolean,
  raw: string | undefined,
): unknown[] | undefined {
  const reducer = REDUCERS[eventName] as Reducer | undefined;
  if (!reducer) return [data];
  if (!reducer.owned && data !== null && typeof data === 'object') {
    const guildId = reducer.guildId ? reducer.guildId(data as never) : (data as { guild_id?: string }).guild_id;
    const guild = guildId === undefined ? undefined : cache.guilds.get(guildId);
    if (guild && guild.clients.length > 1 && guild.clients.includes(owner)) {
      // A reducer's own key (a message's id and edit time) finds the copies that differ (one lacks the
      // content); other events are keyed by the text of `d` as received (or as JSON.stringify gives it).
      const key = reducer.key ? `${eventName}\0${reducer.key(data as never)}` : undefined;
      const text = key === undefined ? (raw ?? JSON.stringify(data)) : raw;
      const hit =
        key !== undefined ? cache.dedup.take(key, owner) : cache.dedup.takeRaw(eventName, text as string, owner);
      if (hit) {
        reducer.merge?.(cache, data as never);
        return hit.args;
      }
      const diff = wanted || anyoneWants(guild.clients, eventNameOf(eventName) as ClientEventName);
      const args = reducer.apply(cache, owner, shardId, data as never, diff);
      const expected = receivers(guild.clients, eventName, subjectOf(cache, eventName, data));
      cache.dedup.record(owner, expected, args, key, eventName, text);
      return args;
    }
  }
  return reducer.apply(cache, owner, shardId, data as never, wanted);
}

// The owner an event is about, when Discord sends it to that owner regardless of intents.
function subjectOf(cache: Cache, eventName: string, data: unknown): CacheOwner | undefined {
  if (eventName !== 'GUILD_MEMBER_UPDATE') return undefined;
  return cache.ownerOfUser((data as { user: { id: string } }).user.id);
}

function anyoneWants(owners: readonly CacheOwner[], event: ClientEventName): boolean {
  for (const owner of owners) if (!owner.wants || owner.wants(event)) return true;
  return false;
}
