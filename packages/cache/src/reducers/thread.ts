import type {
  APIThreadMember,
  GatewayThreadCreateDispatchData,
  GatewayThreadDeleteDispatchData,
  GatewayThreadListSyncDispatchData,
  GatewayThreadMembersUpdateDispatchData,
  GatewayThreadMemberUpdateDispatchData,
  GatewayThreadUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Channel, ThreadMember } from '../entities/channel.js';
import type { EntityRef } from '../entities/refs.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { EMPTY, parseTimestamp } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

function threadMember(cache: Cache, thread: Channel, data: APIThreadMember): ThreadMember {
  const userId = data.user_id ?? '';
  const member: ThreadMember = { userId, joinTimestamp: parseTimestamp(data.join_timestamp), flags: data.flags };
  if (cache.policy.threadMembers && userId) {
    if (!thread.threadMembers) thread.threadMembers = new Map();
    thread.threadMembers.set(userId, member);
  }
  return member;
}

/** Threads and thread members. */
export const THREAD_REDUCERS: Record<string, Reducer> = {
  THREAD_CREATE: reducer<GatewayThreadCreateDispatchData>({
    key: (d) => d.id,
    apply(cache, _o, _s, data) {
      const thread = cache.channel(data);
      if (data.member) threadMember(cache, thread, data.member as APIThreadMember);
      return [thread];
    },
  }),
  THREAD_UPDATE: reducer<GatewayThreadUpdateDispatchData>({
    apply(cache, _o, _s, data, diff) {
      const known = cache.channels.get(data.id);
      const old = diff && known && known.type !== -1 ? {} : undefined;
      return [cache.channel(data, undefined, old), old];
    },
  }),
  THREAD_DELETE: reducer<GatewayThreadDeleteDispatchData>({
    apply(cache, _o, _s, data) {
      const thread = cache.channels.get(data.id) ?? cache.channel(data as never);
      cache.removeChannel(thread);
      return [thread];
    },
  }),
  // Sent to one client when it gains access to a channel: that client's alone.
  THREAD_LIST_SYNC: reducer<GatewayThreadListSyncDispatchData>({
    owned: true,
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id);
      // The list is every active thread of the synced channels (all, without channel_ids): cached active
      // threads of those channels that it lacks are gone (Discord: "so you know to clear that data").
      const synced = data.channel_ids ? new Set(data.channel_ids) : undefined;
      const listed = new Set(data.threads.map((thread) => thread.id));
      for (const channel of [...guild.channels.values()]) {
        if (!channel.isThread || listed.has(channel.id) || channel.threadMetadata?.archived) continue;
        if (!synced || (channel.parentId !== null && synced.has(channel.parentId))) cache.removeChannel(channel);
      }
      const threads = data.threads.map((thread) => cache.channel(thread, guild));
      for (const member of data.members ?? EMPTY) {
        const thread = member.id ? cache.channels.get(member.id) : undefined;
        if (thread) threadMember(cache, thread, member);
      }
      return [guild, threads];
    },
  }),
  // About the receiving client's own membership of the thread.
  THREAD_MEMBER_UPDATE: reducer<GatewayThreadMemberUpdateDispatchData>({
    owned: true,
    apply(cache, _o, _s, data) {
      const thread = cache.channels.get(data.id as string) ?? cache.precreateChannel(data.id as string, data.guild_id);
      return [thread, threadMember(cache, thread, data)];
    },
  }),
  THREAD_MEMBERS_UPDATE: reducer<GatewayThreadMembersUpdateDispatchData>({
    apply(cache, _o, _s, data) {
      const thread = cache.channels.get(data.id) ?? cache.precreateChannel(data.id, data.guild_id);
      (thread as { memberCount: number }).memberCount = data.member_count;
      const added = (data.added_members ?? []).map((m) => {
        if (m.member && thread.guild) cache.member(thread.guild, m.member as never);
        const presence = (m as { presence?: unknown }).presence;
        if (presence) cache.presence(presence as never);
        return threadMember(cache, thread, m);
      });
      const removed = data.removed_member_ids ?? [];
      const cached: ThreadMember[] = [];
      for (const id of removed) {
        const member = thread.threadMembers?.get(id);
        if (!member) continue;
        cached.push(member);
        thread.threadMembers?.delete(id);
      }
      return [thread, added, removed, cached];
    },
  }),
};
