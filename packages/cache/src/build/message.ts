import type { APIMessage } from 'discord-api-types/v10';
import type { Channel } from '../entities/channel.js';
import type { MemberData } from '../entities/member.js';
import { MESSAGE_FIELDS, Message } from '../entities/message.js';
import type { EntityRef } from '../entities/refs.js';
import { UNKNOWN_USER, type User } from '../entities/user.js';
import { patchFields, readField, readList } from '../patch.js';
import { EMPTY, sameJson, sameList } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

type Old = Record<string, unknown> | undefined;

/** See {@link Cache.message}. */
export function buildMessage(cache: Cache, data: APIMessage & { guild_id?: string }, old: Old): Message {
  const channel = cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id);
  let message = channel.messages?.get(data.id);
  const author = data.author ? cache.user(data.author) : (message?.author ?? UNKNOWN_USER);
  if (!message) {
    message = new Message(data.id, channel, author);
    patchFields(message, MESSAGE_FIELDS, data, undefined);
    messageRefs(cache, message, data, undefined);
    storeMessage(cache, channel, message);
    return message;
  }
  if (author !== message.author) {
    if (old) old.author = message.author;
    message.author = author;
  }
  patchFields(message, MESSAGE_FIELDS, data, old);
  messageRefs(cache, message, data, old);
  message._touched = cache.clock.now();
  return message;
}

/** See {@link Cache.storeMessage}. */
export function storeMessage(cache: Cache, channel: Channel, message: Message): void {
  const limit = cache.policy.messages;
  if (limit <= 0) return;
  message._touched = cache.clock.now();
  let messages = channel.messages;
  if (!messages) {
    messages = new Map();
    channel.messages = messages;
  }
  messages.set(message.id, message);
  if (messages.size > limit) {
    const oldest = messages.keys().next().value as string;
    messages.delete(oldest);
  }
}

// Mentions and reactions refer to entities; the author's member comes with guild messages.
function messageRefs(
  cache: Cache,
  message: Message,
  data: Partial<APIMessage> & { guild_id?: string; member?: MemberData },
  old: Old,
): void {
  const listed = readList(message, 'mentions', data.mentions);
  if (listed) {
    const mentions =
      listed.length === 0
        ? (EMPTY as readonly User[])
        : readField(message, 'mentions', () => listed.map((u) => cache.user(u)));
    if (!sameList(message.mentions, mentions)) {
      if (old) old.mentions = message.mentions;
      message.mentions = mentions;
    }
  }
  const reacted = readList(message, 'reactions', data.reactions);
  if (reacted && reacted.length > 0) {
    const reactions = readField(message, 'reactions', () =>
      reacted.map((r) => ({
        emoji: r.emoji,
        count: r.count_details?.normal ?? r.count,
        burstCount: r.count_details?.burst ?? 0,
        userIds: [] as string[],
      })),
    );
    if (!sameJson(counts(message.reactions), counts(reactions))) {
      if (old) old.reactions = message.reactions;
      message.reactions = reactions;
    }
  }
  const guild = message.guild;
  if (guild && data.member && data.author && !data.webhook_id)
    cache.member(guild, data.member, undefined, message.author);
}

function counts(list: readonly { emoji: unknown; count: number; burstCount: number }[]): unknown {
  return list.map((r) => [r.emoji, r.count, r.burstCount]);
}
