/**
 * Guild routes: the guild (get, edit), its channels (list, create), members (get, list, search,
 * edit, kick, the bot's own nick), bans, roles (list, create, edit, delete) and member roles.
 * Permission checks follow Discord (MANAGE_GUILD, MANAGE_CHANNELS, MANAGE_ROLES, KICK_MEMBERS,
 * BAN_MEMBERS, MANAGE_NICKNAMES, MODERATE_MEMBERS); role hierarchy is not checked.
 */
import {
  AuditLogEvent,
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  PermissionFlagsBits as P,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import {
  addMemberRole,
  auditLogEntry,
  banUser,
  createRole,
  deleteRole,
  removeMemberRole,
  unbanUser,
  updateGuild,
  updateMember,
  updateRole,
} from '../../actions/guilds.js';
import { setVoiceState } from '../../actions/voice.js';
import { guildObject } from '../../world/guild-state.js';
import { basePermissions } from '../../world/permissions.js';
import { botOf, guildFor, memberOf, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest, missingAccess, missingPermissions, unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker, queryInteger } from '../validate.js';

/** Add the guild routes. */
export function addGuildRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const audit = (request: RestRequest, guildId: string, action: AuditLogEvent, targetId: string) =>
    auditLogEntry(world, guildId, {
      action_type: action,
      user_id: botOf(request).id,
      target_id: targetId,
      ...(request.reason ? { reason: request.reason } : {}),
    });

  router.add('GET', '/guilds/:guild_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    const out: Record<string, unknown> = { ...guildObject(guild) };
    if (request.query.get('with_counts') === 'true') {
      out.approximate_member_count = guild.members.size;
      out.approximate_presence_count = guild.presences.size;
    }
    return out;
  });

  router.add('PATCH', '/guilds/:guild_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageGuild);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 2, max: 100 });
    checker.done();
    return updateGuild(world, guild.guild.id, body);
  });

  router.add('GET', '/guilds/:guild_id/channels', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    return [...guild.channels.values()].filter(
      (c) => ![ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread].includes(c.type),
    );
  });

  router.add('POST', '/guilds/:guild_id/channels', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageChannels);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 1, max: 100, required: true });
    checker.integer(['type'], body.type, { min: 0, max: 16 });
    if (body.parent_id !== undefined && body.parent_id !== null && checker.snowflake(['parent_id'], body.parent_id)) {
      const parent = guild.channels.get(String(body.parent_id));
      if (!parent || parent.type !== ChannelType.GuildCategory)
        checker.fail(['parent_id'], 'CHANNEL_PARENT_INVALID', 'Category does not exist');
    }
    checker.done();
    const channel = world.createChannel(guild.guild.id, {
      name: String(body.name),
      type: (body.type as ChannelType | undefined) ?? ChannelType.GuildText,
      parentId: (body.parent_id as string | undefined) ?? null,
      quiet: true,
    });
    for (const key of [
      'topic',
      'nsfw',
      'rate_limit_per_user',
      'bitrate',
      'user_limit',
      'permission_overwrites',
      'position',
    ] as const) {
      if (body[key] !== undefined) (channel as unknown as Record<string, unknown>)[key] = body[key];
    }
    world.dispatch({
      t: GatewayDispatchEvents.ChannelCreate,
      d: channel,
      guildId: guild.guild.id,
      channelId: channel.id,
      intent: GatewayIntentBits.Guilds,
    });
    return respond(201, channel);
  });

  router.add('GET', '/guilds/:guild_id/members/:user_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    return memberOf(guild, request.params.user_id!);
  });

  router.add('GET', '/guilds/:guild_id/members', (request) => {
    const bot = botOf(request);
    const guild = guildFor(world, request, request.params.guild_id!);
    if (!(bot.privilegedIntents & GatewayIntentBits.GuildMembers)) throw missingAccess();
    const limit = queryInteger(request.query, 'limit', 1, 1, 1000);
    const after = BigInt(request.query.get('after') ?? '0');
    return [...guild.members.values()]
      .filter((m) => BigInt(m.user.id) > after)
      .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1))
      .slice(0, limit);
  });

  router.add('GET', '/guilds/:guild_id/members/search', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!);
    const query = (request.query.get('query') ?? '').toLowerCase();
    const limit = queryInteger(request.query, 'limit', 1, 1, 1000);
    return [...guild.members.values()]
      .filter((m) => m.user.username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query))
      .slice(0, limit);
  });

  router.add('PATCH', '/guilds/:guild_id/members/:user_id', (request) => {
    const bot = botOf(request);
    const guild = guildFor(world, request, request.params.guild_id!);
    memberOf(guild, request.params.user_id!);
    const body = objectBody(request);
    const perms = basePermissions(guild, bot.id);
    const need = (flag: bigint) => {
      if ((perms & flag) !== flag) throw missingPermissions();
    };
    const checker = new Checker();
    if ('nick' in body) {
      checker.string(['nick'], body.nick, { max: 32 });
      need(request.params.user_id === bot.id ? P.ChangeNickname : P.ManageNicknames);
    }
    if ('roles' in body) {
      need(P.ManageRoles);
      if (checker.array(['roles'], body.roles)) {
        for (const [i, id] of (body.roles as unknown[]).entries())
          if (!guild.roles.has(String(id))) checker.fail(['roles', i], 'ROLE_INVALID', 'Role does not exist');
      }
    }
    if ('communication_disabled_until' in body) need(P.ModerateMembers);
    if ('mute' in body) need(P.MuteMembers);
    if ('deaf' in body) need(P.DeafenMembers);
    const userId = request.params.user_id!;
    const voice = guild.voiceStates.get(userId);
    if ('channel_id' in body) {
      need(P.MoveMembers);
      if (body.channel_id !== null && checker.snowflake(['channel_id'], body.channel_id)) {
        const target = guild.channels.get(String(body.channel_id));
        if (target?.type !== ChannelType.GuildVoice && target?.type !== ChannelType.GuildStageVoice)
          checker.fail(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Channel is not a voice channel');
      }
    }
    checker.done();
    // Moving, disconnecting, muting or deafening someone in voice is a VOICE_STATE_UPDATE too.
    const voiceChange = 'channel_id' in body || 'mute' in body || 'deaf' in body;
    if ('channel_id' in body && !voice) {
      throw badRequest(RESTJSONErrorCodes.TargetUserIsNotConnectedToVoice, 'Target user is not connected to voice.');
    }
    const member = updateMember(world, guild.guild.id, userId, body);
    if (voice && voiceChange) {
      const channelId =
        'channel_id' in body ? (body.channel_id === null ? null : String(body.channel_id)) : voice.channel_id;
      const {
        channel_id: _was,
        guild_id: _guild,
        member: _member,
        ...flags
      } = voice as typeof voice & {
        guild_id?: string;
        member?: unknown;
      };
      setVoiceState(world, guild.guild.id, userId, channelId, {
        ...flags,
        ...(typeof body.mute === 'boolean' ? { mute: body.mute } : {}),
        ...(typeof body.deaf === 'boolean' ? { deaf: body.deaf } : {}),
      });
    }
    return member;
  });

  router.add('PATCH', '/guilds/:guild_id/members/@me', (request) => {
    const bot = botOf(request);
    const guild = guildFor(world, request, request.params.guild_id!, P.ChangeNickname);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['nick'], body.nick, { max: 32 });
    checker.done();
    return updateMember(world, guild.guild.id, bot.id, { nick: body.nick ?? null });
  });

  router.add('DELETE', '/guilds/:guild_id/members/:user_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.KickMembers);
    memberOf(guild, request.params.user_id!);
    world.removeMember(guild.guild.id, request.params.user_id!);
    audit(request, guild.guild.id, AuditLogEvent.MemberKick, request.params.user_id!);
    return respond(204);
  });

  router.add('GET', '/guilds/:guild_id/bans', (request) => [
    ...guildFor(world, request, request.params.guild_id!, P.BanMembers).bans.values(),
  ]);

  router.add('GET', '/guilds/:guild_id/bans/:user_id', (request) => {
    const ban = guildFor(world, request, request.params.guild_id!, P.BanMembers).bans.get(request.params.user_id!);
    if (!ban) throw unknown('ban');
    return ban;
  });

  router.add('PUT', '/guilds/:guild_id/bans/:user_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.BanMembers);
    if (!world.users.has(request.params.user_id!)) throw unknown('user');
    banUser(world, guild.guild.id, request.params.user_id!, request.reason ?? null);
    audit(request, guild.guild.id, AuditLogEvent.MemberBanAdd, request.params.user_id!);
    return respond(204);
  });

  router.add('DELETE', '/guilds/:guild_id/bans/:user_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.BanMembers);
    if (!unbanUser(world, guild.guild.id, request.params.user_id!)) throw unknown('ban');
    audit(request, guild.guild.id, AuditLogEvent.MemberBanRemove, request.params.user_id!);
    return respond(204);
  });

  router.add('GET', '/guilds/:guild_id/roles', (request) => [
    ...guildFor(world, request, request.params.guild_id!).roles.values(),
  ]);

  router.add('GET', '/guilds/:guild_id/roles/:role_id', (request) => {
    const role = guildFor(world, request, request.params.guild_id!).roles.get(request.params.role_id!);
    if (!role) throw unknown('role');
    return role;
  });

  router.add('POST', '/guilds/:guild_id/roles', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    const body = objectBody(request, false);
    const checker = new Checker();
    checker.string(['name'], body.name, { max: 100 });
    checker.integer(['color'], body.color, { min: 0, max: 0xffffff });
    checkRoleColors(checker, body.colors);
    checker.done();
    return createRole(world, guild.guild.id, body);
  });

  router.add('PATCH', '/guilds/:guild_id/roles/:role_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { max: 100 });
    checker.integer(['color'], body.color, { min: 0, max: 0xffffff });
    checkRoleColors(checker, body.colors);
    checker.done();
    const role = updateRole(world, guild.guild.id, request.params.role_id!, body);
    if (!role) throw unknown('role');
    return role;
  });

  router.add('DELETE', '/guilds/:guild_id/roles/:role_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    if (request.params.role_id === guild.guild.id) throw unknown('role');
    if (!deleteRole(world, guild.guild.id, request.params.role_id!)) throw unknown('role');
    return respond(204);
  });

  router.add('PUT', '/guilds/:guild_id/members/:user_id/roles/:role_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    memberOf(guild, request.params.user_id!);
    if (!guild.roles.has(request.params.role_id!)) throw unknown('role');
    addMemberRole(world, guild.guild.id, request.params.user_id!, request.params.role_id!);
    return respond(204);
  });

  router.add('DELETE', '/guilds/:guild_id/members/:user_id/roles/:role_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.ManageRoles);
    memberOf(guild, request.params.user_id!);
    if (!guild.roles.has(request.params.role_id!)) throw unknown('role');
    removeMemberRole(world, guild.guild.id, request.params.user_id!, request.params.role_id!);
    return respond(204);
  });
}

/** `colors` of a role body: each colour an integer 0..0xFFFFFF (secondary and tertiary may be null). */
function checkRoleColors(checker: Checker, colors: unknown): void {
  if (colors === undefined || colors === null) return;
  if (typeof colors !== 'object')
    return void checker.fail(['colors'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  for (const key of ['primary_color', 'secondary_color', 'tertiary_color'] as const) {
    const value = (colors as Record<string, unknown>)[key];
    if (value !== null)
      checker.integer(['colors', key], value, { min: 0, max: 0xffffff, required: key === 'primary_color' });
  }
}
