/**
 * Reactions and poll votes. A message's `reactions` array is kept in step with the per-emoji user
 * sets (`count`, `count_details`); `me` is left false in stored messages, because it depends on who
 * reads them. Events: MESSAGE_REACTION_ADD/REMOVE/REMOVE_ALL/REMOVE_EMOJI and MESSAGE_POLL_VOTE_ADD/
 * REMOVE, gated by (DIRECT_)MESSAGE_REACTIONS and (DIRECT_)MESSAGE_POLLS.
 */
import {
  type APIMessage,
  type APIPartialEmoji,
  GatewayDispatchEvents as E,
  GatewayIntentBits as I,
} from 'discord-api-types/v10';
import type { ReactionState } from '../world/stores.js';
import type { World } from '../world/world.js';
import { audience } from './messages.js';

/** Parse an emoji as the REST path carries it: a unicode emoji, or `name:id`. */
export function parseEmoji(text: string): APIPartialEmoji {
  const match = /^(?:a:)?([^:]+):(\d{1,20})$/.exec(text);
  if (match) return { id: match[2]!, name: match[1]!, ...(text.startsWith('a:') ? { animated: true } : {}) };
  return { id: null, name: text };
}

/** The key of an emoji in the reaction store. */
export function emojiKey(emoji: APIPartialEmoji): string {
  return emoji.id ? `${emoji.name}:${emoji.id}` : (emoji.name ?? '');
}

function reactionsOf(world: World, messageId: string): Map<string, ReactionState> {
  let map = world.stores.reactions.get(messageId);
  if (!map) {
    map = new Map();
    world.stores.reactions.set(messageId, map);
  }
  return map;
}

function sync(message: APIMessage, map: Map<string, ReactionState>): void {
  const reactions = [...map.values()]
    .filter((r) => r.users.size + r.burstUsers.size > 0)
    .map((r) => ({
      count: r.users.size + r.burstUsers.size,
      count_details: { normal: r.users.size, burst: r.burstUsers.size },
      me: false,
      me_burst: false,
      emoji: r.emoji,
      burst_colors: [],
    }));
  if (reactions.length) message.reactions = reactions;
  else delete message.reactions;
}

function base(world: World, message: APIMessage) {
  const guildId = world.guildIdOfChannel(message.channel_id);
  return { channel_id: message.channel_id, message_id: message.id, ...(guildId ? { guild_id: guildId } : {}) };
}

const reactionAudience = (world: World, channelId: string) =>
  audience(world, channelId, I.GuildMessageReactions, I.DirectMessageReactions);

/** A user reacts; MESSAGE_REACTION_ADD. Returns false when the reaction was already there. */
export function addReaction(
  world: World,
  message: APIMessage,
  userId: string,
  emoji: APIPartialEmoji,
  burst = false,
): boolean {
  const map = reactionsOf(world, message.id);
  const key = emojiKey(emoji);
  let state = map.get(key);
  if (!state) {
    state = { emoji, users: new Set(), burstUsers: new Set() };
    map.set(key, state);
  }
  const set = burst ? state.burstUsers : state.users;
  if (set.has(userId)) return false;
  set.add(userId);
  sync(message, map);
  const b = base(world, message);
  const member = b.guild_id ? world.guild(b.guild_id)?.members.get(userId) : undefined;
  world.dispatch({
    ...reactionAudience(world, message.channel_id),
    t: E.MessageReactionAdd,
    d: {
      ...b,
      user_id: userId,
      emoji,
      message_author_id: message.author.id,
      burst,
      burst_colors: [],
      type: burst ? 1 : 0,
      ...(member ? { member } : {}),
    },
  });
  return true;
}

/** A user's reaction goes; MESSAGE_REACTION_REMOVE. */
export function removeReaction(world: World, message: APIMessage, userId: string, emoji: APIPartialEmoji): boolean {
  const map = reactionsOf(world, message.id);
  const state = map.get(emojiKey(emoji));
  if (!state) return false;
  const burst = state.burstUsers.delete(userId);
  if (!burst && !state.users.delete(userId)) return false;
  sync(message, map);
  world.dispatch({
    ...reactionAudience(world, message.channel_id),
    t: E.MessageReactionRemove,
    d: { ...base(world, message), user_id: userId, emoji: state.emoji, burst, type: burst ? 1 : 0 },
  });
  return true;
}

/** Every reaction goes; MESSAGE_REACTION_REMOVE_ALL. */
export function removeAllReactions(world: World, message: APIMessage): void {
  world.stores.reactions.delete(message.id);
  delete message.reactions;
  world.dispatch({
    ...reactionAudience(world, message.channel_id),
    t: E.MessageReactionRemoveAll,
    d: base(world, message),
  });
}

/** Every reaction of one emoji goes; MESSAGE_REACTION_REMOVE_EMOJI. */
export function removeEmojiReactions(world: World, message: APIMessage, emoji: APIPartialEmoji): boolean {
  const map = reactionsOf(world, message.id);
  const state = map.get(emojiKey(emoji));
  if (!state) return false;
  map.delete(emojiKey(emoji));
  sync(message, map);
  world.dispatch({
    ...reactionAudience(world, message.channel_id),
    t: E.MessageReactionRemoveEmoji,
    d: { ...base(world, message), emoji: state.emoji },
  });
  return true;
}

/** A message as one bot sees it: the `me` / `me_burst` of its reactions filled for that bot. */
export function messageFor(world: World, message: APIMessage, botId: string): APIMessage {
  const map = world.stores.reactions.get(message.id);
  if (!map || !message.reactions) return message;
  return {
    ...message,
    reactions: message.reactions.map((reaction) => {
      const state = map.get(emojiKey(reaction.emoji));
      return { ...reaction, me: state?.users.has(botId) ?? false, me_burst: state?.burstUsers.has(botId) ?? false };
    }),
  };
}

/** The users who reacted with an emoji, in order. */
export function reactionUsers(world: World, messageId: string, emoji: APIPartialEmoji, burst = false): string[] {
  const state = world.stores.reactions.get(messageId)?.get(emojiKey(emoji));
  return state ? [...(burst ? state.burstUsers : state.users)] : [];
}

const pollAudience = (world: World, channelId: string) =>
  audience(world, channelId, I.GuildMessagePolls, I.DirectMessagePolls);

/** A user votes for a poll answer; MESSAGE_POLL_VOTE_ADD. */
export function addPollVote(world: World, message: APIMessage, userId: string, answerId: number): boolean {
  let votes = world.stores.pollVotes.get(message.id);
  if (!votes) {
    votes = new Map();
    world.stores.pollVotes.set(message.id, votes);
  }
  let users = votes.get(answerId);
  if (!users) {
    users = new Set();
    votes.set(answerId, users);
  }
  if (users.has(userId)) return false;
  users.add(userId);
  syncPoll(message, votes);
  const b = base(world, message);
  world.dispatch({
    ...pollAudience(world, message.channel_id),
    t: E.MessagePollVoteAdd,
    d: { ...b, user_id: userId, answer_id: answerId },
  });
  return true;
}

/** A user takes a poll vote back; MESSAGE_POLL_VOTE_REMOVE. */
export function removePollVote(world: World, message: APIMessage, userId: string, answerId: number): boolean {
  const votes = world.stores.pollVotes.get(message.id);
  if (!votes?.get(answerId)?.delete(userId)) return false;
  syncPoll(message, votes);
  world.dispatch({
    ...pollAudience(world, message.channel_id),
    t: E.MessagePollVoteRemove,
    d: { ...base(world, message), user_id: userId, answer_id: answerId },
  });
  return true;
}

function syncPoll(message: APIMessage, votes: Map<number, Set<string>>): void {
  if (!message.poll) return;
  message.poll.results = {
    is_finalized: false,
    answer_counts: [...votes].filter(([, u]) => u.size > 0).map(([id, u]) => ({ id, count: u.size, me_voted: false })),
  };
}
