/**
 * The rest of a guild's life as world actions: scheduled events and their subscribers, invites,
 * integrations, auto-moderation rules and executions, webhook changes (presence, voice and stages
 * are in ./voice.ts). Each stores what Discord would keep and dispatches the
 * event with its gating intent.
 */
import {
  type APIAutoModerationRule,
  type APIGuildIntegration,
  type APIGuildScheduledEvent,
  GatewayDispatchEvents as E,
  GatewayIntentBits as I,
} from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import { applyChanges, guildEvent } from './announce.js';
import { knownGuild } from './known-guild.js';

/** Create a scheduled event; GUILD_SCHEDULED_EVENT_CREATE. */
export function createScheduledEvent(
  world: World,
  guildId: string,
  fields: Record<string, unknown> & { name: string },
): APIGuildScheduledEvent {
  const s = knownGuild(world, guildId);
  const event = {
    id: world.nextId(),
    guild_id: guildId,
    channel_id: (fields.channel_id as string | undefined) ?? null,
    creator_id: (fields.creator_id as string | undefined) ?? null,
    name: fields.name,
    description: (fields.description as string | undefined) ?? null,
    scheduled_start_time:
      (fields.scheduled_start_time as string | undefined) ?? new Date(world.clock.now() + 3_600_000).toISOString(),
    scheduled_end_time: (fields.scheduled_end_time as string | undefined) ?? null,
    privacy_level: 2,
    status: 1,
    entity_type: (fields.entity_type as number | undefined) ?? 2,
    entity_id: null,
    entity_metadata: (fields.entity_metadata as unknown) ?? null,
    user_count: 0,
    image: null,
    recurrence_rule: null,
  } as unknown as APIGuildScheduledEvent;
  s.scheduledEvents.set(event.id, event);
  s.scheduledEventUsers.set(event.id, new Set());
  guildEvent(world, guildId, E.GuildScheduledEventCreate, event, I.GuildScheduledEvents);
  return event;
}

/** Edit a scheduled event (status, times, name...); GUILD_SCHEDULED_EVENT_UPDATE. */
export function updateScheduledEvent(world: World, guildId: string, eventId: string, changes: Record<string, unknown>) {
  const event = knownGuild(world, guildId).scheduledEvents.get(eventId);
  if (!event) return undefined;
  applyChanges(event, changes, [
    'name',
    'description',
    'status',
    'scheduled_start_time',
    'scheduled_end_time',
    'channel_id',
    'entity_type',
    'entity_metadata',
    'privacy_level',
  ]);
  guildEvent(world, guildId, E.GuildScheduledEventUpdate, event, I.GuildScheduledEvents);
  return event;
}

/** Delete a scheduled event; GUILD_SCHEDULED_EVENT_DELETE. */
export function deleteScheduledEvent(world: World, guildId: string, eventId: string) {
  const s = knownGuild(world, guildId);
  const event = s.scheduledEvents.get(eventId);
  if (!event) return undefined;
  s.scheduledEvents.delete(eventId);
  s.scheduledEventUsers.delete(eventId);
  guildEvent(world, guildId, E.GuildScheduledEventDelete, event, I.GuildScheduledEvents);
  return event;
}

/** A user subscribes to (or unsubscribes from) a scheduled event; GUILD_SCHEDULED_EVENT_USER_ADD/REMOVE. */
export function scheduledEventUser(
  world: World,
  guildId: string,
  eventId: string,
  userId: string,
  subscribed: boolean,
): boolean {
  const s = knownGuild(world, guildId);
  const users = s.scheduledEventUsers.get(eventId);
  const event = s.scheduledEvents.get(eventId) as { user_count?: number } | undefined;
  if (!users || !event) return false;
  if (subscribed === users.has(userId)) return false;
  if (subscribed) users.add(userId);
  else users.delete(userId);
  event.user_count = users.size;
  const t = subscribed ? E.GuildScheduledEventUserAdd : E.GuildScheduledEventUserRemove;
  guildEvent(
    world,
    guildId,
    t,
    { guild_scheduled_event_id: eventId, user_id: userId, guild_id: guildId },
    I.GuildScheduledEvents,
  );
  return true;
}

/** Create an invite to a channel; INVITE_CREATE (GUILD_INVITES). */
export function createInvite(
  world: World,
  channelId: string,
  inviterId?: string,
  options: { maxAge?: number; maxUses?: number; temporary?: boolean } = {},
) {
  const guildId = world.guildIdOfChannel(channelId);
  const code = world.nextId().slice(-10);
  const maxAge = options.maxAge ?? 86_400;
  const inviter = inviterId ? world.users.get(inviterId) : undefined;
  const d = {
    channel_id: channelId,
    code,
    created_at: world.timestamp(),
    ...(guildId ? { guild_id: guildId } : {}),
    ...(inviter ? { inviter } : {}),
    max_age: maxAge,
    max_uses: options.maxUses ?? 0,
    temporary: options.temporary ?? false,
    uses: 0 as const,
    expires_at: maxAge ? new Date(world.clock.now() + maxAge * 1000).toISOString() : null,
  };
  const channel = world.channels.get(channelId) as { id: string; name?: string; type: number };
  const guild = guildId ? world.guild(guildId)?.guild : undefined;
  world.stores.invites.set(code, {
    code,
    type: 0,
    channel: { id: channel.id, name: channel.name ?? null, type: channel.type },
    ...(guild
      ? {
          guild: {
            id: guild.id,
            name: guild.name,
            icon: guild.icon,
            splash: guild.splash,
            banner: guild.banner,
            description: guild.description,
            features: guild.features,
            verification_level: guild.verification_level,
            vanity_url_code: guild.vanity_url_code,
            nsfw_level: guild.nsfw_level,
            premium_subscription_count: 0,
          },
        }
      : {}),
    ...(inviter ? { inviter } : {}),
    expires_at: d.expires_at,
    uses: 0,
    max_uses: d.max_uses,
    created_at: d.created_at,
  } as never);
  if (guildId) guildEvent(world, guildId, E.InviteCreate, d, I.GuildInvites, channelId);
  return d;
}

/** Delete an invite; INVITE_DELETE. */
export function deleteInvite(world: World, code: string): boolean {
  const invite = world.stores.invites.get(code);
  if (!invite) return false;
  world.stores.invites.delete(code);
  const guildId = invite.guild?.id;
  const channelId = invite.channel?.id;
  if (guildId)
    guildEvent(
      world,
      guildId,
      E.InviteDelete,
      { channel_id: channelId, guild_id: guildId, code },
      I.GuildInvites,
      channelId,
    );
  return true;
}

/** Add an integration (a bot or a connection); INTEGRATION_CREATE and GUILD_INTEGRATIONS_UPDATE. */
export function createIntegration(
  world: World,
  guildId: string,
  name: string,
  applicationId?: string,
): APIGuildIntegration {
  const s = knownGuild(world, guildId);
  const integration = {
    id: world.nextId(),
    name,
    type: applicationId ? 'discord' : 'twitch',
    enabled: true,
    account: { id: world.nextId(), name },
    ...(applicationId ? { application: { id: applicationId, name, icon: null, description: '' } } : {}),
  } as APIGuildIntegration;
  s.integrations.set(integration.id, integration);
  guildEvent(world, guildId, E.IntegrationCreate, { ...integration, guild_id: guildId }, I.GuildIntegrations);
  guildEvent(world, guildId, E.GuildIntegrationsUpdate, { guild_id: guildId }, I.GuildIntegrations);
  return integration;
}

/** Edit an integration; INTEGRATION_UPDATE and GUILD_INTEGRATIONS_UPDATE. */
export function updateIntegration(
  world: World,
  guildId: string,
  integrationId: string,
  changes: Record<string, unknown>,
) {
  const integration = knownGuild(world, guildId).integrations.get(integrationId);
  if (!integration) return undefined;
  applyChanges(integration, changes, ['name', 'enabled', 'syncing', 'expire_behavior', 'expire_grace_period']);
  guildEvent(world, guildId, E.IntegrationUpdate, { ...integration, guild_id: guildId }, I.GuildIntegrations);
  guildEvent(world, guildId, E.GuildIntegrationsUpdate, { guild_id: guildId }, I.GuildIntegrations);
  return integration;
}

/** Remove an integration; INTEGRATION_DELETE and GUILD_INTEGRATIONS_UPDATE. */
export function deleteIntegration(world: World, guildId: string, integrationId: string): boolean {
  const s = knownGuild(world, guildId);
  const integration = s.integrations.get(integrationId);
  if (!integration) return false;
  s.integrations.delete(integrationId);
  guildEvent(
    world,
    guildId,
    E.IntegrationDelete,
    {
      id: integrationId,
      guild_id: guildId,
      ...(integration.application ? { application_id: integration.application.id } : {}),
    },
    I.GuildIntegrations,
  );
  guildEvent(world, guildId, E.GuildIntegrationsUpdate, { guild_id: guildId }, I.GuildIntegrations);
  return true;
}

/** Create an auto-moderation keyword rule; AUTO_MODERATION_RULE_CREATE. */
export function createAutoModerationRule(
  world: World,
  guildId: string,
  name: string,
  keywords: string[],
  creatorId?: string,
): APIAutoModerationRule {
  const s = knownGuild(world, guildId);
  const rule = {
    id: world.nextId(),
    guild_id: guildId,
    name,
    creator_id: creatorId ?? s.guild.owner_id,
    event_type: 1,
    trigger_type: 1,
    trigger_metadata: { keyword_filter: keywords, regex_patterns: [], allow_list: [] },
    actions: [{ type: 1, metadata: {} }],
    enabled: true,
    exempt_roles: [],
    exempt_channels: [],
  } as unknown as APIAutoModerationRule;
  s.autoModerationRules.set(rule.id, rule);
  guildEvent(world, guildId, E.AutoModerationRuleCreate, rule, I.AutoModerationConfiguration);
  return rule;
}

/** Edit an auto-moderation rule; AUTO_MODERATION_RULE_UPDATE. */
export function updateAutoModerationRule(
  world: World,
  guildId: string,
  ruleId: string,
  changes: Record<string, unknown>,
) {
  const rule = knownGuild(world, guildId).autoModerationRules.get(ruleId);
  if (!rule) return undefined;
  applyChanges(rule, changes, [
    'name',
    'event_type',
    'trigger_metadata',
    'actions',
    'enabled',
    'exempt_roles',
    'exempt_channels',
  ]);
  guildEvent(world, guildId, E.AutoModerationRuleUpdate, rule, I.AutoModerationConfiguration);
  return rule;
}

/** Delete an auto-moderation rule; AUTO_MODERATION_RULE_DELETE. */
export function deleteAutoModerationRule(world: World, guildId: string, ruleId: string) {
  const s = knownGuild(world, guildId);
  const rule = s.autoModerationRules.get(ruleId);
  if (!rule) return undefined;
  s.autoModerationRules.delete(ruleId);
  guildEvent(world, guildId, E.AutoModerationRuleDelete, rule, I.AutoModerationConfiguration);
  return rule;
}

/** A rule blocks a user's message; AUTO_MODERATION_ACTION_EXECUTION (AUTO_MODERATION_EXECUTION). */
export function autoModerationExecution(
  world: World,
  guildId: string,
  ruleId: string,
  userId: string,
  channelId: string,
  content: string,
  keyword: string,
) {
  const d = {
    guild_id: guildId,
    action: { type: 1, metadata: {} },
    rule_id: ruleId,
    rule_trigger_type: 1,
    user_id: userId,
    channel_id: channelId,
    content,
    matched_keyword: keyword,
    matched_content: keyword,
  };
  guildEvent(world, guildId, E.AutoModerationActionExecution, d, I.AutoModerationExecution, channelId);
  return d;
}

/** A channel's webhooks changed; WEBHOOKS_UPDATE (GUILD_WEBHOOKS). */
export function webhooksUpdate(world: World, guildId: string, channelId: string): void {
  guildEvent(
    world,
    guildId,
    E.WebhooksUpdate,
    { guild_id: guildId, channel_id: channelId },
    I.GuildWebhooks,
    channelId,
  );
}
