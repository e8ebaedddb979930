import type {
  GatewayGuildBanAddDispatchData,
  GatewayGuildMemberAddDispatchData,
  GatewayGuildMemberRemoveDispatchData,
  GatewayGuildMembersChunkDispatchData,
  GatewayGuildMemberUpdateDispatchData,
  GatewayPresenceUpdateDispatchData,
  GatewayTypingStartDispatchData,
} from 'discord-api-types/v10';
import type { GuildMember } from '../entities/member.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';

/** Members, presences, bans and typing. */
export const MEMBER_REDUCERS: Record<string, Reducer> = {
  GUILD_MEMBER_ADD: reducer<GatewayGuildMemberAddDispatchData>({
    apply(cache, _owner, _shardId, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const member = cache.member(guild, data);
      guild.memberCount++;
      return [member];
    },
  }),
  GUILD_MEMBER_UPDATE: reducer<GatewayGuildMemberUpdateDispatchData>({
    apply(cache, _owner, _shardId, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const known = guild.members.has(data.user.id);
      const old = diff && known ? {} : undefined;
      return [cache.member(guild, data as never, old), old];
    },
  }),
  GUILD_MEMBER_REMOVE: reducer<GatewayGuildMemberRemoveDispatchData>({
    apply(cache, _owner, _shardId, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const user = cache.user(data.user);
      const member = cache.removeMember(guild, data.user.id);
      if (guild.memberCount > 0) guild.memberCount--;
      return [guild, user, member];
    },
  }),
  // A chunk answers one client's request (its nonce): that client's alone.
  GUILD_MEMBERS_CHUNK: reducer<GatewayGuildMembersChunkDispatchData>({
    owned: true,
    apply(cache, _owner, _shardId, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const members: GuildMember[] = [];
      for (const member of data.members) members.push(cache.member(guild, member));
      if (data.presences) for (const presence of data.presences) cache.presence(presence);
      return [guild, members, data];
    },
  }),
  PRESENCE_UPDATE: reducer<GatewayPresenceUpdateDispatchData>({
    apply(cache, _owner, _shardId, data, diff) {
      const guild = cache.precreateGuild(data.guild_id);
      const cached = cache.users.get(data.user.id);
      const old = diff && cached && cache.keepsPresence(cached) ? {} : undefined;
      return [cache.presence(data as never, old), old, guild];
    },
  }),
  GUILD_BAN_ADD: reducer<GatewayGuildBanAddDispatchData>({
    apply: (cache, _o, _s, data) => [cache.precreateGuild(data.guild_id), cache.user(data.user)],
  }),
  GUILD_BAN_REMOVE: reducer<GatewayGuildBanAddDispatchData>({
    apply: (cache, _o, _s, data) => [cache.precreateGuild(data.guild_id), cache.user(data.user)],
  }),
  TYPING_START: reducer<GatewayTypingStartDispatchData>({
    apply(cache, _owner, _shardId, data) {
      const channel = cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id);
      const guild = channel.guild;
      const user = guild && data.member?.user ? cache.member(guild, data.member).user : cache.userById(data.user_id);
      return [channel, user, data.timestamp * 1000];
    },
  }),
};
