/**
 * Op 4 (Voice State Update) and op 31 (Request Soundboard Sounds) in the fake gateway.
 *
 * Joining or moving (op 4 with a `channel_id`) changes the bot's voice state in the world, so every
 * session of the guild with GUILD_VOICE_STATES gets VOICE_STATE_UPDATE (the bot's own included),
 * whose `session_id` is the gateway session's id, as Discord's is for a bot; then the requesting
 * session alone gets VOICE_SERVER_UPDATE (`token`, `guild_id`, `endpoint`) to reach the voice server
 * with (a {@link VoiceServerSeam}, the fake voice server by default, records the join and makes the
 * token). Leaving (`channel_id: null`) is VOICE_STATE_UPDATE only. Op 31 is answered with one
 * SOUNDBOARD_SOUNDS per requested guild, to the requesting session. When the gateway session ends,
 * the voice states it opened end too (VOICE_STATE_UPDATE with `channel_id: null`).
 *
 * Discord documents no answer to a request it cannot carry out (a guild the bot is not in, one
 * on another shard, an unknown channel, or one that is not a voice or stage channel of that guild):
 * the fake ignores such a request and the session goes on. A payload whose shape is wrong (no
 * `guild_id`, `guild_ids` not a list) is one Discord cannot decode: close 4002.
 */
import { shardIdForGuild } from '@kokoro/common';
import {
  ChannelType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayRequestSoundboardSoundsData,
  type GatewaySoundboardSoundsDispatchData,
  type GatewayVoiceServerUpdateDispatchData,
  type GatewayVoiceStateUpdateData,
} from 'discord-api-types/v10';
import { setVoiceState } from '../actions/voice.js';
import type { World } from '../world/world.js';
import type { GatewayConnection } from './connection.js';
import type { FakeSession } from './session.js';

/** The default `endpoint` of VOICE_SERVER_UPDATE (option `voiceEndpoint`). */
export const DEFAULT_VOICE_ENDPOINT = '127.0.0.1:0';

/** A voice join the gateway granted: what its VOICE_SERVER_UPDATE's token stands for. */
export interface VoiceGrant {
  /** The guild. */
  guildId: string;
  /** The voice channel. */
  channelId: string;
  /** The bot's user id. */
  userId: string;
  /** The gateway session's id (VOICE_STATE_UPDATE's `session_id`). */
  sessionId: string;
}

/**
 * The seam between the fake gateway and a voice server: where VOICE_SERVER_UPDATE points, and the
 * token it carries for each granted join (the fake voice server checks it at Identify).
 */
export interface VoiceServerSeam {
  /** `host:port` of the voice server. */
  readonly endpoint: string;
  /** Record a join and return its token. */
  grant(grant: VoiceGrant): string;
}

const SNOWFLAKE = /^\d{1,20}$/;

/** A snowflake as a client may send it (a string; a number over ETF), as a string; undefined if it is none. */
function snowflakeOf(value: unknown): string | undefined {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof id === 'string' && SNOWFLAKE.test(id) ? id : undefined;
}

/** Whether `guildId` is a guild the session's bot is in, on the session's shard. */
function sessionHasGuild(world: World, session: FakeSession, guildId: string): boolean {
  return world.isMember(guildId, session.bot.id) && shardIdForGuild(guildId, session.shardCount) === session.shardId;
}

/** Carry out op 4 for `session` (see the module comment). */
export function voiceStateUpdate(
  world: World,
  session: FakeSession,
  connection: GatewayConnection,
  data: unknown,
  endpoint: string,
  voiceServer?: VoiceServerSeam,
): void {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Partial<GatewayVoiceStateUpdateData>;
  const guildId = snowflakeOf(d.guild_id);
  const channelId = d.channel_id == null ? null : snowflakeOf(d.channel_id);
  if (guildId === undefined || channelId === undefined) {
    connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    return;
  }
  if (!sessionHasGuild(world, session, guildId)) return;
  if (channelId !== null) {
    const channel = world.guild(guildId)?.channels.get(channelId);
    if (!channel || (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice)) return;
  }
  setVoiceState(world, guildId, session.bot.id, channelId, {
    session_id: session.id,
    self_mute: d.self_mute === true,
    self_deaf: d.self_deaf === true,
  });
  if (channelId === null) return;
  const grant = { guildId, channelId, userId: session.bot.id, sessionId: session.id };
  const server: GatewayVoiceServerUpdateDispatchData = {
    token: voiceServer ? voiceServer.grant(grant) : `fake-voice-token-${world.nextId()}`,
    guild_id: guildId,
    endpoint,
  };
  session.dispatch(GatewayDispatchEvents.VoiceServerUpdate, server);
}

/** Carry out op 31 for `session`: one SOUNDBOARD_SOUNDS per requested guild it has. */
export function requestSoundboardSounds(
  world: World,
  session: FakeSession,
  connection: GatewayConnection,
  data: unknown,
): void {
  const ids = (data as Partial<GatewayRequestSoundboardSoundsData> | null)?.guild_ids as unknown;
  const guildIds = Array.isArray(ids) ? ids.map(snowflakeOf) : [undefined];
  if (guildIds.includes(undefined)) {
    connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    return;
  }
  for (const guildId of new Set(guildIds as string[])) {
    if (!sessionHasGuild(world, session, guildId)) continue;
    const answer: GatewaySoundboardSoundsDispatchData = {
      guild_id: guildId,
      soundboard_sounds: [...(world.guild(guildId)?.soundboardSounds.values() ?? [])],
    };
    session.dispatch(GatewayDispatchEvents.SoundboardSounds, answer);
  }
}

/**
 * A session ended: the voice states it opened end with it (Discord disconnects a bot whose gateway
 * session is gone), each a VOICE_STATE_UPDATE with `channel_id: null`.
 */
export function leaveVoiceOf(world: World, session: FakeSession): void {
  for (const guildId of world.guildIdsOf(session.bot.id)) {
    const state = world.guild(guildId)?.voiceStates.get(session.bot.id);
    if (state?.session_id === session.id)
      setVoiceState(world, guildId, session.bot.id, null, { session_id: session.id });
  }
}
