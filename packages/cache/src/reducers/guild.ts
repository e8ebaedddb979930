import type {
  GatewayGuildCreateDispatchData,
  GatewayGuildDeleteDispatchData,
  GatewayGuildUpdateDispatchData,
} from 'discord-api-types/v10';
import type { CacheOwner } from '../owner.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';

function isReceiving(owner: CacheOwner, guildId: string): boolean {
  return owner.receiving === undefined || owner.receiving(guildId);
}

/** GUILD_CREATE / GUILD_UPDATE / GUILD_DELETE: guilds and which clients see them. */
export const GUILD_REDUCERS: Record<string, Reducer> = {
  // Each client gets its own GUILD_CREATE (it joined, or the guild became available): never deduplicated.
  GUILD_CREATE: reducer<GatewayGuildCreateDispatchData>({
    owned: true,
    apply(cache, owner, _shardId, data) {
      if (data.unavailable === true) {
        const guild = cache.precreateGuild(data.id);
        cache.joinGuild(guild, owner);
        return undefined;
      }
      const known = cache.guilds.get(data.id);
      if (
        known &&
        !known.unavailable &&
        known.clients.some((other) => other !== owner && isReceiving(other, data.id))
      ) {
        // Other clients keep this guild current; this snapshot may be older than events they already
        // applied (and this client's copies of those will be deduplicated), so it only fills gaps.
        cache.fillGuild(known, data as never);
        cache.joinGuild(known, owner);
        return [known];
      }
      // Nobody else is receiving this guild (or it is new, or back from an outage): the snapshot is the
      // freshest state there is. It replaces fields, and channels and roles it lacks were deleted meanwhile.
      if (known) cache.pruneGuild(known, data as never);
      const guild = cache.guild(data as never);
      cache.joinGuild(guild, owner);
      return [guild];
    },
  }),
  GUILD_UPDATE: reducer<GatewayGuildUpdateDispatchData>({
    guildId: (d) => d.id,
    apply(cache, _owner, _shardId, data, diff) {
      const known = cache.guilds.get(data.id);
      const old = diff && known && !known.unavailable ? {} : undefined;
      return [cache.guild(data as never, old), old];
    },
  }),
  // An outage (`unavailable`) concerns the guild; a removal concerns this client only.
  GUILD_DELETE: reducer<GatewayGuildDeleteDispatchData>({
    owned: true,
    apply(cache, owner, _shardId, data) {
      const guild = cache.guilds.get(data.id) ?? cache.precreateGuild(data.id);
      if (data.unavailable) {
        (guild as { unavailable: boolean }).unavailable = true;
        return [guild, true];
      }
      // The bot left: its own member goes too (the others stay for the clients still there).
      const self = cache.ownerUsers.get(owner);
      if (self && guild.clients.length > 1) guild.members.delete(self.id);
      cache.leaveGuild(guild, owner);
      return [guild, false];
    },
  }),
};
