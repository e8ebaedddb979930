/**
 * Thread listings. Active threads are listed per guild (`GET /guilds/{id}/threads/active`: every
 * unarchived thread the bot can view); archived ones per parent channel, newest archive first,
 * paged with `before` (an ISO timestamp) and `limit`, with `has_more`. Each answer carries the bot's
 * own thread members for the listed threads, as Discord does.
 */
import { type APIThreadChannel, ChannelType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { isThread } from '../../world/guild-create.js';
import type { GuildState } from '../../world/guild-state.js';
import { channelPermissions } from '../../world/permissions.js';
import type { World } from '../../world/world.js';
import { botOf, channelFor, guildFor } from '../access.js';
import type { RouteContext } from '../context.js';
import type { RestRequest, Router } from '../router.js';
import { queryInteger } from '../validate.js';

/** Add the thread listing routes. */
export function addThreadRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;

  router.add('GET', '/guilds/:guild_id/threads/active', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    const botId = botOf(request).id;
    const threads = threadsOf(guild).filter(
      (t) =>
        !t.thread_metadata?.archived &&
        (channelPermissions(guild, botId, t, world.clock.now()) & P.ViewChannel) === P.ViewChannel,
    );
    return { threads, members: ownMembers(guild, botId, threads) };
  });

  const archived = (request: RestRequest, which: 'public' | 'private' | 'joined') => {
    const need = P.ReadMessageHistory | (which === 'private' ? P.ManageThreads : 0n);
    const { channel, guild } = channelFor(world, request, request.params.channel_id!, need);
    if (!guild) return { threads: [], members: [], has_more: false };
    const botId = botOf(request).id;
    const limit = queryInteger(request.query, 'limit', 50, 1, 100);
    const before = request.query.get('before');
    const beforeTime = before ? Date.parse(before) : Number.POSITIVE_INFINITY;
    const matching = threadsOf(guild)
      .filter((t) => t.parent_id === channel.id && t.thread_metadata?.archived)
      .filter((t) => (which === 'public' ? t.type !== ChannelType.PrivateThread : t.type === ChannelType.PrivateThread))
      .filter((t) => which !== 'joined' || guild.threadMembers.get(t.id)?.has(botId))
      .filter((t) => archiveTime(world, t) < beforeTime)
      .sort((a, b) => archiveTime(world, b) - archiveTime(world, a));
    const threads = matching.slice(0, limit);
    return { threads, members: ownMembers(guild, botId, threads), has_more: matching.length > limit };
  };
  router.add('GET', '/channels/:channel_id/threads/archived/public', (request) => archived(request, 'public'));
  router.add('GET', '/channels/:channel_id/threads/archived/private', (request) => archived(request, 'private'));
  router.add('GET', '/channels/:channel_id/users/@me/threads/archived/private', (request) =>
    archived(request, 'joined'),
  );
}

function threadsOf(guild: GuildState): APIThreadChannel[] {
  return [...guild.channels.values()].filter((c): c is APIThreadChannel => isThread(c));
}

function ownMembers(guild: GuildState, botId: string, threads: readonly APIThreadChannel[]) {
  return threads.flatMap((t) => {
    const member = guild.threadMembers.get(t.id)?.get(botId);
    return member ? [member] : [];
  });
}

function archiveTime(world: World, thread: APIThreadChannel): number {
  const stamp = thread.thread_metadata?.archive_timestamp;
  return stamp ? Date.parse(stamp) : world.clock.now();
}
