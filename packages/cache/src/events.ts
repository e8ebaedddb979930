/**
 * The typed client events: for each of the 79 gateway dispatch events, the camelCase name a client
 * listens to and the arguments its handlers receive after the client (`handler(client, ...args)`).
 *
 * Conventions: created entities come first; updates give the entity and its old values (only the
 * fields that changed, `undefined` when the entity was not cached before, so nothing is known);
 * deletions give what was cached (or a bare entity built from the payload when nothing was).
 */
import type {
  APIAuditLogEntry,
  APIAutoModerationRule,
  APIEmoji,
  APIEntitlement,
  APIGuildIntegration,
  APIGuildScheduledEvent,
  APIInteraction,
  APIPartialEmoji,
  APISoundboardSound,
  APIStageInstance,
  APISticker,
  APISubscription,
  GatewayApplicationCommandPermissionsUpdateDispatchData,
  GatewayAutoModerationActionExecutionDispatchData,
  GatewayChannelInfoDispatchData,
  GatewayDispatchEvents,
  GatewayGuildMembersChunkDispatchData,
  GatewayIntegrationDeleteDispatchData,
  GatewayInviteCreateDispatchData,
  GatewayInviteDeleteDispatchData,
  GatewayRateLimitedDispatchData,
  GatewayReadyDispatchData,
  GatewayVoiceChannelEffectSendDispatchData,
  GatewayVoiceServerUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Channel, ChannelFields, ThreadMember } from './entities/channel.js';
import type { Guild, GuildFields, VoiceState } from './entities/guild.js';
import type { GuildMember, MemberFields } from './entities/member.js';
import type { Message, MessageFields, MessageReaction } from './entities/message.js';
import type { Role, RoleFields } from './entities/role.js';
import type { PresenceFields, User, UserFields } from './entities/user.js';
import type { EventNameOf } from './event-names.js';

/** What changed in a guild's emoji, sticker or soundboard list. */
export interface ExpressionChanges<T> {
  /** Items that were not cached before. */
  readonly created: readonly T[];
  /** Items that changed, each with its old values (changed fields only). */
  readonly updated: readonly {
    /** The item as it is now. */
    readonly item: T;
    /** Its fields before the change (changed fields only). */
    readonly old: Partial<T>;
  }[];
  /** Items that are gone (as cached). */
  readonly deleted: readonly T[];
}

/** The typed event map: camelCase event name -> handler arguments (after the client). */
export interface ClientEvents {
  /** APPLICATION_COMMAND_PERMISSIONS_UPDATE: a command's permissions changed in a guild. */
  applicationCommandPermissionsUpdate: [permissions: GatewayApplicationCommandPermissionsUpdateDispatchData];
  /** AUTO_MODERATION_ACTION_EXECUTION: AutoMod acted on a message (needs AUTO_MODERATION_EXECUTION). */
  autoModerationActionExecution: [execution: GatewayAutoModerationActionExecutionDispatchData, guild: Guild];
  /** AUTO_MODERATION_RULE_CREATE: an AutoMod rule was created. */
  autoModerationRuleCreate: [rule: APIAutoModerationRule, guild: Guild];
  /** AUTO_MODERATION_RULE_UPDATE: an AutoMod rule changed; `old` holds the changed fields when the rule was cached. */
  autoModerationRuleUpdate: [
    rule: APIAutoModerationRule,
    guild: Guild,
    old: Partial<APIAutoModerationRule> | undefined,
  ];
  /** AUTO_MODERATION_RULE_DELETE: an AutoMod rule was deleted. */
  autoModerationRuleDelete: [rule: APIAutoModerationRule, guild: Guild];
  /** CHANNEL_CREATE: a guild channel was created. */
  channelCreate: [channel: Channel];
  /** CHANNEL_UPDATE: a channel changed; `old` holds the changed fields, undefined when it was not cached. */
  channelUpdate: [channel: Channel, old: Partial<ChannelFields> | undefined];
  /** CHANNEL_DELETE: a channel was deleted (the entity as it was). */
  channelDelete: [channel: Channel];
  /** CHANNEL_INFO: the guild's channel info the bot asked for (op 43). */
  channelInfo: [guild: Guild, info: GatewayChannelInfoDispatchData];
  /** CHANNEL_PINS_UPDATE: a message was pinned or unpinned; the time of the latest pin (ms), or null. */
  channelPinsUpdate: [channel: Channel, lastPinTimestamp: number | null];
  /** ENTITLEMENT_CREATE: a user bought an SKU (an entitlement was made). */
  entitlementCreate: [entitlement: APIEntitlement];
  /** ENTITLEMENT_UPDATE: an entitlement changed (renewed, ended). */
  entitlementUpdate: [entitlement: APIEntitlement];
  /** ENTITLEMENT_DELETE: an entitlement was deleted (refunded, or removed by Discord). */
  entitlementDelete: [entitlement: APIEntitlement];
  /** GUILD_AUDIT_LOG_ENTRY_CREATE: an audit log entry was written (needs VIEW_AUDIT_LOG). */
  guildAuditLogEntryCreate: [entry: APIAuditLogEntry, guild: Guild];
  /** GUILD_BAN_ADD: a user was banned. */
  guildBanAdd: [guild: Guild, user: User];
  /** GUILD_BAN_REMOVE: a user was unbanned. */
  guildBanRemove: [guild: Guild, user: User];
  /** GUILD_CREATE: the bot joined a guild, or a guild became available (also on connecting, per guild). */
  guildCreate: [guild: Guild];
  /** GUILD_UPDATE: a guild changed; `old` holds the changed fields. */
  guildUpdate: [guild: Guild, old: Partial<GuildFields> | undefined];
  /** `unavailable` true: an outage, the guild stays cached; false: this client left or was removed. */
  guildDelete: [guild: Guild, unavailable: boolean];
  /** GUILD_EMOJIS_UPDATE: the guild's emojis changed: what was created, updated and deleted. */
  guildEmojisUpdate: [guild: Guild, changes: ExpressionChanges<APIEmoji>];
  /** GUILD_STICKERS_UPDATE: the guild's stickers changed: what was created, updated and deleted. */
  guildStickersUpdate: [guild: Guild, changes: ExpressionChanges<APISticker>];
  /** GUILD_INTEGRATIONS_UPDATE: a guild's integrations changed. */
  guildIntegrationsUpdate: [guild: Guild];
  /** GUILD_MEMBER_ADD: a user joined a guild (needs GUILD_MEMBERS). */
  guildMemberAdd: [member: GuildMember];
  /** GUILD_MEMBER_UPDATE: a member changed (roles, nickname, timeout…); `old` holds the changed fields. */
  guildMemberUpdate: [member: GuildMember, old: Partial<MemberFields> | undefined];
  /** `member` is what was cached (undefined when the member was not cached). */
  guildMemberRemove: [guild: Guild, user: User, member: GuildMember | undefined];
  /** GUILD_MEMBERS_CHUNK: one chunk of members answering `requestGuildMembers`. */
  guildMembersChunk: [guild: Guild, members: readonly GuildMember[], chunk: GatewayGuildMembersChunkDispatchData];
  /** GUILD_ROLE_CREATE: a role was created. */
  guildRoleCreate: [role: Role];
  /** GUILD_ROLE_UPDATE: a role changed; `old` holds the changed fields. */
  guildRoleUpdate: [role: Role, old: Partial<RoleFields> | undefined];
  /** GUILD_ROLE_DELETE: a role was deleted (the entity as it was). */
  guildRoleDelete: [role: Role];
  /** GUILD_SCHEDULED_EVENT_CREATE: a scheduled event was created. */
  guildScheduledEventCreate: [event: APIGuildScheduledEvent, guild: Guild];
  /** GUILD_SCHEDULED_EVENT_UPDATE: a scheduled event changed; `old` holds the changed fields when it was cached. */
  guildScheduledEventUpdate: [
    event: APIGuildScheduledEvent,
    guild: Guild,
    old: Partial<APIGuildScheduledEvent> | undefined,
  ];
  /** GUILD_SCHEDULED_EVENT_DELETE: a scheduled event was deleted. */
  guildScheduledEventDelete: [event: APIGuildScheduledEvent, guild: Guild];
  /** GUILD_SCHEDULED_EVENT_USER_ADD: a user subscribed to a scheduled event. */
  guildScheduledEventUserAdd: [guild: Guild, eventId: string, user: User];
  /** GUILD_SCHEDULED_EVENT_USER_REMOVE: a user unsubscribed from a scheduled event. */
  guildScheduledEventUserRemove: [guild: Guild, eventId: string, user: User];
  /** GUILD_SOUNDBOARD_SOUND_CREATE: a soundboard sound was added. */
  guildSoundboardSoundCreate: [sound: APISoundboardSound, guild: Guild];
  /** GUILD_SOUNDBOARD_SOUND_UPDATE: a soundboard sound changed; `old` holds the changed fields. */
  guildSoundboardSoundUpdate: [sound: APISoundboardSound, guild: Guild, old: Partial<APISoundboardSound> | undefined];
  /** GUILD_SOUNDBOARD_SOUND_DELETE: a soundboard sound was deleted (`sound` undefined when it was not cached). */
  guildSoundboardSoundDelete: [sound: APISoundboardSound | undefined, guild: Guild, soundId: string];
  /** GUILD_SOUNDBOARD_SOUNDS_UPDATE: the guild's soundboard sounds changed: what was created, updated and deleted. */
  guildSoundboardSoundsUpdate: [guild: Guild, changes: ExpressionChanges<APISoundboardSound>];
  /** SOUNDBOARD_SOUNDS: the guild's soundboard sounds the bot asked for (op 31). */
  soundboardSounds: [guild: Guild, sounds: readonly APISoundboardSound[]];
  /** INTEGRATION_CREATE: an integration was added to a guild. */
  integrationCreate: [integration: APIGuildIntegration, guild: Guild];
  /** INTEGRATION_UPDATE: an integration changed; `old` holds the changed fields when it was cached. */
  integrationUpdate: [integration: APIGuildIntegration, guild: Guild, old: Partial<APIGuildIntegration> | undefined];
  /** INTEGRATION_DELETE: an integration was removed (`integration` undefined when it was not cached). */
  integrationDelete: [
    integration: APIGuildIntegration | undefined,
    guild: Guild,
    data: GatewayIntegrationDeleteDispatchData,
  ];
  /** INTERACTION_CREATE: a user used a command, a component or a modal of this bot (the raw interaction; the slash extension routes it). */
  interactionCreate: [interaction: APIInteraction];
  /** INVITE_CREATE: an invite was created in the channel. */
  inviteCreate: [invite: GatewayInviteCreateDispatchData, channel: Channel];
  /** `cached` is the invite as INVITE_CREATE gave it, when it was cached. */
  inviteDelete: [
    invite: GatewayInviteDeleteDispatchData,
    channel: Channel,
    cached: GatewayInviteCreateDispatchData | undefined,
  ];
  /** MESSAGE_CREATE: a message was posted (its content needs MESSAGE_CONTENT, except in DMs and mentions). */
  messageCreate: [message: Message];
  /** MESSAGE_UPDATE: a message was edited; `old` holds the changed fields, undefined when it was not cached. */
  messageUpdate: [message: Message, old: Partial<MessageFields> | undefined];
  /** `message` is the cached one, or a bare one (id, channel, guild) when it was not cached. */
  messageDelete: [message: Message];
  /** MESSAGE_DELETE_BULK: messages were deleted at once (cached ones as they were, bare ones otherwise). */
  messageDeleteBulk: [channel: Channel, messages: readonly Message[]];
  /** MESSAGE_POLL_VOTE_ADD: a user voted for a poll answer. */
  messagePollVoteAdd: [message: Message, user: User, answerId: number];
  /** MESSAGE_POLL_VOTE_REMOVE: a user removed a poll vote. */
  messagePollVoteRemove: [message: Message, user: User, answerId: number];
  /** MESSAGE_REACTION_ADD: a user reacted; `burst`: a super reaction. */
  messageReactionAdd: [message: Message, user: User, emoji: APIPartialEmoji, burst: boolean];
  /** MESSAGE_REACTION_REMOVE: a user removed a reaction. */
  messageReactionRemove: [message: Message, user: User, emoji: APIPartialEmoji, burst: boolean];
  /** MESSAGE_REACTION_REMOVE_ALL: every reaction of a message was removed (those that were cached). */
  messageReactionRemoveAll: [message: Message, reactions: readonly MessageReaction[]];
  /** MESSAGE_REACTION_REMOVE_EMOJI: every reaction with one emoji was removed (the cached reaction, if any). */
  messageReactionRemoveEmoji: [message: Message, reaction: MessageReaction | undefined, emoji: APIPartialEmoji];
  /** PRESENCE_UPDATE: a user's status or activities changed in a guild (needs GUILD_PRESENCES); `old` holds the changed fields. */
  presenceUpdate: [user: User, old: Partial<PresenceFields> | undefined, guild: Guild];
  /** RATE_LIMITED: Discord refused a gateway request for its rate limit (op 8 Request Guild Members). */
  rateLimited: [data: GatewayRateLimitedDispatchData];
  /** READY: a shard's READY: the bot user, the raw data and the shard id (the client's own `ready` waits for the guilds). */
  ready: [user: User, data: GatewayReadyDispatchData, shardId: number];
  /** RESUMED: a shard resumed its session (nothing was missed). */
  resumed: [shardId: number];
  /** STAGE_INSTANCE_CREATE: a stage went live. */
  stageInstanceCreate: [stage: APIStageInstance, guild: Guild];
  /** STAGE_INSTANCE_UPDATE: a stage instance changed; `old` holds the changed fields when it was cached. */
  stageInstanceUpdate: [stage: APIStageInstance, guild: Guild, old: Partial<APIStageInstance> | undefined];
  /** STAGE_INSTANCE_DELETE: a stage ended. */
  stageInstanceDelete: [stage: APIStageInstance, guild: Guild];
  /** SUBSCRIPTION_CREATE: a user subscribed to an SKU. */
  subscriptionCreate: [subscription: APISubscription];
  /** SUBSCRIPTION_UPDATE: a subscription changed (renewed, cancelled). */
  subscriptionUpdate: [subscription: APISubscription];
  /** SUBSCRIPTION_DELETE: a subscription was deleted. */
  subscriptionDelete: [subscription: APISubscription];
  /** THREAD_CREATE: a thread was created, or the bot was added to a private thread. */
  threadCreate: [thread: Channel];
  /** THREAD_UPDATE: a thread changed; `old` holds the changed fields. */
  threadUpdate: [thread: Channel, old: Partial<ChannelFields> | undefined];
  /** THREAD_DELETE: a thread was deleted (the entity as it was, or a bare one). */
  threadDelete: [thread: Channel];
  /** THREAD_LIST_SYNC: the bot gained access to a channel: the active threads in it. */
  threadListSync: [guild: Guild, threads: readonly Channel[]];
  /** THREAD_MEMBER_UPDATE: the bot's own thread member changed. */
  threadMemberUpdate: [thread: Channel, member: ThreadMember];
  /** `removed`: the thread members that were cached among `removedIds`. */
  threadMembersUpdate: [
    thread: Channel,
    added: readonly ThreadMember[],
    removedIds: readonly string[],
    removed: readonly ThreadMember[],
  ];
  /** TYPING_START: a user started typing; `timestamp` in ms. */
  typingStart: [channel: Channel, user: User, timestamp: number];
  /** USER_UPDATE: the bot's own user changed; `old` holds the changed fields. */
  userUpdate: [user: User, old: Partial<UserFields> | undefined];
  /** VOICE_CHANNEL_EFFECT_SEND: someone sent an effect (emoji, soundboard sound) in a voice channel. */
  voiceChannelEffectSend: [channel: Channel, user: User, effect: GatewayVoiceChannelEffectSendDispatchData];
  /** VOICE_CHANNEL_START_TIME_UPDATE: a voice channel's call start time changed (ms, or null when it ended). */
  voiceChannelStartTimeUpdate: [channel: Channel, startTime: number | null];
  /** VOICE_CHANNEL_STATUS_UPDATE: a voice channel's status text changed; `old` undefined when it was not cached. */
  voiceChannelStatusUpdate: [channel: Channel, status: string | null, old: string | null | undefined];
  /** VOICE_SERVER_UPDATE: the voice server of the bot's voice connection in a guild (used by @kokoro/voice). */
  voiceServerUpdate: [data: GatewayVoiceServerUpdateDispatchData];
  /** `state` undefined: the user left voice; `old` undefined: no state was cached. */
  voiceStateUpdate: [guild: Guild, user: User, state: VoiceState | undefined, old: VoiceState | undefined];
  /** WEBHOOKS_UPDATE: a channel's webhooks changed. */
  webhooksUpdate: [channel: Channel];
}

/** A client event name (`'messageCreate'`...). */
export type ClientEventName = keyof ClientEvents;

// A compile-time check that the map covers exactly the gateway's dispatch events.
type _Covers =
  EventNameOf<`${GatewayDispatchEvents}`> extends ClientEventName
    ? ClientEventName extends EventNameOf<`${GatewayDispatchEvents}`>
      ? true
      : never
    : never;
const _covers: _Covers = true;
void _covers;

export { type EventNameOf, eventNameOf } from './event-names.js';
