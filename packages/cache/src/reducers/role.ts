import type {
  GatewayGuildRoleCreateDispatchData,
  GatewayGuildRoleDeleteDispatchData,
  GatewayGuildRoleUpdateDispatchData,
} from 'discord-api-types/v10';
import { removeRole } from '../build/roles.js';
import { Role } from '../entities/role.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';

/** GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE / GUILD_ROLE_DELETE. */
export const ROLE_REDUCERS: Record<string, Reducer> = {
  GUILD_ROLE_CREATE: reducer<GatewayGuildRoleCreateDispatchData>({
    apply: (cache, _o, _s, data) => [cache.role(cache.precreateGuild(data.guild_id), data.role)],
  }),
  GUILD_ROLE_UPDATE: reducer<GatewayGuildRoleUpdateDispatchData>({
    apply(cache, _owner, _shardId, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const old = diff && guild.roles.has(data.role.id) ? {} : undefined;
      return [cache.role(guild, data.role, old), old];
    },
  }),
  GUILD_ROLE_DELETE: reducer<GatewayGuildRoleDeleteDispatchData>({
    apply(cache, _owner, _shardId, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const role = guild.roles.get(data.role_id) ?? new Role(data.role_id, guild);
      // Members share interned role lists: removing the role from each list updates every member at once.
      removeRole(guild, role);
      return [role];
    },
  }),
};
