/**
 * Messages as world actions, shared by the REST routes and the control API: create, edit, delete,
 * each stored and announced like Discord (MESSAGE_CREATE/UPDATE/DELETE with `guild_id`, the author's
 * `member` and mentions with their members in guilds; GUILD_MESSAGES or DIRECT_MESSAGES intent;
 * `hasContent` so the gateway strips content for sessions without MESSAGE_CONTENT). No validation
 * here: REST validates before calling, the control API trusts its caller.
 */
import {
  type APIEmbed,
  type APIMessage,
  type APIMessageReference,
  type APIUser,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageReferenceType,
  MessageType,
} from 'discord-api-types/v10';
import { makeMessage } from '../world/defaults.js';
import type { World, WorldDispatch } from '../world/world.js';

/** The fields of a new message. */
export interface NewMessage {
  /** The id to use (a forum post's first message shares its thread's id); a new one by default. */
  id?: string;
  /** The text. */
  content?: string;
  /** Embeds, as Discord's JSON. */
  embeds?: APIEmbed[];
  /** A text-to-speech message. */
  tts?: boolean;
  /** Message flags (`MessageFlags`). */
  flags?: number;
  /** Components, as Discord's JSON. */
  components?: unknown[];
  /** Attachments, as Discord's JSON. */
  attachments?: APIMessage['attachments'];
  /** The sender's nonce (echoed back in MESSAGE_CREATE). */
  nonce?: string | number;
  /** Reply to this message id (same channel). */
  replyTo?: string;
  /** Forward this message (any channel): a message with a snapshot of it and no content of its own. */
  forward?: { channelId: string; messageId: string };
  /** A reference without a reply (system messages: the pinned message...). */
  reference?: APIMessageReference;
  /** A poll. */
  poll?: APIMessage['poll'];
  /** Stickers sent. */
  sticker_items?: APIMessage['sticker_items'];
  /** Sent by this webhook. */
  webhookId?: string;
  /** Sent by this application (an interaction response). */
  applicationId?: string;
  /** The message type (default: a reply when `replyTo`, else the default type). */
  type?: MessageType;
  /** What interaction it answers. */
  interaction_metadata?: APIMessage['interaction_metadata'];
  /** The older form of `interaction_metadata`, still sent by Discord. */
  interaction?: APIMessage['interaction'];
}

const USER_MENTION = /<@!?(\d{1,20})>/g;
const ROLE_MENTION = /<@&(\d{1,20})>/g;

/** Post a message in a channel as `author`, store it and dispatch MESSAGE_CREATE. */
export function postMessage(world: World, channelId: string, author: APIUser, fields: NewMessage): APIMessage {
  const message = makeMessage(fields.id ?? world.nextId(), channelId, author, fields.content ?? '', world.timestamp());
  if (fields.embeds) message.embeds = fields.embeds;
  if (fields.tts) message.tts = true;
  if (fields.flags !== undefined) message.flags = fields.flags;
  if (fields.components) message.components = fields.components as APIMessage['components'];
  if (fields.attachments) message.attachments = fields.attachments;
  if (fields.nonce !== undefined) message.nonce = fields.nonce;
  if (fields.poll) message.poll = fields.poll;
  if (fields.sticker_items) message.sticker_items = fields.sticker_items;
  if (fields.webhookId) message.webhook_id = fields.webhookId;
  if (fields.applicationId) message.application_id = fields.applicationId;
  if (fields.interaction_metadata) message.interaction_metadata = fields.interaction_metadata;
  if (fields.interaction) message.interaction = fields.interaction;
  if (fields.type !== undefined) message.type = fields.type;
  const guildId = world.guildIdOfChannel(channelId);
  if (fields.replyTo) {
    const referenced = world.messagesOf(channelId).get(fields.replyTo);
    message.type = MessageType.Reply;
    message.message_reference = {
      type: MessageReferenceType.Default,
      message_id: fields.replyTo,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
    };
    message.referenced_message = referenced ?? null;
  }
  if (fields.reference) message.message_reference = fields.reference;
  if (fields.forward) forwardInto(world, message, fields.forward);
  fillMentions(world, message);
  world.messagesOf(channelId).add(message);
  const channel = world.channels.get(channelId) as ThreadCounts | undefined;
  if (channel) {
    channel.last_message_id = message.id;
    // A thread counts its messages, not its forum post's opening message (which shares its id).
    if (channel.thread_metadata && message.id !== channelId) {
      channel.message_count = (channel.message_count ?? 0) + 1;
      channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
    }
  }
  world.dispatch(messageDispatch(world, GatewayDispatchEvents.MessageCreate, message));
  return message;
}

/**
 * Make `message` a forward: `message_reference` of type FORWARD to the source and one snapshot of
 * the source's content (a snapshot never changes afterwards), flag HAS_SNAPSHOT.
 */
function forwardInto(world: World, message: APIMessage, source: { channelId: string; messageId: string }): void {
  const original = world.messagesOf(source.channelId).get(source.messageId);
  const guildId = world.guildIdOfChannel(source.channelId);
  message.message_reference = {
    type: MessageReferenceType.Forward,
    message_id: source.messageId,
    channel_id: source.channelId,
    ...(guildId ? { guild_id: guildId } : {}),
  };
  message.flags = (message.flags ?? 0) | MessageFlags.HasSnapshot;
  if (!original) return;
  message.message_snapshots = [
    {
      message: structuredClone({
        type: original.type,
        content: original.content,
        embeds: original.embeds,
        attachments: original.attachments,
        timestamp: original.timestamp,
        edited_timestamp: original.edited_timestamp,
        flags: original.flags ?? (0 as MessageFlags),
        mentions: original.mentions,
        mention_roles: original.mention_roles,
        components: original.components ?? [],
        ...(original.sticker_items ? { sticker_items: original.sticker_items } : {}),
      }),
    },
  ];
}

/** The counters of a thread channel (`total_message_sent` never goes down). */
interface ThreadCounts {
  last_message_id?: string | null;
  thread_metadata?: unknown;
  message_count?: number;
  total_message_sent?: number;
}

function uncount(world: World, channelId: string, messageIds: readonly string[]): void {
  const channel = world.channels.get(channelId) as ThreadCounts | undefined;
  if (!channel?.thread_metadata) return;
  const counted = messageIds.filter((id) => id !== channelId).length;
  channel.message_count = Math.max(0, (channel.message_count ?? 0) - counted);
}

/** Apply an edit to a stored message and dispatch MESSAGE_UPDATE (the full message, as Discord does now). */
export function editMessage(
  world: World,
  message: APIMessage,
  changes: Partial<Pick<APIMessage, 'content' | 'embeds' | 'components' | 'flags' | 'attachments'>>,
  options: { edited?: boolean } = {},
): APIMessage {
  if (changes.content !== undefined) message.content = changes.content;
  if (changes.embeds !== undefined) message.embeds = changes.embeds;
  if (changes.components !== undefined) message.components = changes.components;
  if (changes.flags !== undefined) message.flags = changes.flags;
  if (changes.attachments !== undefined) message.attachments = changes.attachments;
  // Flag-only changes by Discord itself (crossposting) are not edits.
  if (options.edited !== false) message.edited_timestamp = world.timestamp();
  fillMentions(world, message);
  world.dispatch(messageDispatch(world, GatewayDispatchEvents.MessageUpdate, message));
  return message;
}

/** Delete a stored message and dispatch MESSAGE_DELETE. */
export function deleteMessage(world: World, channelId: string, messageId: string): APIMessage | undefined {
  const message = world.messagesOf(channelId).delete(messageId);
  if (!message) return undefined;
  uncount(world, channelId, [messageId]);
  const guildId = world.guildIdOfChannel(channelId);
  world.dispatch({
    ...audience(world, channelId),
    t: GatewayDispatchEvents.MessageDelete,
    d: { id: messageId, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) },
  });
  return message;
}

/** Delete several messages of one channel and dispatch one MESSAGE_DELETE_BULK. */
export function deleteMessages(world: World, channelId: string, messageIds: readonly string[]): string[] {
  const deleted = messageIds.filter((id) => world.messagesOf(channelId).delete(id));
  uncount(world, channelId, deleted);
  const guildId = world.guildIdOfChannel(channelId);
  if (deleted.length > 0) {
    world.dispatch({
      ...audience(world, channelId),
      t: GatewayDispatchEvents.MessageDeleteBulk,
      d: { ids: deleted, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) },
    });
  }
  return deleted;
}

/**
 * Who may receive a channel's message events: the guild's bots with GUILD_MESSAGES, or the DM's
 * bot with DIRECT_MESSAGES.
 */
export function audience(
  world: World,
  channelId: string,
  guildIntent = GatewayIntentBits.GuildMessages,
  dmIntent = GatewayIntentBits.DirectMessages,
): Omit<WorldDispatch, 't' | 'd'> {
  const guildId = world.guildIdOfChannel(channelId);
  if (guildId) return { guildId, channelId, intent: guildIntent };
  const owner = world.dmOwners.get(channelId);
  return { channelId, intent: dmIntent, recipients: owner ? [owner] : [] };
}

/** The MESSAGE_CREATE/UPDATE dispatch of a message: with `guild_id`, `member`, and members of mentions. */
export function messageDispatch(world: World, t: string, message: APIMessage): WorldDispatch {
  const guildId = world.guildIdOfChannel(message.channel_id);
  let d: unknown = message;
  if (guildId) {
    const state = world.guild(guildId);
    const member = state?.members.get(message.author.id);
    d = {
      ...message,
      guild_id: guildId,
      ...(member && !message.webhook_id ? { member: withoutUser(member) } : {}),
      mentions: message.mentions.map((user) => {
        const m = state?.members.get(user.id);
        return m ? { ...user, member: withoutUser(m) } : user;
      }),
    };
  }
  return { ...audience(world, message.channel_id), t, d, hasContent: true };
}

function withoutUser<T extends { user?: unknown }>(member: T): Omit<T, 'user'> {
  const { user: _user, ...rest } = member;
  return rest;
}

function fillMentions(world: World, message: APIMessage): void {
  const users: APIUser[] = [];
  for (const match of message.content.matchAll(USER_MENTION)) {
    const user = world.users.get(match[1]!);
    if (user && !users.includes(user)) users.push(user);
  }
  const referenced = message.referenced_message;
  if (referenced && !users.includes(referenced.author)) users.push(referenced.author);
  message.mentions = users;
  message.mention_roles = [...new Set([...message.content.matchAll(ROLE_MENTION)].map((m) => m[1]!))];
  message.mention_everyone = message.content.includes('@everyone') || message.content.includes('@here');
}
