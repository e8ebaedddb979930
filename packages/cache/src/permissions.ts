/**
 * Permission computation, as Discord documents it ("Permission Hierarchy" / "Permission Overwrites"):
 *
 * 1. The guild owner has every permission.
 * 2. Base = `@everyone` role | every role of the member. ADMINISTRATOR in the base = every permission,
 *    and overwrites no longer apply.
 * 3. In a channel, overwrites apply in order: `@everyone`'s (deny then allow), then all of the member's
 *    roles together (deny of all, then allow of all), then the member's own. A thread uses its parent's.
 * 4. Implicit rules: without VIEW_CHANNEL nothing else is usable; without SEND_MESSAGES a text channel
 *    also loses the permissions that only act through sending (mention everyone, attach, embed, TTS).
 * 5. A timed-out member (not owner, not administrator) keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY.
 */
import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { EntityRef } from './entities/refs.js';

type Channel = EntityRef<'Channel'>;
type Guild = EntityRef<'Guild'>;
type GuildMember = EntityRef<'GuildMember'>;
type PermissionOverwrite = Channel['permissionOverwrites'][number];

/** Every permission bit Discord defines. */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const TIMEOUT_KEPT = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
const NEEDS_SEND =
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.SendTTSMessages;

/** The member's guild-wide permissions (owner and administrator give all; no timeout applied). */
export function computeBasePermissions(guild: Guild, member: GuildMember): bigint {
  if (guild.ownerId === member.user.id) return ALL_PERMISSIONS;
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const role of member.roles) permissions |= role.permissions;
  if (permissions & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  return permissions;
}

/** The member's permissions in `channel` at time `now` (ms). A DM channel gives 0n. */
export function computeChannelPermissions(channel: Channel, member: GuildMember, now: number): bigint {
  const guild = channel.guild;
  if (!guild) return 0n;
  const base = computeBasePermissions(guild, member);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;

  const source = channel.isThread ? (channel.parent ?? channel) : channel;
  let everyone: PermissionOverwrite | undefined;
  let own: PermissionOverwrite | undefined;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of source.permissionOverwrites) {
    if (overwrite.id === guild.id) everyone = overwrite;
    else if (overwrite.type === OverwriteType.Member) {
      if (overwrite.id === member.user.id) own = overwrite;
    } else if (member.roles.some((role) => role.id === overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  let permissions = base;
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  permissions = (permissions & ~roleDeny) | roleAllow;
  if (own) permissions = (permissions & ~own.deny) | own.allow;

  if (!(permissions & PermissionFlagsBits.ViewChannel)) return 0n;
  if (!channel.isThread && !(permissions & PermissionFlagsBits.SendMessages)) permissions &= ~NEEDS_SEND;
  if (member.isTimedOut(now)) permissions &= TIMEOUT_KEPT;
  return permissions;
}
