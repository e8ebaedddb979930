import { shardIdForGuild } from '@kokoro/common';
import type { APIUser, GatewayReadyDispatchData } from 'discord-api-types/v10';
import type { EntityRef } from '../entities/refs.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/** READY, RESUMED, USER_UPDATE and the events that concern one client only. */
export const SESSION_REDUCERS: Record<string, Reducer> = {
  READY: reducer<GatewayReadyDispatchData>({
    owned: true,
    apply(cache, owner, shardId, data) {
      cache.addOwner(owner);
      const user = cache.user(data.user);
      cache.ownerUsers.set(owner, user);
      const listed = new Set<string>();
      for (const stub of data.guilds) {
        listed.add(stub.id);
        cache.joinGuild(cache.precreateGuild(stub.id), owner);
      }
      // A new session: guilds of this shard the owner left while it was away are left now.
      const shardCount = data.shard?.[1] ?? 1;
      for (const guild of [...cache.guilds.values()]) {
        if (listed.has(guild.id) || !guild.clients.includes(owner)) continue;
        if (shardIdForGuild(guild.id, shardCount) === shardId) cache.leaveGuild(guild, owner);
      }
      return [user, data, shardId];
    },
  }),
  RESUMED: reducer<unknown>({ owned: true, apply: (_cache, _owner, shardId) => [shardId] }),
  USER_UPDATE: reducer<APIUser>({
    owned: true,
    apply(cache, _owner, _shardId, data, diff) {
      const known = cache.users.has(data.id);
      const old = diff && known ? {} : undefined;
      return [cache.user(data, old), old];
    },
  }),
  RATE_LIMITED: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  INTERACTION_CREATE: reducer<{ user?: APIUser; member?: { user: APIUser } }>({
    owned: true,
    apply(cache: Cache, _o, _s, data) {
      const user = data.member?.user ?? data.user;
      if (user) cache.user(user);
      return [data];
    },
  }),
  APPLICATION_COMMAND_PERMISSIONS_UPDATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  ENTITLEMENT_CREATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  ENTITLEMENT_UPDATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  ENTITLEMENT_DELETE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  SUBSCRIPTION_CREATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  SUBSCRIPTION_UPDATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  SUBSCRIPTION_DELETE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
  VOICE_SERVER_UPDATE: reducer<unknown>({ owned: true, apply: (_c, _o, _s, data) => [data] }),
};
