/**
 * Every dispatch event of `GatewayDispatchEvents`, each with a simulated action that makes the fake
 * produce it. The table is typed by the enum, so a new event in discord-api-types is a compile
 * error here until it has an action; the test suite runs every entry. Useful beyond tests: feed a
 * cache every kind of event (`for (const [t, produce] of Object.entries(EVENT_ACTIONS)) ...`).
 */

import type { APIChannel, APIGuild, APIUser } from 'discord-api-types/v10';
import { ChannelType, GatewayDispatchEvents as E } from 'discord-api-types/v10';
import type { FakeDiscord } from '../fake.js';
import type { FakeBot } from '../world/world.js';

/** The small world the actions play in. */
export interface EventScenario {
  /** The fake the events happen in. */
  fake: FakeDiscord;
  /** The bot that receives them. */
  bot: FakeBot;
  /** A user who acts. */
  user: APIUser;
  /** The guild they happen in. */
  guild: APIGuild;
  /** A text channel of it. */
  channel: APIChannel;
  /** A voice channel of it. */
  voice: APIChannel;
  /** A stage channel of it. */
  stage: APIChannel;
}

/** How an event is produced: a simulated action, or the gateway itself (connect, resume). */
export type EventAction = ((scenario: EventScenario) => unknown) | { gateway: 'identify' | 'resume' };

/** Build the scenario: a bot and a user in a guild with a text, a voice and a stage channel. */
export function createEventScenario(fake: FakeDiscord, bot?: FakeBot): EventScenario {
  const theBot = bot ?? fake.addBot({ name: 'Subject' });
  const user = fake.addUser({ username: 'actor' });
  const guild = fake.addGuild({ name: 'Stage of events', members: [user, theBot] });
  return {
    fake,
    bot: theBot,
    user,
    guild,
    channel: fake.addChannel(guild, { name: 'text' }),
    voice: fake.addChannel(guild, { name: 'voice', type: ChannelType.GuildVoice }),
    stage: fake.addChannel(guild, { name: 'stage', type: ChannelType.GuildStageVoice }),
  };
}

const say = (s: EventScenario, content = 'hello') => s.fake.simulate.message(s.channel, { content }, s.user);
const poll = (s: EventScenario) =>
  s.fake.simulate.message(
    s.channel,
    {
      poll: {
        question: { text: 'Tea?' },
        answers: [{ answer_id: 1, poll_media: { text: 'Yes' } }],
        expiry: null,
        allow_multiselect: false,
        layout_type: 1,
      } as never,
    },
    s.user,
  );

/** Every dispatch event and how to produce it. */
export const EVENT_ACTIONS: Record<E, EventAction> = {
  [E.ApplicationCommandPermissionsUpdate]: (s) =>
    s.fake.simulate.commandPermissionsUpdate(s.bot, s.guild, s.bot.applicationId),
  [E.AutoModerationActionExecution]: (s) => {
    const rule = s.fake.simulate.autoModRuleCreate(s.guild, 'no bad words', ['bad']);
    s.fake.simulate.autoModExecution(s.channel, rule, 'a bad word', 'bad', s.user);
  },
  [E.AutoModerationRuleCreate]: (s) => s.fake.simulate.autoModRuleCreate(s.guild, 'rule', ['x']),
  [E.AutoModerationRuleDelete]: (s) =>
    s.fake.simulate.autoModRuleDelete(s.guild, s.fake.simulate.autoModRuleCreate(s.guild, 'rule', ['x'])),
  [E.AutoModerationRuleUpdate]: (s) =>
    s.fake.simulate.autoModRuleUpdate(s.guild, s.fake.simulate.autoModRuleCreate(s.guild, 'rule', ['x']), {
      enabled: false,
    }),
  [E.ChannelCreate]: (s) => s.fake.simulate.channelCreate(s.guild, 'new'),
  [E.ChannelDelete]: (s) => s.fake.simulate.channelDelete(s.fake.simulate.channelCreate(s.guild, 'doomed')),
  [E.ChannelInfo]: (s) => s.fake.simulate.channelInfo(s.bot, s.guild),
  [E.ChannelPinsUpdate]: (s) => s.fake.simulate.pin(s.channel, say(s)),
  [E.ChannelUpdate]: (s) => s.fake.simulate.channelUpdate(s.channel, { topic: 'new topic' }),
  [E.EntitlementCreate]: (s) => s.fake.simulate.entitlementCreate(s.bot, s.user),
  [E.EntitlementDelete]: (s) =>
    s.fake.simulate.entitlementDelete(s.bot, s.fake.simulate.entitlementCreate(s.bot, s.user)),
  [E.EntitlementUpdate]: (s) =>
    s.fake.simulate.entitlementUpdate(s.bot, s.fake.simulate.entitlementCreate(s.bot, s.user), {
      ends_at: new Date(0).toISOString(),
    }),
  [E.GuildAuditLogEntryCreate]: (s) => s.fake.simulate.auditLogEntry(s.guild, { action_type: 20, user_id: s.user.id }),
  [E.GuildBanAdd]: (s) => s.fake.simulate.ban(s.guild, s.fake.addUser({ username: 'troll' })),
  [E.GuildBanRemove]: (s) => {
    const troll = s.fake.addUser({ username: 'troll' });
    s.fake.simulate.ban(s.guild, troll);
    s.fake.simulate.unban(s.guild, troll);
  },
  [E.GuildCreate]: (s) => {
    const other = s.fake.addGuild({ name: 'Another', members: [s.user] });
    s.fake.simulate.memberJoin(other, s.bot);
  },
  [E.GuildDelete]: (s) => {
    const other = s.fake.addGuild({ name: 'Temporary', members: [s.user, s.bot] });
    s.fake.simulate.memberLeave(other, s.bot);
  },
  [E.GuildEmojisUpdate]: (s) => s.fake.simulate.emojiCreate(s.guild, 'smile'),
  [E.GuildIntegrationsUpdate]: (s) => s.fake.simulate.integrationCreate(s.guild, 'twitch'),
  [E.GuildMemberAdd]: (s) => s.fake.simulate.memberJoin(s.guild, s.fake.addUser({ username: 'newcomer' })),
  [E.GuildMemberRemove]: (s) => {
    const leaver = s.fake.addUser({ username: 'leaver' });
    s.fake.simulate.memberJoin(s.guild, leaver);
    s.fake.simulate.memberLeave(s.guild, leaver);
  },
  [E.GuildMembersChunk]: (s) => s.fake.simulate.membersChunk(s.bot, s.guild),
  [E.GuildMemberUpdate]: (s) => s.fake.simulate.memberUpdate(s.guild, s.user, { nick: 'Actor' }),
  [E.GuildRoleCreate]: (s) => s.fake.simulate.roleCreate(s.guild, { name: 'fresh' }),
  [E.GuildRoleDelete]: (s) =>
    s.fake.simulate.roleDelete(s.guild, s.fake.simulate.roleCreate(s.guild, { name: 'gone' })),
  [E.GuildRoleUpdate]: (s) =>
    s.fake.simulate.roleUpdate(s.guild, s.fake.simulate.roleCreate(s.guild, { name: 'a' }), { name: 'b' }),
  [E.GuildScheduledEventCreate]: (s) => s.fake.simulate.scheduledEventCreate(s.guild, 'party'),
  [E.GuildScheduledEventDelete]: (s) =>
    s.fake.simulate.scheduledEventDelete(s.guild, s.fake.simulate.scheduledEventCreate(s.guild, 'cancelled')),
  [E.GuildScheduledEventUpdate]: (s) =>
    s.fake.simulate.scheduledEventUpdate(s.guild, s.fake.simulate.scheduledEventCreate(s.guild, 'party'), {
      status: 2,
    }),
  [E.GuildScheduledEventUserAdd]: (s) =>
    s.fake.simulate.scheduledEventSubscribe(s.guild, s.fake.simulate.scheduledEventCreate(s.guild, 'party'), s.user),
  [E.GuildScheduledEventUserRemove]: (s) => {
    const event = s.fake.simulate.scheduledEventCreate(s.guild, 'party');
    s.fake.simulate.scheduledEventSubscribe(s.guild, event, s.user);
    s.fake.simulate.scheduledEventUnsubscribe(s.guild, event, s.user);
  },
  [E.GuildSoundboardSoundCreate]: (s) => s.fake.simulate.soundCreate(s.guild, 'airhorn', s.user),
  [E.GuildSoundboardSoundDelete]: (s) =>
    s.fake.simulate.soundDelete(s.guild, s.fake.simulate.soundCreate(s.guild, 'boo').sound_id),
  [E.GuildSoundboardSoundsUpdate]: (s) => s.fake.simulate.soundsUpdate(s.guild),
  [E.GuildSoundboardSoundUpdate]: (s) =>
    s.fake.simulate.soundUpdate(s.guild, s.fake.simulate.soundCreate(s.guild, 'ding').sound_id, { volume: 0.5 }),
  [E.SoundboardSounds]: (s) => s.fake.simulate.soundboardSounds(s.bot, s.guild),
  [E.GuildStickersUpdate]: (s) => s.fake.simulate.stickerCreate(s.guild, 'wave'),
  [E.GuildUpdate]: (s) => s.fake.simulate.guildUpdate(s.guild, { description: 'A place' }),
  [E.IntegrationCreate]: (s) => s.fake.simulate.integrationCreate(s.guild, 'youtube'),
  [E.IntegrationDelete]: (s) =>
    s.fake.simulate.integrationDelete(s.guild, s.fake.simulate.integrationCreate(s.guild, 'gone')),
  [E.IntegrationUpdate]: (s) =>
    s.fake.simulate.integrationUpdate(s.guild, s.fake.simulate.integrationCreate(s.guild, 'x'), { enabled: false }),
  [E.InteractionCreate]: (s) => {
    s.fake.addCommand(s.bot, { name: 'ping', description: 'Ping' });
    return s.fake.interact(s.bot, s.channel, { kind: 'command', name: 'ping' }, { user: s.user });
  },
  [E.InviteCreate]: (s) => s.fake.simulate.inviteCreate(s.channel, s.user),
  [E.InviteDelete]: (s) => s.fake.simulate.inviteDelete(s.fake.simulate.inviteCreate(s.channel, s.user).code),
  [E.MessageCreate]: (s) => say(s),
  [E.MessageDelete]: (s) => s.fake.simulate.messageDelete(s.channel, say(s)),
  [E.MessageDeleteBulk]: (s) => s.fake.simulate.messageDeleteBulk(s.channel, [say(s), say(s)]),
  [E.MessagePollVoteAdd]: (s) => s.fake.simulate.pollVote(s.channel, poll(s), 1, s.user),
  [E.MessagePollVoteRemove]: (s) => {
    const message = poll(s);
    s.fake.simulate.pollVote(s.channel, message, 1, s.user);
    s.fake.simulate.pollUnvote(s.channel, message, 1, s.user);
  },
  [E.MessageReactionAdd]: (s) => s.fake.simulate.react(s.channel, say(s), '👍', s.user),
  [E.MessageReactionRemove]: (s) => {
    const message = say(s);
    s.fake.simulate.react(s.channel, message, '👍', s.user);
    s.fake.simulate.unreact(s.channel, message, '👍', s.user);
  },
  [E.MessageReactionRemoveAll]: (s) => {
    const message = say(s);
    s.fake.simulate.react(s.channel, message, '👍', s.user);
    s.fake.simulate.reactionsClear(s.channel, message);
  },
  [E.MessageReactionRemoveEmoji]: (s) => {
    const message = say(s);
    s.fake.simulate.react(s.channel, message, '👍', s.user);
    s.fake.simulate.reactionsClearEmoji(s.channel, message, '👍');
  },
  [E.MessageUpdate]: (s) => s.fake.simulate.messageEdit(s.channel, say(s), 'edited'),
  [E.PresenceUpdate]: (s) => s.fake.simulate.presence(s.guild, s.user, 'online'),
  [E.RateLimited]: (s) => s.fake.simulate.rateLimited(s.bot, s.guild, 12.5),
  [E.Ready]: { gateway: 'identify' },
  [E.Resumed]: { gateway: 'resume' },
  [E.StageInstanceCreate]: (s) => s.fake.simulate.stageStart(s.stage, 'talk'),
  [E.StageInstanceDelete]: (s) => s.fake.simulate.stageEnd(s.guild, s.fake.simulate.stageStart(s.stage, 'short talk')),
  [E.StageInstanceUpdate]: (s) =>
    s.fake.simulate.stageUpdate(s.guild, s.fake.simulate.stageStart(s.stage, 'talk'), 'new topic'),
  [E.SubscriptionCreate]: (s) => s.fake.simulate.subscriptionCreate(s.bot, s.user),
  [E.SubscriptionDelete]: (s) =>
    s.fake.simulate.subscriptionDelete(s.bot, s.fake.simulate.subscriptionCreate(s.bot, s.user)),
  [E.SubscriptionUpdate]: (s) =>
    s.fake.simulate.subscriptionUpdate(s.bot, s.fake.simulate.subscriptionCreate(s.bot, s.user), { status: 1 }),
  [E.ThreadCreate]: (s) => s.fake.simulate.threadCreate(s.channel, 'thread', { user: s.user }),
  [E.ThreadDelete]: (s) =>
    s.fake.simulate.channelDelete(s.fake.simulate.threadCreate(s.channel, 'doomed thread', { user: s.user })),
  [E.ThreadListSync]: (s) => {
    s.fake.simulate.threadCreate(s.channel, 'listed', { user: s.user });
    s.fake.simulate.threadListSync(s.bot, s.guild);
  },
  [E.ThreadMembersUpdate]: (s) =>
    s.fake.simulate.threadJoin(
      s.fake.simulate.threadCreate(s.channel, 'busy', { user: s.user }),
      s.fake.addUser({ username: 'joiner' }),
    ),
  [E.ThreadMemberUpdate]: (s) =>
    s.fake.simulate.threadJoin(s.fake.simulate.threadCreate(s.channel, 'with bot', { user: s.user }), s.bot),
  [E.ThreadUpdate]: (s) =>
    s.fake.simulate.channelUpdate(s.fake.simulate.threadCreate(s.channel, 'old', { user: s.user }), {
      name: 'renamed',
    }),
  [E.TypingStart]: (s) => s.fake.simulate.typing(s.channel, s.user),
  [E.UserUpdate]: (s) => s.fake.simulate.botUserUpdate(s.bot, { avatar: 'a'.repeat(32) }),
  [E.VoiceChannelEffectSend]: (s) => s.fake.simulate.voiceEffect(s.voice, s.user, { id: null, name: '🎉' }),
  [E.VoiceChannelStartTimeUpdate]: (s) =>
    s.fake.simulate.voiceStartTime(s.voice, Math.floor(s.fake.world.clock.now() / 1000)),
  [E.VoiceChannelStatusUpdate]: (s) => s.fake.simulate.voiceStatus(s.voice, 'chilling'),
  [E.VoiceServerUpdate]: (s) => s.fake.simulate.voiceServer(s.bot, s.guild),
  [E.VoiceStateUpdate]: (s) => s.fake.simulate.voiceJoin(s.voice, s.user),
  [E.WebhooksUpdate]: (s) => s.fake.simulate.webhooksUpdate(s.channel),
};
