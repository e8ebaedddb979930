/**
 * What a bot may reach, checked the way Discord answers: an id that does not exist is a 404 with
 * the "Unknown ..." code; a resource the bot cannot see (a guild it is not in, a channel it cannot
 * view, someone else's DM) is 403 50001 Missing Access; a visible resource without the needed
 * permission is 403 50013 Missing Permissions.
 */
import { type APIChannel, type APIGuildMember, PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildState } from '../world/guild-state.js';
import { basePermissions, channelPermissions } from '../world/permissions.js';
import type { FakeBot, World } from '../world/world.js';
import { HttpError, missingAccess, missingPermissions, unauthorized, unknown } from './errors.js';
import type { RestRequest } from './router.js';

/** A channel the bot can see, and its guild for guild channels. */
export interface ChannelAccess {
  channel: APIChannel;
  guild: GuildState | undefined;
}

/** The bot of an authenticated request. */
export function botOf(request: RestRequest): FakeBot {
  if (!request.bot) throw unauthorized();
  return request.bot;
}

/** A guild the bot is in, with the permissions it needs there (none by default). */
export function guildFor(world: World, request: RestRequest, guildId: string, permission = 0n): GuildState {
  const bot = botOf(request);
  const guild = world.guild(guildId);
  if (!guild) throw unknown('guild');
  if (!guild.members.has(bot.id)) throw missingAccess();
  if (permission && (basePermissions(guild, bot.id) & permission) !== permission) throw missingPermissions();
  return guild;
}

/** A channel the bot can view, with the permissions it needs there (none beyond VIEW_CHANNEL by default). */
export function channelFor(world: World, request: RestRequest, channelId: string, permission = 0n): ChannelAccess {
  const bot = botOf(request);
  const channel = world.channels.get(channelId);
  if (!channel) throw unknown('channel');
  const guildId = world.guildIdOfChannel(channelId);
  if (!guildId) {
    if (world.dmOwners.get(channelId) !== bot.id) throw missingAccess();
    return { channel, guild: undefined };
  }
  const guild = world.guild(guildId);
  if (!guild?.members.has(bot.id)) throw missingAccess();
  const permissions = channelPermissions(guild, bot.id, channel, world.clock.now());
  if (!(permissions & PermissionFlagsBits.ViewChannel)) throw missingAccess();
  if (permission && (permissions & permission) !== permission) throw missingPermissions();
  return { channel, guild };
}

/** A member of a guild, or 404 Unknown Member. */
export function memberOf(guild: GuildState, userId: string): APIGuildMember {
  const member = guild.members.get(userId);
  if (!member) throw unknown('member');
  return member;
}

/** Whether the bot has all of `permission` in the channel (always true in DMs). */
export function hasChannelPermission(world: World, access: ChannelAccess, botId: string, permission: bigint): boolean {
  if (!access.guild) return true;
  return (channelPermissions(access.guild, botId, access.channel, world.clock.now()) & permission) === permission;
}

/** The body as an object, or 50035 when it is not one. */
export function objectBody(request: RestRequest, required = true): Record<string, unknown> {
  const body = request.body;
  if (body === undefined && !required) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 50035, 'Invalid Form Body', {
      _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }],
    });
  }
  return body as Record<string, unknown>;
}
