/**
 * Fidelity of every dispatch event: the fake produces each of Discord's dispatch events through
 * its simulated actions (`EVENT_ACTIONS`); a discord.js client receives each one, runs its handler
 * without an error, and emits the client event discord.js maps it to. Events discord.js has no
 * client event for (CHANNEL_INFO, RATE_LIMITED, INTEGRATION_*, VOICE_CHANNEL_START_TIME_UPDATE,
 * VOICE_CHANNEL_STATUS_UPDATE) are only checked to arrive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Client, type ClientEvents, GatewayDispatchEvents, Partials } from 'discord.js';
import { createEventScenario, EVENT_ACTIONS, type EventScenario, FakeDiscord } from '../src/index.js';
import { ALL_INTENTS, discordjsClient, EVENT_TIMEOUT, login, waitFor } from './discordjs-helpers.js';

/** The discord.js client event each dispatch becomes (undefined: discord.js emits none). */
const CLIENT_EVENT: Record<string, keyof ClientEvents | undefined> = {
  APPLICATION_COMMAND_PERMISSIONS_UPDATE: 'applicationCommandPermissionsUpdate',
  AUTO_MODERATION_ACTION_EXECUTION: 'autoModerationActionExecution',
  AUTO_MODERATION_RULE_CREATE: 'autoModerationRuleCreate',
  AUTO_MODERATION_RULE_DELETE: 'autoModerationRuleDelete',
  AUTO_MODERATION_RULE_UPDATE: 'autoModerationRuleUpdate',
  CHANNEL_CREATE: 'channelCreate',
  CHANNEL_DELETE: 'channelDelete',
  CHANNEL_INFO: undefined,
  CHANNEL_PINS_UPDATE: 'channelPinsUpdate',
  CHANNEL_UPDATE: 'channelUpdate',
  ENTITLEMENT_CREATE: 'entitlementCreate',
  ENTITLEMENT_DELETE: 'entitlementDelete',
  ENTITLEMENT_UPDATE: 'entitlementUpdate',
  GUILD_AUDIT_LOG_ENTRY_CREATE: 'guildAuditLogEntryCreate',
  GUILD_BAN_ADD: 'guildBanAdd',
  GUILD_BAN_REMOVE: 'guildBanRemove',
  GUILD_CREATE: 'guildCreate',
  GUILD_DELETE: 'guildDelete',
  GUILD_EMOJIS_UPDATE: 'emojiCreate',
  GUILD_INTEGRATIONS_UPDATE: 'guildIntegrationsUpdate',
  GUILD_MEMBER_ADD: 'guildMemberAdd',
  GUILD_MEMBER_REMOVE: 'guildMemberRemove',
  GUILD_MEMBERS_CHUNK: 'guildMembersChunk',
  GUILD_MEMBER_UPDATE: 'guildMemberUpdate',
  GUILD_ROLE_CREATE: 'roleCreate',
  GUILD_ROLE_DELETE: 'roleDelete',
  GUILD_ROLE_UPDATE: 'roleUpdate',
  GUILD_SCHEDULED_EVENT_CREATE: 'guildScheduledEventCreate',
  GUILD_SCHEDULED_EVENT_DELETE: 'guildScheduledEventDelete',
  GUILD_SCHEDULED_EVENT_UPDATE: 'guildScheduledEventUpdate',
  GUILD_SCHEDULED_EVENT_USER_ADD: 'guildScheduledEventUserAdd',
  GUILD_SCHEDULED_EVENT_USER_REMOVE: 'guildScheduledEventUserRemove',
  GUILD_SOUNDBOARD_SOUND_CREATE: 'guildSoundboardSoundCreate',
  GUILD_SOUNDBOARD_SOUND_DELETE: 'guildSoundboardSoundDelete',
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: 'guildSoundboardSoundsUpdate',
  GUILD_SOUNDBOARD_SOUND_UPDATE: 'guildSoundboardSoundUpdate',
  SOUNDBOARD_SOUNDS: 'soundboardSounds',
  GUILD_STICKERS_UPDATE: 'stickerCreate',
  GUILD_UPDATE: 'guildUpdate',
  INTEGRATION_CREATE: undefined,
  INTEGRATION_DELETE: undefined,
  INTEGRATION_UPDATE: undefined,
  INTERACTION_CREATE: 'interactionCreate',
  INVITE_CREATE: 'inviteCreate',
  INVITE_DELETE: 'inviteDelete',
  MESSAGE_CREATE: 'messageCreate',
  MESSAGE_DELETE: 'messageDelete',
  MESSAGE_DELETE_BULK: 'messageDeleteBulk',
  MESSAGE_POLL_VOTE_ADD: 'messagePollVoteAdd',
  MESSAGE_POLL_VOTE_REMOVE: 'messagePollVoteRemove',
  MESSAGE_REACTION_ADD: 'messageReactionAdd',
  MESSAGE_REACTION_REMOVE: 'messageReactionRemove',
  MESSAGE_REACTION_REMOVE_ALL: 'messageReactionRemoveAll',
  MESSAGE_REACTION_REMOVE_EMOJI: 'messageReactionRemoveEmoji',
  MESSAGE_UPDATE: 'messageUpdate',
  PRESENCE_UPDATE: 'presenceUpdate',
  RATE_LIMITED: undefined,
  STAGE_INSTANCE_CREATE: 'stageInstanceCreate',
  STAGE_INSTANCE_DELETE: 'stageInstanceDelete',
  STAGE_INSTANCE_UPDATE: 'stageInstanceUpdate',
  SUBSCRIPTION_CREATE: 'subscriptionCreate',
  SUBSCRIPTION_DELETE: 'subscriptionDelete',
  SUBSCRIPTION_UPDATE: 'subscriptionUpdate',
  THREAD_CREATE: 'threadMembersUpdate',
  THREAD_DELETE: 'threadDelete',
  THREAD_LIST_SYNC: 'threadListSync',
  THREAD_MEMBERS_UPDATE: 'threadMembersUpdate',
  THREAD_MEMBER_UPDATE: 'threadMemberUpdate',
  THREAD_UPDATE: 'threadUpdate',
  TYPING_START: 'typingStart',
  USER_UPDATE: 'userUpdate',
  VOICE_CHANNEL_EFFECT_SEND: 'voiceChannelEffectSend',
  VOICE_CHANNEL_START_TIME_UPDATE: undefined,
  VOICE_CHANNEL_STATUS_UPDATE: undefined,
  VOICE_SERVER_UPDATE: 'voiceServerUpdate',
  VOICE_STATE_UPDATE: 'voiceStateUpdate',
  WEBHOOKS_UPDATE: 'webhookUpdate',
};

describe('discord.js 14 against the fake Discord: every dispatch event', () => {
  let fake: FakeDiscord;
  let scenario: EventScenario;
  let client: Client<true>;
  const errors: unknown[] = [];

  before(async () => {
    fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000 } });
    scenario = createEventScenario(fake);
    const partials = Object.values(Partials).filter((p): p is Partials => typeof p === 'number');
    const raw = discordjsClient(fake, ALL_INTENTS, { partials });
    raw.on('error', (error) => errors.push(error));
    client = await login(raw, scenario.bot.token);
  });
  after(async () => {
    await client?.destroy();
    await fake?.close();
  });

  test('the table names every dispatch event but READY and RESUMED', () => {
    const expected = Object.values(GatewayDispatchEvents).filter((t) => t !== 'READY' && t !== 'RESUMED');
    assert.deepEqual(Object.keys(CLIENT_EVENT).sort(), [...expected].sort());
  });

  for (const [t, clientEvent] of Object.entries(CLIENT_EVENT)) {
    test(`${t}${clientEvent ? ` -> ${clientEvent}` : ' arrives'}`, async () => {
      const action = EVENT_ACTIONS[t as GatewayDispatchEvents];
      assert.equal(typeof action, 'function', `${t} has an action`);
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${t} never reached discord.js`)), EVENT_TIMEOUT);
        const listener = (packet: { t?: string }) => {
          if (packet.t !== t) return;
          clearTimeout(timer);
          client.off('raw', listener);
          resolve();
        };
        client.on('raw', listener);
      });
      const emitted = clientEvent ? waitFor(client, clientEvent) : Promise.resolve();
      await (action as (s: EventScenario) => unknown)(scenario);
      await Promise.all([arrived, emitted]);
      assert.deepEqual(errors, []);
    });
  }
});
