import type {
  APIPartialEmoji,
  GatewayMessagePollVoteDispatchData,
  GatewayMessageReactionAddDispatchData,
  GatewayMessageReactionRemoveAllDispatchData,
  GatewayMessageReactionRemoveDispatchData,
  GatewayMessageReactionRemoveEmojiDispatchData,
} from 'discord-api-types/v10';
import type { Message, MessageReaction } from '../entities/message.js';
import type { EntityRef } from '../entities/refs.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { EMPTY } from '../util.js';
import { bareMessage } from './message.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

function sameEmoji(a: APIPartialEmoji, b: APIPartialEmoji): boolean {
  return a.id ? a.id === b.id : !b.id && a.name === b.name;
}

function messageOf(cache: Cache, data: { channel_id: string; message_id: string; guild_id?: string }): Message {
  const channel = cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id);
  return channel.messages?.get(data.message_id) ?? bareMessage(data.message_id, channel);
}

function userOf(cache: Cache, data: { user_id: string; guild_id?: string; member?: unknown }, message: Message) {
  const guild = message.guild;
  if (guild && data.member && (data.member as { user?: unknown }).user)
    return cache.member(guild, data.member as never).user;
  return cache.userById(data.user_id);
}

/** Reactions and poll votes. */
export const REACTION_REDUCERS: Record<string, Reducer> = {
  MESSAGE_REACTION_ADD: reducer<GatewayMessageReactionAddDispatchData>({
    apply(cache, _o, _s, data) {
      const message = messageOf(cache, data);
      const user = userOf(cache, data, message);
      const burst = data.burst === true;
      if (message.channel.messages?.get(message.id) === message) {
        const reactions = message.reactions as MessageReaction[];
        let reaction = reactions.find((r) => sameEmoji(r.emoji, data.emoji));
        if (!reaction) {
          reaction = { emoji: data.emoji, count: 0, burstCount: 0, userIds: [] };
          message.reactions = reactions.length === 0 ? [reaction] : [...reactions, reaction];
        }
        if (burst) reaction.burstCount++;
        else reaction.count++;
        if (!reaction.userIds.includes(data.user_id)) reaction.userIds.push(data.user_id);
      }
      return [message, user, data.emoji, burst];
    },
  }),
  MESSAGE_REACTION_REMOVE: reducer<GatewayMessageReactionRemoveDispatchData>({
    apply(cache, _o, _s, data) {
      const message = messageOf(cache, data);
      const user = userOf(cache, data, message);
      const burst = data.burst === true;
      const reaction = message.reactions.find((r) => sameEmoji(r.emoji, data.emoji));
      if (reaction) {
        if (burst) reaction.burstCount = Math.max(0, reaction.burstCount - 1);
        else reaction.count = Math.max(0, reaction.count - 1);
        const index = reaction.userIds.indexOf(data.user_id);
        if (index >= 0) reaction.userIds.splice(index, 1);
        if (reaction.count === 0 && reaction.burstCount === 0) {
          const rest = message.reactions.filter((r) => r !== reaction);
          message.reactions = rest.length === 0 ? EMPTY : rest;
        }
      }
      return [message, user, data.emoji, burst];
    },
  }),
  MESSAGE_REACTION_REMOVE_ALL: reducer<GatewayMessageReactionRemoveAllDispatchData>({
    apply(cache, _o, _s, data) {
      const message = messageOf(cache, data);
      const reactions = message.reactions;
      message.reactions = EMPTY;
      return [message, reactions];
    },
  }),
  MESSAGE_REACTION_REMOVE_EMOJI: reducer<GatewayMessageReactionRemoveEmojiDispatchData>({
    apply(cache, _o, _s, data) {
      const message = messageOf(cache, data);
      const reaction = message.reactions.find((r) => sameEmoji(r.emoji, data.emoji));
      if (reaction) {
        const rest = message.reactions.filter((r) => r !== reaction);
        message.reactions = rest.length === 0 ? EMPTY : rest;
      }
      return [message, reaction, data.emoji];
    },
  }),
  MESSAGE_POLL_VOTE_ADD: reducer<GatewayMessagePollVoteDispatchData>({
    apply: (cache, _o, _s, data) => pollVote(cache, data, 1),
  }),
  MESSAGE_POLL_VOTE_REMOVE: reducer<GatewayMessagePollVoteDispatchData>({
    apply: (cache, _o, _s, data) => pollVote(cache, data, -1),
  }),
};

function pollVote(cache: Cache, data: GatewayMessagePollVoteDispatchData, delta: number): unknown[] {
  const message = messageOf(cache, data);
  const user = cache.userById(data.user_id);
  const poll = message.poll;
  if (poll) {
    poll.results ??= { is_finalized: false, answer_counts: [] };
    const results = poll.results;
    let count = results.answer_counts.find((c) => c.id === data.answer_id);
    if (!count) {
      count = { id: data.answer_id, count: 0, me_voted: false };
      results.answer_counts.push(count);
    }
    count.count = Math.max(0, count.count + delta);
  }
  return [message, user, data.answer_id];
}
