/**
 * Guild-level actions: guild edits, roles, member edits, bans, emojis, stickers, soundboard sounds,
 * audit log entries. Each changes the world and dispatches the event Discord sends for it, with the
 * intent that gates it (GUILDS, GUILD_MEMBERS, GUILD_MODERATION, GUILD_EXPRESSIONS).
 */
import {
  type APIEmoji,
  type APIGuildMember,
  type APIRole,
  type APISoundboardSound,
  type APISticker,
  GatewayDispatchEvents as E,
  GatewayIntentBits as I,
} from 'discord-api-types/v10';
import { makeRole } from '../world/defaults.js';
import { FakeDiscordError } from '../world/errors.js';
import { guildObject } from '../world/guild-state.js';
import type { AuditLogEntry } from '../world/stores.js';
import type { World } from '../world/world.js';
import { applyChanges, guildEvent } from './announce.js';
import { knownGuild } from './known-guild.js';

const GUILD_FIELDS = [
  'name',
  'icon',
  'splash',
  'banner',
  'description',
  'afk_channel_id',
  'afk_timeout',
  'verification_level',
  'default_message_notifications',
  'explicit_content_filter',
  'system_channel_id',
  'system_channel_flags',
  'rules_channel_id',
  'public_updates_channel_id',
  'safety_alerts_channel_id',
  'preferred_locale',
  'features',
  'premium_progress_bar_enabled',
  'owner_id',
];

/** Edit a guild; GUILD_UPDATE. */
export function updateGuild(world: World, guildId: string, changes: Record<string, unknown>) {
  const s = knownGuild(world, guildId);
  applyChanges(s.guild, changes, GUILD_FIELDS);
  const guild = guildObject(s);
  guildEvent(world, guildId, E.GuildUpdate, guild, I.Guilds);
  return guild;
}

/** Create a role; GUILD_ROLE_CREATE. */
export function createRole(world: World, guildId: string, fields: Record<string, unknown> = {}): APIRole {
  const s = knownGuild(world, guildId);
  // Like Discord, a role made without `permissions` gets the @everyone role's.
  const everyone = s.roles.get(guildId)?.permissions ?? '0';
  const role = makeRole(
    world.nextId(),
    String(fields.name ?? 'new role'),
    s.roles.size,
    BigInt(String(fields.permissions ?? everyone)),
  );
  applyChanges(role, fields, ['hoist', 'mentionable', 'unicode_emoji', 'icon']);
  applyRoleColors(role, fields);
  s.roles.set(role.id, role);
  guildEvent(world, guildId, E.GuildRoleCreate, { guild_id: guildId, role }, I.Guilds);
  return role;
}

/**
 * A role's colour comes as `color` (one integer, the legacy field) or `colors` (primary, secondary
 * and tertiary for gradients); Discord keeps both in step, `color` being the primary colour.
 */
function applyRoleColors(role: APIRole, fields: Record<string, unknown>): void {
  const colors = fields.colors as Partial<APIRole['colors']> | null | undefined;
  if (colors && typeof colors.primary_color === 'number') {
    role.colors = {
      primary_color: colors.primary_color,
      secondary_color: colors.secondary_color ?? null,
      tertiary_color: colors.tertiary_color ?? null,
    };
    role.color = colors.primary_color;
  } else if (typeof fields.color === 'number') {
    role.colors = { primary_color: fields.color, secondary_color: null, tertiary_color: null };
    role.color = fields.color;
  }
}

/** Edit a role; GUILD_ROLE_UPDATE. */
export function updateRole(
  world: World,
  guildId: string,
  roleId: string,
  changes: Record<string, unknown>,
): APIRole | undefined {
  const role = knownGuild(world, guildId).roles.get(roleId);
  if (!role) return undefined;
  applyChanges(role, changes, ['name', 'hoist', 'mentionable', 'unicode_emoji', 'icon', 'position']);
  if (changes.permissions !== undefined && changes.permissions !== null) role.permissions = String(changes.permissions);
  applyRoleColors(role, changes);
  guildEvent(world, guildId, E.GuildRoleUpdate, { guild_id: guildId, role }, I.Guilds);
  return role;
}

/** Delete a role (and take it off every member); GUILD_ROLE_DELETE. */
export function deleteRole(world: World, guildId: string, roleId: string): APIRole | undefined {
  const s = knownGuild(world, guildId);
  const role = s.roles.get(roleId);
  if (!role) return undefined;
  s.roles.delete(roleId);
  for (const member of s.members.values()) {
    const i = member.roles.indexOf(roleId);
    if (i >= 0) member.roles.splice(i, 1);
  }
  guildEvent(world, guildId, E.GuildRoleDelete, { guild_id: guildId, role_id: roleId }, I.Guilds);
  return role;
}

/** The GUILD_MEMBER_UPDATE payload of a member. */
export function memberUpdatePayload(guildId: string, member: APIGuildMember) {
  return { ...member, guild_id: guildId };
}

/** Edit a member (nick, roles, timeout, mute, deaf...); GUILD_MEMBER_UPDATE. */
export function updateMember(
  world: World,
  guildId: string,
  userId: string,
  changes: Record<string, unknown>,
): APIGuildMember | undefined {
  const member = knownGuild(world, guildId).members.get(userId);
  if (!member) return undefined;
  applyChanges(member, changes, [
    'nick',
    'mute',
    'deaf',
    'communication_disabled_until',
    'flags',
    'avatar',
    'banner',
    'pending',
    'premium_since',
  ]);
  if (Array.isArray(changes.roles)) member.roles = [...new Set(changes.roles.map(String))];
  if (changes.nick === null) member.nick = null;
  if (changes.communication_disabled_until === null) member.communication_disabled_until = null;
  guildEvent(world, guildId, E.GuildMemberUpdate, memberUpdatePayload(guildId, member), I.GuildMembers);
  return member;
}

/** Add a role to a member; GUILD_MEMBER_UPDATE. */
export function addMemberRole(
  world: World,
  guildId: string,
  userId: string,
  roleId: string,
): APIGuildMember | undefined {
  const member = knownGuild(world, guildId).members.get(userId);
  if (!member) return undefined;
  if (member.roles.includes(roleId)) return member;
  return updateMember(world, guildId, userId, { roles: [...member.roles, roleId] });
}

/** Remove a role from a member; GUILD_MEMBER_UPDATE. */
export function removeMemberRole(
  world: World,
  guildId: string,
  userId: string,
  roleId: string,
): APIGuildMember | undefined {
  const member = knownGuild(world, guildId).members.get(userId);
  if (!member) return undefined;
  if (!member.roles.includes(roleId)) return member;
  return updateMember(world, guildId, userId, { roles: member.roles.filter((r) => r !== roleId) });
}

/** Ban a user (removing the member); GUILD_BAN_ADD then GUILD_MEMBER_REMOVE. */
export function banUser(world: World, guildId: string, userId: string, reason: string | null = null): void {
  const s = knownGuild(world, guildId);
  const user = world.users.get(userId);
  if (!user) throw new FakeDiscordError(`Unknown user ${userId}.`);
  s.bans.set(userId, { user, reason });
  guildEvent(world, guildId, E.GuildBanAdd, { guild_id: guildId, user }, I.GuildModeration);
  world.removeMember(guildId, userId);
}

/** Lift a ban; GUILD_BAN_REMOVE. */
export function unbanUser(world: World, guildId: string, userId: string): boolean {
  const s = knownGuild(world, guildId);
  const ban = s.bans.get(userId);
  if (!ban) return false;
  s.bans.delete(userId);
  guildEvent(world, guildId, E.GuildBanRemove, { guild_id: guildId, user: ban.user }, I.GuildModeration);
  return true;
}

/** Create an emoji; GUILD_EMOJIS_UPDATE with the whole list. */
export function createEmoji(world: World, guildId: string, name: string, fields: Partial<APIEmoji> = {}): APIEmoji {
  const s = knownGuild(world, guildId);
  const emoji: APIEmoji = {
    id: world.nextId(),
    name,
    roles: [],
    require_colons: true,
    managed: false,
    animated: false,
    available: true,
    ...fields,
  };
  s.emojis.set(emoji.id!, emoji);
  emojisChanged(world, guildId);
  return emoji;
}

/** Delete an emoji; GUILD_EMOJIS_UPDATE. */
export function deleteEmoji(world: World, guildId: string, emojiId: string): boolean {
  return deleteExpression(world, guildId, 'emojis', emojiId);
}

/** Announce the guild's emoji list; GUILD_EMOJIS_UPDATE. */
export function emojisChanged(world: World, guildId: string): void {
  expressionsChanged(world, guildId, 'emojis');
}

/** The dispatch that carries a guild's whole list of each kind of expression. */
const EXPRESSIONS_UPDATE = { emojis: E.GuildEmojisUpdate, stickers: E.GuildStickersUpdate } as const;

/** Delete one emoji or sticker and announce the list left, when there was one to delete. */
function deleteExpression(world: World, guildId: string, kind: keyof typeof EXPRESSIONS_UPDATE, id: string): boolean {
  const done = knownGuild(world, guildId)[kind].delete(id);
  if (done) expressionsChanged(world, guildId, kind);
  return done;
}

/** Announce the guild's whole emoji or sticker list; GUILD_EMOJIS_UPDATE or GUILD_STICKERS_UPDATE. */
function expressionsChanged(world: World, guildId: string, kind: keyof typeof EXPRESSIONS_UPDATE): void {
  guildEvent(
    world,
    guildId,
    EXPRESSIONS_UPDATE[kind],
    { guild_id: guildId, [kind]: [...knownGuild(world, guildId)[kind].values()] },
    I.GuildExpressions,
  );
}

/** Create a guild sticker; GUILD_STICKERS_UPDATE with the whole list. */
export function createSticker(world: World, guildId: string, name: string): APISticker {
  const s = knownGuild(world, guildId);
  const sticker = {
    id: world.nextId(),
    name,
    description: null,
    tags: name,
    type: 2,
    format_type: 1,
    available: true,
    guild_id: guildId,
  } as APISticker;
  s.stickers.set(sticker.id, sticker);
  expressionsChanged(world, guildId, 'stickers');
  return sticker;
}

/** Delete a guild sticker; GUILD_STICKERS_UPDATE. */
export function deleteSticker(world: World, guildId: string, stickerId: string): boolean {
  return deleteExpression(world, guildId, 'stickers', stickerId);
}

/** Create a soundboard sound; GUILD_SOUNDBOARD_SOUND_CREATE. */
export function createSoundboardSound(
  world: World,
  guildId: string,
  name: string,
  userId?: string,
): APISoundboardSound {
  const s = knownGuild(world, guildId);
  const sound: APISoundboardSound = {
    sound_id: world.nextId(),
    name,
    volume: 1,
    emoji_id: null,
    emoji_name: null,
    guild_id: guildId,
    available: true,
  };
  const user = userId ? world.users.get(userId) : undefined;
  if (user) sound.user = user;
  s.soundboardSounds.set(sound.sound_id, sound);
  guildEvent(world, guildId, E.GuildSoundboardSoundCreate, sound, I.GuildExpressions);
  return sound;
}

/** Edit a soundboard sound; GUILD_SOUNDBOARD_SOUND_UPDATE. */
export function updateSoundboardSound(
  world: World,
  guildId: string,
  soundId: string,
  changes: Record<string, unknown>,
): APISoundboardSound | undefined {
  const sound = knownGuild(world, guildId).soundboardSounds.get(soundId);
  if (!sound) return undefined;
  applyChanges(sound, changes, ['name', 'volume', 'emoji_id', 'emoji_name']);
  guildEvent(world, guildId, E.GuildSoundboardSoundUpdate, sound, I.GuildExpressions);
  return sound;
}

/** Delete a soundboard sound; GUILD_SOUNDBOARD_SOUND_DELETE. */
export function deleteSoundboardSound(world: World, guildId: string, soundId: string): boolean {
  const done = knownGuild(world, guildId).soundboardSounds.delete(soundId);
  if (done)
    guildEvent(
      world,
      guildId,
      E.GuildSoundboardSoundDelete,
      { sound_id: soundId, guild_id: guildId },
      I.GuildExpressions,
    );
  return done;
}

/** Announce every soundboard sound of the guild at once; GUILD_SOUNDBOARD_SOUNDS_UPDATE. */
export function soundboardSoundsUpdate(world: World, guildId: string): void {
  guildEvent(
    world,
    guildId,
    E.GuildSoundboardSoundsUpdate,
    { guild_id: guildId, soundboard_sounds: [...knownGuild(world, guildId).soundboardSounds.values()] },
    I.GuildExpressions,
  );
}

/** Record an audit log entry; GUILD_AUDIT_LOG_ENTRY_CREATE (needs GUILD_MODERATION and VIEW_AUDIT_LOG). */
export function auditLogEntry(
  world: World,
  guildId: string,
  entry: { action_type: number; user_id?: string; target_id?: string; reason?: string; changes?: unknown[] },
) {
  const d: AuditLogEntry = {
    id: world.nextId(),
    guild_id: guildId,
    user_id: null,
    target_id: null,
    changes: [],
    ...entry,
  };
  let log = world.stores.auditLog.get(guildId);
  if (!log) {
    log = [];
    world.stores.auditLog.set(guildId, log);
  }
  log.push(d);
  guildEvent(world, guildId, E.GuildAuditLogEntryCreate, d, I.GuildModeration);
  return d;
}
