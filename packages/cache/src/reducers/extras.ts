import type {
  APIAutoModerationRule,
  APIGuildIntegration,
  APIGuildScheduledEvent,
  APIStageInstance,
  GatewayAutoModerationActionExecutionDispatchData,
  GatewayGuildAuditLogEntryCreateDispatchData,
  GatewayGuildIntegrationsUpdateDispatchData,
  GatewayGuildScheduledEventUserAddDispatchData,
  GatewayIntegrationDeleteDispatchData,
  GatewayInviteCreateDispatchData,
  GatewayInviteDeleteDispatchData,
  GatewayWebhooksUpdateDispatchData,
} from 'discord-api-types/v10';
import { type Guild, type LazyCollection, writableCollection } from '../entities/guild.js';
import type { EntityRef } from '../entities/refs.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { diffPayload, withoutGuildId } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

type Keyed = { id: string; guild_id?: string };

/**
 * Create/update/delete reducers for a guild collection of payload objects: create gives `[item, guild]`,
 * update `[item, guild, old]` (old = changed keys, undefined when not cached), delete `[cached ?? item, guild]`.
 */
function collection<T extends Keyed>(
  name: 'scheduledEvents' | 'stageInstances' | 'autoModerationRules' | 'integrations',
  keep: (cache: Cache) => boolean,
): { create: Reducer; update: Reducer; remove: Reducer } {
  return {
    create: reducer<T>({
      apply(cache, _o, _s, data) {
        const guild = cache.precreateGuild(data.guild_id as string);
        if (keep(cache)) mapOf(guild, name).set(data.id, data);
        return [data, guild];
      },
    }),
    update: reducer<T>({
      apply(cache, _o, _s, data, diff) {
        const guild = cache.precreateGuild(data.guild_id as string);
        const map = mapOf(guild, name);
        const before = map.get(data.id);
        if (keep(cache)) map.set(data.id, data);
        return [data, guild, diff && before ? diffPayload(before, data) : undefined];
      },
    }),
    remove: reducer<T>({
      apply(cache, _o, _s, data) {
        const guild = cache.precreateGuild(data.guild_id as string);
        const map = mapOf(guild, name);
        const before = map.get(data.id);
        map.delete(data.id);
        return [before ?? data, guild];
      },
    }),
  };
}

const extras = (cache: Cache) => cache.policy.guildExtras;
const mapOf = <T>(guild: Guild, name: LazyCollection) =>
  writableCollection(guild, name as 'emojis') as unknown as Map<string, T>;
const scheduled = collection<APIGuildScheduledEvent>('scheduledEvents', extras);
const stages = collection<APIStageInstance>('stageInstances', extras);
const rules = collection<APIAutoModerationRule>('autoModerationRules', extras);
const integrations = collection<APIGuildIntegration & { guild_id: string }>('integrations', extras);

function scheduledUser(cache: Cache, data: GatewayGuildScheduledEventUserAddDispatchData, delta: number): unknown[] {
  const guild = cache.precreateGuild(data.guild_id);
  const event = guild.scheduledEvents.get(data.guild_scheduled_event_id);
  if (event?.user_count !== undefined) event.user_count += delta;
  const user = cache.userById(data.user_id);
  return [guild, data.guild_scheduled_event_id, user];
}

/** Scheduled events, stage instances, auto moderation, integrations, audit log, invites, webhooks. */
export const EXTRA_REDUCERS: Record<string, Reducer> = {
  GUILD_SCHEDULED_EVENT_CREATE: scheduled.create,
  GUILD_SCHEDULED_EVENT_UPDATE: scheduled.update,
  GUILD_SCHEDULED_EVENT_DELETE: scheduled.remove,
  GUILD_SCHEDULED_EVENT_USER_ADD: reducer<GatewayGuildScheduledEventUserAddDispatchData>({
    apply: (cache, _o, _s, data) => scheduledUser(cache, data, 1),
  }),
  GUILD_SCHEDULED_EVENT_USER_REMOVE: reducer<GatewayGuildScheduledEventUserAddDispatchData>({
    apply: (cache, _o, _s, data) => scheduledUser(cache, data, -1),
  }),
  STAGE_INSTANCE_CREATE: stages.create,
  STAGE_INSTANCE_UPDATE: stages.update,
  STAGE_INSTANCE_DELETE: stages.remove,
  AUTO_MODERATION_RULE_CREATE: rules.create,
  AUTO_MODERATION_RULE_UPDATE: rules.update,
  AUTO_MODERATION_RULE_DELETE: rules.remove,
  AUTO_MODERATION_ACTION_EXECUTION: reducer<GatewayAutoModerationActionExecutionDispatchData>({
    apply: (cache, _o, _s, data) => [data, cache.precreateGuild(data.guild_id)],
  }),
  INTEGRATION_CREATE: integrations.create,
  INTEGRATION_UPDATE: integrations.update,
  INTEGRATION_DELETE: reducer<GatewayIntegrationDeleteDispatchData>({
    apply(cache, _o, _s, data) {
      const guild = cache.precreateGuild(data.guild_id);
      const before = guild.integrations.get(data.id);
      if (before) writableCollection(guild, 'integrations').delete(data.id);
      return [before, guild, data];
    },
  }),
  GUILD_INTEGRATIONS_UPDATE: reducer<GatewayGuildIntegrationsUpdateDispatchData>({
    apply: (cache, _o, _s, data) => [cache.precreateGuild(data.guild_id)],
  }),
  GUILD_AUDIT_LOG_ENTRY_CREATE: reducer<GatewayGuildAuditLogEntryCreateDispatchData>({
    apply: (cache, _o, _s, data) => [withoutGuildId(data), cache.precreateGuild(data.guild_id)],
  }),
  // Invites are kept per guild (invite trackers need the uses at creation); group DM invites are not.
  INVITE_CREATE: reducer<GatewayInviteCreateDispatchData>({
    key: (d) => d.code,
    apply(cache, _o, _s, data) {
      if (data.inviter) cache.user(data.inviter);
      const channel = cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id);
      if (data.guild_id && cache.policy.guildExtras)
        writableCollection(cache.precreateGuild(data.guild_id), 'invites').set(data.code, data);
      return [data, channel];
    },
  }),
  INVITE_DELETE: reducer<GatewayInviteDeleteDispatchData>({
    key: (d) => d.code,
    apply(cache, _o, _s, data) {
      const channel = cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id);
      const guild = data.guild_id ? cache.guilds.get(data.guild_id) : undefined;
      const cached = guild?.invites.get(data.code);
      if (cached) writableCollection(guild as Guild, 'invites').delete(data.code);
      return [data, channel, cached];
    },
  }),
  WEBHOOKS_UPDATE: reducer<GatewayWebhooksUpdateDispatchData>({
    apply: (cache, _o, _s, data) => [
      cache.channels.get(data.channel_id) ?? cache.precreateChannel(data.channel_id, data.guild_id),
    ],
  }),
};
