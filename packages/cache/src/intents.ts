import { GatewayIntentBits } from 'discord-api-types/v10';
import type { CacheOwner } from './owner.js';

const I = GatewayIntentBits;

/** The intent a session needs to receive each guild dispatch event (guild events not listed: GUILDS). */
const EVENT_INTENT: Readonly<Record<string, number>> = {
  GUILD_MEMBER_ADD: I.GuildMembers,
  GUILD_MEMBER_REMOVE: I.GuildMembers,
  GUILD_MEMBER_UPDATE: I.GuildMembers,
  THREAD_MEMBERS_UPDATE: I.GuildMembers,
  GUILD_BAN_ADD: I.GuildModeration,
  GUILD_BAN_REMOVE: I.GuildModeration,
  GUILD_AUDIT_LOG_ENTRY_CREATE: I.GuildModeration,
  GUILD_EMOJIS_UPDATE: I.GuildExpressions,
  GUILD_STICKERS_UPDATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_CREATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_UPDATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_DELETE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: I.GuildExpressions,
  GUILD_INTEGRATIONS_UPDATE: I.GuildIntegrations,
  INTEGRATION_CREATE: I.GuildIntegrations,
  INTEGRATION_UPDATE: I.GuildIntegrations,
  INTEGRATION_DELETE: I.GuildIntegrations,
  WEBHOOKS_UPDATE: I.GuildWebhooks,
  INVITE_CREATE: I.GuildInvites,
  INVITE_DELETE: I.GuildInvites,
  VOICE_STATE_UPDATE: I.GuildVoiceStates,
  VOICE_CHANNEL_EFFECT_SEND: I.GuildVoiceStates,
  PRESENCE_UPDATE: I.GuildPresences,
  MESSAGE_CREATE: I.GuildMessages,
  MESSAGE_UPDATE: I.GuildMessages,
  MESSAGE_DELETE: I.GuildMessages,
  MESSAGE_DELETE_BULK: I.GuildMessages,
  MESSAGE_REACTION_ADD: I.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE: I.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_ALL: I.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_EMOJI: I.GuildMessageReactions,
  TYPING_START: I.GuildMessageTyping,
  GUILD_SCHEDULED_EVENT_CREATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_UPDATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_DELETE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_USER_ADD: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_USER_REMOVE: I.GuildScheduledEvents,
  AUTO_MODERATION_RULE_CREATE: I.AutoModerationConfiguration,
  AUTO_MODERATION_RULE_UPDATE: I.AutoModerationConfiguration,
  AUTO_MODERATION_RULE_DELETE: I.AutoModerationConfiguration,
  AUTO_MODERATION_ACTION_EXECUTION: I.AutoModerationExecution,
  MESSAGE_POLL_VOTE_ADD: I.GuildMessagePolls,
  MESSAGE_POLL_VOTE_REMOVE: I.GuildMessagePolls,
};

/**
 * The owners among `owners` that will receive a guild event `eventName` (all, for owners without
 * declared intents). `subject`, when given, receives it whatever its intents: Discord always sends a
 * bot the GUILD_MEMBER_UPDATE of its own member, GUILD_MEMBERS or not.
 */
export function receivers(owners: readonly CacheOwner[], eventName: string, subject?: CacheOwner): CacheOwner[] {
  const intent = EVENT_INTENT[eventName] ?? I.Guilds;
  const result: CacheOwner[] = [];
  for (const owner of owners) {
    if (owner === subject || owner.intents === undefined || (owner.intents & intent) !== 0) result.push(owner);
  }
  return result;
}
