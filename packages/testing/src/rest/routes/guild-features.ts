/**
 * More guild routes: scheduled events (and their users), stage instances, auto-moderation rules,
 * integrations, the guild's invites, voice states, prune count, and the audit log (entries the fake
 * recorded through `fake.simulate.auditLogEntry` and REST actions with a reason).
 */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import {
  createAutoModerationRule,
  createScheduledEvent,
  deleteAutoModerationRule,
  deleteIntegration,
  deleteScheduledEvent,
  updateAutoModerationRule,
  updateScheduledEvent,
} from '../../actions/guild-events.js';
import { createStageInstance, deleteStageInstance, updateStageInstance } from '../../actions/voice.js';
import { botOf, channelFor, guildFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker, queryInteger } from '../validate.js';

/** Add the scheduled event, stage, auto-moderation, integration, invite, voice state and audit log routes. */
export function addGuildFeatureRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const gid = (request: RestRequest) => request.params.guild_id!;

  router.add('GET', '/guilds/:guild_id/scheduled-events', (request) => {
    const guild = guildFor(world, request, gid(request));
    return [...guild.scheduledEvents.values()];
  });
  router.add('GET', '/guilds/:guild_id/scheduled-events/:event_id', (request) => {
    const event = guildFor(world, request, gid(request)).scheduledEvents.get(request.params.event_id!);
    if (!event) throw unknown('scheduledEvent');
    return event;
  });
  router.add('POST', '/guilds/:guild_id/scheduled-events', (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageEvents);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 1, max: 100, required: true });
    checker.string(['scheduled_start_time'], body.scheduled_start_time, { required: true });
    checker.integer(['entity_type'], body.entity_type, { min: 1, max: 3, required: true });
    checker.done();
    return createScheduledEvent(world, guild.guild.id, {
      ...body,
      name: String(body.name),
      creator_id: botOf(request).id,
    });
  });
  router.add('PATCH', '/guilds/:guild_id/scheduled-events/:event_id', (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageEvents);
    const event = updateScheduledEvent(world, guild.guild.id, request.params.event_id!, objectBody(request));
    if (!event) throw unknown('scheduledEvent');
    return event;
  });
  router.add('DELETE', '/guilds/:guild_id/scheduled-events/:event_id', (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageEvents);
    if (!deleteScheduledEvent(world, guild.guild.id, request.params.event_id!)) throw unknown('scheduledEvent');
    return respond(204);
  });
  router.add('GET', '/guilds/:guild_id/scheduled-events/:event_id/users', (request) => {
    const guild = guildFor(world, request, gid(request));
    const users = guild.scheduledEventUsers.get(request.params.event_id!);
    if (!users) throw unknown('scheduledEvent');
    const limit = queryInteger(request.query, 'limit', 100, 1, 100);
    return [...users]
      .slice(0, limit)
      .map((id) => ({ guild_scheduled_event_id: request.params.event_id, user: world.users.get(id) }));
  });

  router.add('POST', '/stage-instances', (request) => {
    const body = objectBody(request);
    const checker = new Checker();
    checker.snowflake(['channel_id'], body.channel_id, { required: true });
    checker.string(['topic'], body.topic, { min: 1, max: 120, required: true });
    checker.done();
    const { channel, guild } = channelFor(world, request, String(body.channel_id), P.ManageChannels);
    if (!guild) throw unknown('channel');
    return createStageInstance(world, guild.guild.id, channel.id, String(body.topic));
  });
  const stageOf = (request: RestRequest) => {
    const { guild } = channelFor(world, request, request.params.channel_id!);
    const stage = guild && [...guild.stageInstances.values()].find((s) => s.channel_id === request.params.channel_id);
    if (!guild || !stage) throw unknown('stageInstance');
    return { guild, stage };
  };
  router.add('GET', '/stage-instances/:channel_id', (request) => stageOf(request).stage);
  router.add('PATCH', '/stage-instances/:channel_id', (request) => {
    const { guild, stage } = stageOf(request);
    return updateStageInstance(world, guild.guild.id, stage.id, objectBody(request));
  });
  router.add('DELETE', '/stage-instances/:channel_id', (request) => {
    const { guild, stage } = stageOf(request);
    deleteStageInstance(world, guild.guild.id, stage.id);
    return respond(204);
  });

  const rules = '/guilds/:guild_id/auto-moderation/rules';
  router.add('GET', rules, (request) => [
    ...guildFor(world, request, gid(request), P.ManageGuild).autoModerationRules.values(),
  ]);
  router.add('GET', `${rules}/:rule_id`, (request) => {
    const rule = guildFor(world, request, gid(request), P.ManageGuild).autoModerationRules.get(request.params.rule_id!);
    if (!rule) throw new HttpError(404, 0, '404: Not Found');
    return rule;
  });
  router.add('POST', rules, (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageGuild);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['name'], body.name, { min: 1, max: 100, required: true });
    checker.integer(['event_type'], body.event_type, { required: true });
    checker.integer(['trigger_type'], body.trigger_type, { required: true });
    checker.array(['actions'], body.actions, { required: true });
    checker.done();
    const keywords = ((body.trigger_metadata as { keyword_filter?: string[] } | undefined)?.keyword_filter ?? []).map(
      String,
    );
    const rule = createAutoModerationRule(world, guild.guild.id, String(body.name), keywords, botOf(request).id);
    return updateAutoModerationRule(world, guild.guild.id, rule.id, body) ?? rule;
  });
  router.add('PATCH', `${rules}/:rule_id`, (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageGuild);
    const rule = updateAutoModerationRule(world, guild.guild.id, request.params.rule_id!, objectBody(request));
    if (!rule) throw new HttpError(404, 0, '404: Not Found');
    return rule;
  });
  router.add('DELETE', `${rules}/:rule_id`, (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageGuild);
    if (!deleteAutoModerationRule(world, guild.guild.id, request.params.rule_id!))
      throw new HttpError(404, 0, '404: Not Found');
    return respond(204);
  });

  router.add('GET', '/guilds/:guild_id/integrations', (request) => [
    ...guildFor(world, request, gid(request), P.ManageGuild).integrations.values(),
  ]);
  router.add('DELETE', '/guilds/:guild_id/integrations/:integration_id', (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageGuild);
    if (!deleteIntegration(world, guild.guild.id, request.params.integration_id!)) throw unknown('integration');
    return respond(204);
  });

  router.add('GET', '/guilds/:guild_id/invites', (request) => {
    const guild = guildFor(world, request, gid(request), P.ManageGuild);
    return [...world.stores.invites.values()].filter((i) => i.guild?.id === guild.guild.id);
  });

  router.add('GET', '/guilds/:guild_id/voice-states/@me', (request) => {
    const guild = guildFor(world, request, gid(request));
    const state = guild.voiceStates.get(botOf(request).id);
    if (!state) throw new HttpError(404, 10065, 'Unknown Voice State');
    return state;
  });
  router.add('GET', '/guilds/:guild_id/voice-states/:user_id', (request) => {
    const state = guildFor(world, request, gid(request)).voiceStates.get(request.params.user_id!);
    if (!state) throw new HttpError(404, 10065, 'Unknown Voice State');
    return state;
  });

  router.add('GET', '/guilds/:guild_id/prune', (request) => {
    guildFor(world, request, gid(request), P.KickMembers);
    return { pruned: 0 };
  });

  router.add('GET', '/guilds/:guild_id/audit-logs', (request) => {
    const guild = guildFor(world, request, gid(request), P.ViewAuditLog);
    const limit = queryInteger(request.query, 'limit', 50, 1, 100);
    const entries = (world.stores.auditLog.get(guild.guild.id) ?? []).slice(-limit).reverse();
    const userIds = new Set(entries.map((e) => e.user_id).filter((id): id is string => typeof id === 'string'));
    return {
      audit_log_entries: entries,
      users: [...userIds].flatMap((id) => (world.users.get(id) ? [world.users.get(id)] : [])),
      integrations: [],
      webhooks: [],
      guild_scheduled_events: [],
      threads: [],
      application_commands: [],
      auto_moderation_rules: [],
    };
  });
}
