/**
 * Channel-level actions: edits and deletes, threads and thread members, pins, typing. Threads live
 * in the guild's channel map like other channels; THREAD_* events replace CHANNEL_* for them.
 */
import {
  type APIChannel,
  type APIThreadChannel,
  type APIThreadMember,
  type APIUser,
  ChannelType,
  GatewayDispatchEvents as E,
  GatewayIntentBits as I,
  MessageReferenceType,
  MessageType,
} from 'discord-api-types/v10';
import { FakeDiscordError } from '../world/errors.js';
import { isThread } from '../world/guild-create.js';
import type { World } from '../world/world.js';
import { applyChanges, botEvent, guildEvent } from './announce.js';
import { audience, messageDispatch, postMessage } from './messages.js';

const CHANNEL_FIELDS = [
  'name',
  'type',
  'position',
  'topic',
  'nsfw',
  'rate_limit_per_user',
  'bitrate',
  'user_limit',
  'permission_overwrites',
  'parent_id',
  'rtc_region',
  'video_quality_mode',
  'default_auto_archive_duration',
  'flags',
  'available_tags',
  'default_reaction_emoji',
  'default_thread_rate_limit_per_user',
  'default_sort_order',
  'default_forum_layout',
  'applied_tags',
];

/** Edit a channel or thread; CHANNEL_UPDATE or THREAD_UPDATE. */
export function updateChannel(
  world: World,
  channelId: string,
  changes: Record<string, unknown>,
): APIChannel | undefined {
  const channel = world.channels.get(channelId);
  if (!channel) return undefined;
  applyChanges(channel, changes, CHANNEL_FIELDS);
  const guildId = world.guildIdOfChannel(channelId);
  if (isThread(channel)) {
    const meta = (channel as APIThreadChannel).thread_metadata;
    if (meta) applyChanges(meta, changes, ['archived', 'locked', 'auto_archive_duration', 'invitable']);
    if (meta && 'archived' in changes) meta.archive_timestamp = world.timestamp();
    if (guildId) guildEvent(world, guildId, E.ThreadUpdate, channel, I.Guilds, channelId);
  } else if (guildId) {
    guildEvent(world, guildId, E.ChannelUpdate, channel, I.Guilds, channelId);
  }
  return channel;
}

/** Delete a channel or thread; CHANNEL_DELETE or THREAD_DELETE. */
export function deleteChannel(world: World, channelId: string): APIChannel | undefined {
  const channel = world.channels.get(channelId);
  if (!channel) return undefined;
  const guildId = world.guildIdOfChannel(channelId);
  world.channels.delete(channelId);
  if (guildId) {
    const s = world.guild(guildId);
    s?.channels.delete(channelId);
    s?.threadMembers.delete(channelId);
    if (isThread(channel)) {
      const t = channel as APIThreadChannel;
      guildEvent(
        world,
        guildId,
        E.ThreadDelete,
        { id: t.id, guild_id: guildId, parent_id: t.parent_id, type: t.type },
        I.Guilds,
        channelId,
      );
    } else {
      guildEvent(world, guildId, E.ChannelDelete, channel, I.Guilds, channelId);
    }
  }
  return channel;
}

/** Create a thread in a guild channel (from a message when `messageId` is given); THREAD_CREATE. */
export function createThread(
  world: World,
  parentId: string,
  ownerId: string,
  options: { name: string; type?: ChannelType; messageId?: string; autoArchiveDuration?: number },
): APIThreadChannel {
  const guildId = world.guildIdOfChannel(parentId);
  const s = guildId ? world.guild(guildId) : undefined;
  if (!guildId || !s) throw new FakeDiscordError(`Channel ${parentId} is not a guild channel.`);
  const id = options.messageId ?? world.nextId();
  const thread = {
    id,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name: options.name,
    type: options.type ?? ChannelType.PublicThread,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 0,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: options.autoArchiveDuration ?? 1440,
      archive_timestamp: world.timestamp(),
      locked: false,
      create_timestamp: world.timestamp(),
    },
  } as unknown as APIThreadChannel;
  s.channels.set(id, thread as APIChannel);
  world.channels.set(id, thread as APIChannel);
  s.threadMembers.set(id, new Map());
  guildEvent(world, guildId, E.ThreadCreate, { ...thread, newly_created: true }, I.Guilds, id);
  addThreadMember(world, id, ownerId);
  return thread;
}

/**
 * Add a user to a thread: THREAD_MEMBERS_UPDATE (GUILD_MEMBERS) to the guild, and
 * THREAD_MEMBER_UPDATE to the user when it is a bot (its own thread membership).
 */
export function addThreadMember(world: World, threadId: string, userId: string): APIThreadMember | undefined {
  const guildId = world.guildIdOfChannel(threadId);
  const s = guildId ? world.guild(guildId) : undefined;
  const members = s?.threadMembers.get(threadId);
  if (!guildId || !s || !members || members.has(userId)) return members?.get(userId);
  const member: APIThreadMember = {
    id: threadId,
    user_id: userId,
    join_timestamp: world.timestamp(),
    flags: 0 as APIThreadMember['flags'],
  };
  members.set(userId, member);
  const thread = world.channels.get(threadId) as unknown as { member_count: number };
  thread.member_count = members.size;
  const guildMember = s.members.get(userId);
  guildEvent(
    world,
    guildId,
    E.ThreadMembersUpdate,
    {
      id: threadId,
      guild_id: guildId,
      member_count: members.size,
      // In this event Discord adds the guild member and the (nullable) presence of each added member.
      added_members: [
        { ...member, ...(guildMember ? { member: guildMember } : {}), presence: s.presences.get(userId) ?? null },
      ],
    },
    I.GuildMembers,
    threadId,
  );
  if (world.bots.has(userId))
    botEvent(world, [userId], E.ThreadMemberUpdate, { ...member, guild_id: guildId }, I.Guilds, guildId);
  return member;
}

/** Remove a user from a thread; THREAD_MEMBERS_UPDATE with `removed_member_ids`. */
export function removeThreadMember(world: World, threadId: string, userId: string): boolean {
  const guildId = world.guildIdOfChannel(threadId);
  const members = guildId ? world.guild(guildId)?.threadMembers.get(threadId) : undefined;
  if (!guildId || !members?.delete(userId)) return false;
  (world.channels.get(threadId) as unknown as { member_count: number }).member_count = members.size;
  guildEvent(
    world,
    guildId,
    E.ThreadMembersUpdate,
    { id: threadId, guild_id: guildId, member_count: members.size, removed_member_ids: [userId] },
    I.GuildMembers,
    threadId,
  );
  return true;
}

/** Send a bot the active threads of a guild it gained access to; THREAD_LIST_SYNC. */
export function threadListSync(world: World, guildId: string, botId: string): void {
  const s = world.guild(guildId);
  if (!s) return;
  const threads = [...s.channels.values()].filter(
    (c) => isThread(c) && !(c as APIThreadChannel).thread_metadata?.archived,
  );
  const members = threads.flatMap((t) => {
    const m = s.threadMembers.get(t.id)?.get(botId);
    return m ? [m] : [];
  });
  botEvent(world, [botId], E.ThreadListSync, { guild_id: guildId, threads, members }, I.Guilds, guildId);
}

/**
 * Pin or unpin a message as Discord does: MESSAGE_UPDATE with the new `pinned`, CHANNEL_PINS_UPDATE
 * with the newest pin's time and, for a pin, a system message (type CHANNEL_PINNED_MESSAGE) by
 * `actor` that refers to the pinned message. Pinning a pinned message changes nothing.
 */
export function setPinned(
  world: World,
  channelId: string,
  messageId: string,
  pinned: boolean,
  actor: APIUser,
): boolean {
  const message = world.messagesOf(channelId).get(messageId);
  if (!message) return false;
  const pins = world.stores.pins.get(channelId) ?? [];
  world.stores.pins.set(channelId, pins);
  const at = pins.indexOf(messageId);
  if (pinned === at >= 0) return true;
  if (pinned) {
    pins.unshift(messageId);
    world.stores.pinnedAt.set(messageId, world.timestamp());
  } else {
    pins.splice(at, 1);
    world.stores.pinnedAt.delete(messageId);
  }
  message.pinned = pinned;
  world.dispatch(messageDispatch(world, E.MessageUpdate, message));
  const guildId = world.guildIdOfChannel(channelId);
  const newest = pins[0];
  world.dispatch({
    ...audience(world, channelId, I.Guilds, I.DirectMessages),
    t: E.ChannelPinsUpdate,
    d: {
      channel_id: channelId,
      last_pin_timestamp: newest ? (world.stores.pinnedAt.get(newest) ?? null) : null,
      ...(guildId ? { guild_id: guildId } : {}),
    },
  });
  if (pinned) {
    postMessage(world, channelId, actor, {
      type: MessageType.ChannelPinnedMessage,
      reference: {
        type: MessageReferenceType.Default,
        message_id: messageId,
        channel_id: channelId,
        ...(guildId ? { guild_id: guildId } : {}),
      },
    });
  }
  return true;
}

/** A user starts typing; TYPING_START (GUILD_MESSAGE_TYPING or DIRECT_MESSAGE_TYPING). */
export function startTyping(world: World, channelId: string, userId: string): void {
  const guildId = world.guildIdOfChannel(channelId);
  const member = guildId ? world.guild(guildId)?.members.get(userId) : undefined;
  world.dispatch({
    ...audience(world, channelId, I.GuildMessageTyping, I.DirectMessageTyping),
    t: E.TypingStart,
    d: {
      channel_id: channelId,
      user_id: userId,
      timestamp: Math.floor(world.clock.now() / 1000),
      ...(guildId ? { guild_id: guildId } : {}),
      ...(member ? { member } : {}),
    },
  });
}
