import type {
  GatewayChannelInfoDispatchData,
  GatewayChannelPinsUpdateDispatchData,
  GatewayVoiceChannelEffectSendDispatchData,
  GatewayVoiceChannelStartTimeUpdateDispatchData,
  GatewayVoiceChannelStatusUpdateDispatchData,
  GatewayVoiceStateUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Channel } from '../entities/channel.js';
import { type VoiceState, writableCollection } from '../entities/guild.js';
import type { EntityRef } from '../entities/refs.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { parseTimestamp } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

function channelOf(cache: Cache, id: string, guildId: string | undefined): Channel {
  return cache.channels.get(id) ?? cache.precreateChannel(id, guildId);
}

/** Voice states, voice channel status and effects, pins, channel info. */
export const VOICE_REDUCERS: Record<string, Reducer> = {
  VOICE_STATE_UPDATE: reducer<GatewayVoiceStateUpdateDispatchData>({
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id as string);
      const user = data.member?.user ? cache.member(guild, data.member).user : cache.userById(data.user_id);
      const old = guild.voiceStates.get(data.user_id);
      let state: VoiceState | undefined;
      if (data.channel_id === null) {
        if (old) writableCollection(guild, 'voiceStates').delete(data.user_id);
      } else {
        const { guild_id: _g, member: _m, ...rest } = data;
        state = rest;
        if (cache.policy.voiceStates) writableCollection(guild, 'voiceStates').set(data.user_id, state);
      }
      return [guild, user, state, old];
    },
  }),
  VOICE_CHANNEL_STATUS_UPDATE: reducer<GatewayVoiceChannelStatusUpdateDispatchData>({
    apply(cache, _o, _s, data) {
      const channel = channelOf(cache, data.id, data.guild_id);
      const old = channel.status;
      channel.status = data.status ?? null;
      return [channel, channel.status, old];
    },
  }),
  VOICE_CHANNEL_START_TIME_UPDATE: reducer<GatewayVoiceChannelStartTimeUpdateDispatchData>({
    apply(cache, _o, _s, data) {
      const channel = channelOf(cache, data.id, data.guild_id);
      const time = (data as { voice_start_time?: number | null }).voice_start_time ?? null;
      return [channel, time === null ? null : time * 1000];
    },
  }),
  VOICE_CHANNEL_EFFECT_SEND: reducer<GatewayVoiceChannelEffectSendDispatchData>({
    apply(cache, _o, _s, data) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      const user = cache.userById(data.user_id);
      return [channel, user, data];
    },
  }),
  CHANNEL_PINS_UPDATE: reducer<GatewayChannelPinsUpdateDispatchData>({
    apply(cache, _o, _s, data) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      const time = parseTimestamp(data.last_pin_timestamp);
      channel.lastPinTimestamp = time;
      return [channel, time];
    },
  }),
  // The answer to one client's Request Channel Info (op 43).
  CHANNEL_INFO: reducer<GatewayChannelInfoDispatchData>({
    owned: true,
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id);
      for (const info of data.channels) {
        const channel = channelOf(cache, info.id, data.guild_id);
        if ('status' in info) channel.status = (info as { status?: string | null }).status ?? null;
      }
      return [guild, data];
    },
  }),
};
