/**
 * Guild routes that act on many things at once: reordering roles (`PATCH /guilds/{id}/roles`,
 * answered with every role) and channels (`PATCH /guilds/{id}/channels`, 204; `lock_permissions`
 * copies the new parent's overwrites), each changed role or channel dispatched as Discord does, and
 * banning up to 200 users in one call (`POST /guilds/{id}/bulk-ban`, which reports who was banned
 * and who could not be, and fails with 500000 when nobody was).
 */
import { AuditLogEvent, PermissionFlagsBits as P, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { updateChannel } from '../../actions/channels.js';
import { auditLogEntry, banUser, updateRole } from '../../actions/guilds.js';
import { botOf, guildFor } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker } from '../validate.js';

/** One entry of a position change. */
interface PositionChange {
  id: string;
  position?: number | null;
  lock_permissions?: boolean | null;
  parent_id?: string | null;
}

/** Add the bulk guild routes. */
export function addGuildBulkRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;

  const positionChanges = (request: RestRequest, known: (id: string) => boolean): PositionChange[] => {
    const body = request.body;
    const checker = new Checker();
    if (!checker.array([], body, { required: true })) checker.done();
    (body as unknown[]).forEach((entry, i) => {
      const change = (entry ?? {}) as Record<string, unknown>;
      if (checker.snowflake([i, 'id'], change.id, { required: true }) && !known(String(change.id)))
        checker.fail([i, 'id'], 'UNKNOWN_ID', `Unknown id ${String(change.id)}`);
      if (change.position !== null) checker.integer([i, 'position'], change.position, { min: 0 });
    });
    checker.done();
    return body as PositionChange[];
  };

  router.add('PATCH', '/guilds/:guild_id/roles', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    for (const change of positionChanges(request, (id) => guild.roles.has(id))) {
      const role = guild.roles.get(String(change.id))!;
      if (typeof change.position === 'number' && change.position !== role.position && role.id !== guild.guild.id)
        updateRole(world, guild.guild.id, role.id, { position: change.position });
    }
    return [...guild.roles.values()].sort((a, b) => a.position - b.position);
  });

  router.add('PATCH', '/guilds/:guild_id/channels', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageChannels);
    for (const change of positionChanges(request, (id) => guild.channels.has(id))) {
      const channel = guild.channels.get(String(change.id))!;
      const changes: Record<string, unknown> = {};
      if (typeof change.position === 'number') changes.position = change.position;
      if (change.parent_id !== undefined) changes.parent_id = change.parent_id;
      const parent = change.parent_id ? guild.channels.get(change.parent_id) : undefined;
      if (change.lock_permissions && parent && 'permission_overwrites' in parent)
        changes.permission_overwrites = structuredClone(parent.permission_overwrites);
      if (Object.keys(changes).length > 0) updateChannel(world, channel.id, changes);
    }
    return respond(204);
  });

  router.add('POST', '/guilds/:guild_id/bulk-ban', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.BanMembers | P.ManageGuild);
    const body = (request.body ?? {}) as { user_ids?: unknown; delete_message_seconds?: unknown };
    const checker = new Checker();
    checker.array(['user_ids'], body.user_ids, { required: true, max: 200 });
    checker.integer(['delete_message_seconds'], body.delete_message_seconds, { min: 0, max: 604_800 });
    checker.done();
    const banned: string[] = [];
    const failed: string[] = [];
    for (const id of (body.user_ids as unknown[]).map(String)) {
      if (!world.users.has(id) || guild.bans.has(id) || id === guild.guild.owner_id) {
        failed.push(id);
        continue;
      }
      banUser(world, guild.guild.id, id, request.reason ?? null);
      auditLogEntry(world, guild.guild.id, {
        action_type: AuditLogEvent.MemberBanAdd,
        user_id: botOf(request).id,
        target_id: id,
        ...(request.reason ? { reason: request.reason } : {}),
      });
      banned.push(id);
    }
    if (banned.length === 0) throw badRequest(RESTJSONErrorCodes.FailedToBanUsers, 'Failed to ban users');
    return { banned_users: banned, failed_users: failed };
  });
}
