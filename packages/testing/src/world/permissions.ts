/**
 * Discord's permission computation, enough for the fake's 50013 checks: the owner has everything;
 * otherwise `@everyone`'s permissions OR the member's roles; ADMINISTRATOR grants everything; then,
 * in a channel, the `@everyone` overwrite, the role overwrites together, and the member's overwrite
 * (deny then allow at each step). A timed-out member keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY.
 */
import { type APIChannel, type APIOverwrite, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildState } from './guild-state.js';

const ALL = (1n << 64n) - 1n;

/** The guild-level permissions of a member (no channel overwrites). */
export function basePermissions(state: GuildState, userId: string): bigint {
  if (state.guild.owner_id === userId) return ALL;
  const member = state.members.get(userId);
  if (!member) return 0n;
  let permissions = BigInt(state.roles.get(state.guild.id)?.permissions ?? '0');
  for (const roleId of member.roles) permissions |= BigInt(state.roles.get(roleId)?.permissions ?? '0');
  if (permissions & PermissionFlagsBits.Administrator) return ALL;
  return permissions;
}

/** A member's permissions in a channel of the guild, with the channel's overwrites applied. */
export function channelPermissions(state: GuildState, userId: string, channel: APIChannel, now = Date.now()): bigint {
  let permissions = basePermissions(state, userId);
  if (permissions === ALL) return ALL;
  const member = state.members.get(userId);
  if (!member) return 0n;
  const overwrites = ((channel as { permission_overwrites?: APIOverwrite[] }).permission_overwrites ??
    []) as APIOverwrite[];
  const everyone = overwrites.find((o) => o.id === state.guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && member.roles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  const until = member.communication_disabled_until;
  if (until && Date.parse(until) > now) {
    permissions &= PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
  }
  return permissions;
}
