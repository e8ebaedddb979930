/**
 * Presence and voice as world actions: presences, voice states and voice channel effects, status
 * and start time, stage instances. Each stores what Discord would keep and dispatches the event with
 * its gating intent (GUILD_PRESENCES, GUILD_VOICE_STATES, GUILDS).
 */
import {
  type APIBaseVoiceState,
  type APIStageInstance,
  GatewayDispatchEvents as E,
  type GatewayPresenceUpdate,
  GatewayIntentBits as I,
} from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import { applyChanges, guildEvent } from './announce.js';
import { knownGuild } from './known-guild.js';

/** Set a member's presence ('offline' removes it); PRESENCE_UPDATE (GUILD_PRESENCES). */
export function setPresence(
  world: World,
  guildId: string,
  userId: string,
  presence: { status: 'online' | 'idle' | 'dnd' | 'offline'; activities?: GatewayPresenceUpdate['activities'] },
): GatewayPresenceUpdate {
  const s = knownGuild(world, guildId);
  const d = {
    user: { id: userId },
    guild_id: guildId,
    status: presence.status,
    activities: presence.activities ?? [],
    client_status: presence.status === 'offline' ? {} : { desktop: presence.status },
  } as GatewayPresenceUpdate;
  if (presence.status === 'offline') s.presences.delete(userId);
  else s.presences.set(userId, d);
  guildEvent(world, guildId, E.PresenceUpdate, d, I.GuildPresences);
  return d;
}

/** A user joins, moves in or leaves (channelId null) voice; VOICE_STATE_UPDATE (GUILD_VOICE_STATES). */
export function setVoiceState(
  world: World,
  guildId: string,
  userId: string,
  channelId: string | null,
  flags: Partial<APIBaseVoiceState> = {},
) {
  const s = knownGuild(world, guildId);
  const member = s.members.get(userId);
  const voiceState = {
    guild_id: guildId,
    channel_id: channelId,
    user_id: userId,
    session_id: `fake-voice-${userId}`,
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
    ...flags,
    ...(member ? { member } : {}),
  } as APIBaseVoiceState;
  if (channelId) s.voiceStates.set(userId, voiceState);
  else s.voiceStates.delete(userId);
  guildEvent(world, guildId, E.VoiceStateUpdate, voiceState, I.GuildVoiceStates, channelId ?? undefined);
  return voiceState;
}

/** Someone sends an effect (emoji, soundboard sound) in a voice channel; VOICE_CHANNEL_EFFECT_SEND. */
export function voiceChannelEffect(
  world: World,
  guildId: string,
  channelId: string,
  userId: string,
  effect: { emoji?: unknown; soundId?: string } = {},
) {
  const d = {
    channel_id: channelId,
    guild_id: guildId,
    user_id: userId,
    emoji: effect.emoji ?? null,
    ...(effect.soundId ? { sound_id: effect.soundId, sound_volume: 1 } : {}),
  };
  guildEvent(world, guildId, E.VoiceChannelEffectSend, d, I.GuildVoiceStates, channelId);
  return d;
}

/** A voice channel's status text changes; VOICE_CHANNEL_STATUS_UPDATE. */
export function voiceChannelStatus(world: World, guildId: string, channelId: string, status: string | null) {
  const channel = world.channels.get(channelId) as { status?: string | null } | undefined;
  if (channel) channel.status = status;
  guildEvent(
    world,
    guildId,
    E.VoiceChannelStatusUpdate,
    { id: channelId, guild_id: guildId, status },
    I.Guilds,
    channelId,
  );
}

/** A voice channel's call starts or ends; VOICE_CHANNEL_START_TIME_UPDATE. */
export function voiceChannelStartTime(world: World, guildId: string, channelId: string, startTime: number | null) {
  guildEvent(
    world,
    guildId,
    E.VoiceChannelStartTimeUpdate,
    { id: channelId, guild_id: guildId, voice_start_time: startTime },
    I.Guilds,
    channelId,
  );
}

/** Open a stage instance in a stage channel; STAGE_INSTANCE_CREATE. */
export function createStageInstance(world: World, guildId: string, channelId: string, topic: string): APIStageInstance {
  const s = knownGuild(world, guildId);
  const stage = {
    id: world.nextId(),
    guild_id: guildId,
    channel_id: channelId,
    topic,
    privacy_level: 2,
    discoverable_disabled: true,
  } as unknown as APIStageInstance;
  s.stageInstances.set(stage.id, stage);
  guildEvent(world, guildId, E.StageInstanceCreate, stage, I.Guilds, channelId);
  return stage;
}

/** Change a stage instance's topic; STAGE_INSTANCE_UPDATE. */
export function updateStageInstance(world: World, guildId: string, stageId: string, changes: Record<string, unknown>) {
  const stage = knownGuild(world, guildId).stageInstances.get(stageId);
  if (!stage) return undefined;
  applyChanges(stage, changes, ['topic', 'privacy_level']);
  guildEvent(world, guildId, E.StageInstanceUpdate, stage, I.Guilds, stage.channel_id);
  return stage;
}

/** Close a stage instance; STAGE_INSTANCE_DELETE. */
export function deleteStageInstance(world: World, guildId: string, stageId: string) {
  const s = knownGuild(world, guildId);
  const stage = s.stageInstances.get(stageId);
  if (!stage) return undefined;
  s.stageInstances.delete(stageId);
  guildEvent(world, guildId, E.StageInstanceDelete, stage, I.Guilds, stage.channel_id);
  return stage;
}
