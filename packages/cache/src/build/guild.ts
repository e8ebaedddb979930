import type { APIChannel, APIGuild, GatewayPresenceUpdate } from 'discord-api-types/v10';
import { GUILD_FIELDS, type Guild, writableCollection } from '../entities/guild.js';
import type { MemberData } from '../entities/member.js';
import type { EntityRef } from '../entities/refs.js';
import { patchFields } from '../patch.js';
import { EMPTY } from '../util.js';
import { removeRole } from './roles.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

type GuildData = APIGuild & Record<string, unknown>;

/** See {@link Cache.guild}: the guild's fields, then every collection the payload carries. */
export function buildGuild(cache: Cache, data: GuildData, old: Record<string, unknown> | undefined): Guild {
  const guild = cache.precreateGuild(data.id);
  patchFields(guild, GUILD_FIELDS, data, old);
  if (data.unavailable !== true && guild.unavailable) {
    if (old) old.unavailable = true;
    (guild as { unavailable: boolean }).unavailable = false;
  }
  if (data.roles) for (const role of data.roles) cache.role(guild, role);
  for (const channel of (data.channels as APIChannel[] | undefined) ?? EMPTY) cache.channel(channel, guild);
  for (const thread of (data.threads as APIChannel[] | undefined) ?? EMPTY) cache.channel(thread, guild);
  if (cache.policy.expressions) {
    for (const emoji of data.emojis ?? EMPTY) if (emoji.id) writableCollection(guild, 'emojis').set(emoji.id, emoji);
    for (const sticker of data.stickers ?? EMPTY) writableCollection(guild, 'stickers').set(sticker.id, sticker);
  }
  if (cache.policy.guildExtras) {
    for (const stage of (data.stage_instances as { id: string }[] | undefined) ?? EMPTY)
      writableCollection(guild, 'stageInstances').set(stage.id, stage as never);
    for (const event of (data.guild_scheduled_events as { id: string }[] | undefined) ?? EMPTY)
      writableCollection(guild, 'scheduledEvents').set(event.id, event as never);
    for (const sound of (data.soundboard_sounds as { sound_id: string }[] | undefined) ?? EMPTY)
      writableCollection(guild, 'soundboardSounds').set(sound.sound_id, sound as never);
  }
  for (const member of (data.members as MemberData[] | undefined) ?? EMPTY) cache.member(guild, member);
  if (cache.policy.presences) {
    for (const presence of (data.presences as GatewayPresenceUpdate[] | undefined) ?? EMPTY) cache.presence(presence);
  }
  if (cache.policy.voiceStates) {
    for (const state of (data.voice_states as { user_id: string; member?: unknown; guild_id?: string }[] | undefined) ??
      EMPTY) {
      const { member: _m, guild_id: _g, ...rest } = state;
      writableCollection(guild, 'voiceStates').set(state.user_id, rest as never);
    }
  }
  return guild;
}

/** See {@link Cache.fillGuild}: only what the cache lacks. */
export function fillGuild(cache: Cache, guild: Guild, data: GuildData): void {
  for (const role of data.roles ?? EMPTY) if (!guild.roles.has(role.id)) cache.role(guild, role);
  for (const list of [data.channels, data.threads] as (APIChannel[] | undefined)[]) {
    for (const channel of list ?? EMPTY) if (!cache.channels.has(channel.id)) cache.channel(channel, guild);
  }
  for (const member of (data.members as MemberData[] | undefined) ?? EMPTY) {
    if (member.user && !guild.members.has(member.user.id)) cache.member(guild, member);
  }
}

/**
 * See {@link Cache.pruneGuild}: before a full snapshot is applied to a cached guild, drop the channels
 * (not threads: a snapshot lists only active ones) and roles it no longer has.
 */
export function pruneGuild(cache: Cache, guild: Guild, data: GuildData): void {
  if (data.channels) {
    const ids = new Set((data.channels as APIChannel[]).map((c) => c.id));
    for (const channel of [...guild.channels.values()]) {
      if (!channel.isThread && channel.type !== -1 && !ids.has(channel.id)) cache.removeChannel(channel);
    }
  }
  if (data.roles) {
    const ids = new Set(data.roles.map((r) => r.id));
    for (const role of [...guild.roles.values()]) if (!ids.has(role.id)) removeRole(guild, role);
  }
}
