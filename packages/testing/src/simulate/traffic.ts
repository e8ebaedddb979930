/**
 * A realistic stream of events for load tests and benchmarks: in the guilds of the world (a
 * generated one, typically), random members post, edit and delete messages, type, react, change
 * presence and get their roles changed, in proportions like a busy bot's gateway (mostly messages,
 * presences and typing). Events go through the world like any simulated action, in batches, with a
 * turn of the event loop between batches so the gateway can write them out.
 */
import { seededRandom } from '@kokoro/common';
import { type APIMessage, ChannelType, GatewayDispatchEvents as E } from 'discord-api-types/v10';
import { startTyping } from '../actions/channels.js';
import { updateMember } from '../actions/guilds.js';
import { deleteMessage, editMessage, postMessage } from '../actions/messages.js';
import { addReaction } from '../actions/reactions.js';
import { setPresence } from '../actions/voice.js';
import { FakeDiscordError } from '../world/errors.js';
import type { World } from '../world/world.js';

/** The share of each kind of event in the stream (weights, any scale). */
export type TrafficMix = Partial<
  Record<
    | 'MESSAGE_CREATE'
    | 'MESSAGE_UPDATE'
    | 'MESSAGE_DELETE'
    | 'TYPING_START'
    | 'PRESENCE_UPDATE'
    | 'MESSAGE_REACTION_ADD'
    | 'GUILD_MEMBER_UPDATE',
    number
  >
>;

/** Default proportions. */
export const DEFAULT_TRAFFIC_MIX: Required<TrafficMix> = {
  MESSAGE_CREATE: 40,
  PRESENCE_UPDATE: 20,
  TYPING_START: 15,
  MESSAGE_REACTION_ADD: 10,
  MESSAGE_UPDATE: 5,
  MESSAGE_DELETE: 5,
  GUILD_MEMBER_UPDATE: 5,
};

/** Options of {@link simulateTraffic}. */
export interface TrafficOptions {
  /** How many actions to run. */
  events: number;
  /** Guilds to play in (default all). */
  guildIds?: readonly string[];
  /** Relative weights of the kinds of action (default: a realistic mix). */
  mix?: TrafficMix;
  /** Seed of the random choices (the same seed plays the same stream). */
  seed?: number;
  /** Actions between two turns of the event loop (default 500). */
  batch?: number;
  /** Messages kept per channel while the traffic runs (default 50), so memory stays flat. */
  messageLimit?: number;
}

interface GuildPlay {
  guildId: string;
  channels: string[];
  users: string[];
  roles: string[];
}

const STATUSES = ['online', 'idle', 'dnd', 'offline'] as const;
const EMOJIS = ['👍', '🎉', '😂', '❤️', '👀'];

/** Run a stream of simulated actions; resolves with how many events of each name were dispatched. */
export async function simulateTraffic(world: World, options: TrafficOptions): Promise<Record<string, number>> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const plays: GuildPlay[] = [];
  for (const guildId of options.guildIds ?? [...world.guilds.keys()]) {
    const state = world.guild(guildId);
    if (!state) continue;
    const channels = [...state.channels.values()].filter((c) => c.type === ChannelType.GuildText).map((c) => c.id);
    const users = [...state.members.keys()].filter((id) => !world.bots.has(id));
    if (channels.length && users.length)
      plays.push({ guildId, channels, users, roles: [...state.roles.keys()].filter((id) => id !== guildId) });
  }
  if (plays.length === 0)
    throw new FakeDiscordError('simulateTraffic: no guild with a text channel and a human member.');
  const limit = options.messageLimit ?? 50;
  for (const play of plays) for (const id of play.channels) world.messagesOf(id).limit = limit;

  const mix = Object.entries({ ...DEFAULT_TRAFFIC_MIX, ...options.mix }).filter(([, w]) => w > 0);
  const total = mix.reduce((sum, [, w]) => sum + w, 0);
  const counts: Record<string, number> = {};
  const stop = world.onDispatch((d) => {
    counts[d.t] = (counts[d.t] ?? 0) + 1;
  });
  const lastMessage = (channelId: string): APIMessage | undefined => {
    const store = world.messagesOf(channelId);
    return store.size ? store.query({ limit: 1 })[0] : undefined;
  };
  const batch = options.batch ?? 500;
  try {
    for (let i = 0; i < options.events; i++) {
      if (i > 0 && i % batch === 0) await new Promise((resolve) => setImmediate(resolve));
      let roll = random() * total;
      let kind = mix[0]![0];
      for (const [name, weight] of mix) {
        roll -= weight;
        if (roll < 0) {
          kind = name;
          break;
        }
      }
      const play = pick(plays);
      const channelId = pick(play.channels);
      const userId = pick(play.users);
      const last = lastMessage(channelId);
      switch (kind) {
        case E.MessageCreate:
          postMessage(world, channelId, world.users.get(userId)!, { content: `message ${i}` });
          break;
        case E.MessageUpdate:
          if (last) editMessage(world, last, { content: `${last.content} (edited)` });
          else postMessage(world, channelId, world.users.get(userId)!, { content: `message ${i}` });
          break;
        case E.MessageDelete:
          if (last) deleteMessage(world, channelId, last.id);
          else postMessage(world, channelId, world.users.get(userId)!, { content: `message ${i}` });
          break;
        case E.TypingStart:
          startTyping(world, channelId, userId);
          break;
        case E.PresenceUpdate:
          setPresence(world, play.guildId, userId, { status: pick(STATUSES) });
          break;
        case E.MessageReactionAdd:
          if (last) addReaction(world, last, userId, { id: null, name: pick(EMOJIS) });
          else startTyping(world, channelId, userId);
          break;
        case E.GuildMemberUpdate:
          updateMember(world, play.guildId, userId, {
            roles: play.roles.length && random() < 0.5 ? [pick(play.roles)] : [],
          });
          break;
      }
    }
  } finally {
    stop();
  }
  return counts;
}
