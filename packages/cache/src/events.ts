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
  readonly updated: readonly { readonly item: T; readonly old: Partial<T> }[];
  /** Items that are gone (as cached). */
  readonly deleted: readonly T[];
}

/** The typed event map: camelCase event name -> handler arguments (after the client). */
export interface ClientEvents {
  applicationCommandPermissionsUpdate: [permissions: GatewayApplicationCommandPermissionsUpdateDispatchData];
  autoModerationActionExecution: [execution: GatewayAutoModerationActionExecutionDispatchData, guild: Guild];
  autoModerationRuleCreate: [rule: APIAutoModerationRule, guild: Guild];
  autoModerationRuleUpdate: [
    rule: APIAutoModerationRule,
    guild: Guild,
    old: Partial<APIAutoModerationRule> | undefined,
  ];
  autoModerationRuleDelete: [rule: APIAutoModerationRule, guild: Guild];
  channelCreate: [channel: Channel];
  channelUpdate: [channel: Channel, old: Partial<ChannelFields> | undefined];
  channelDelete: [channel: Channel];
  channelInfo: [guild: Guild, info: GatewayChannelInfoDispatchData];
  channelPinsUpdate: [channel: Channel, lastPinTimestamp: number | null];
  entitlementCreate: [entitlement: APIEntitlement];
  entitlementUpdate: [entitlement: APIEntitlement];
  entitlementDelete: [entitlement: APIEntitlement];
  guildAuditLogEntryCreate: [entry: APIAuditLogEntry, guild: Guild];
  guildBanAdd: [guild: Guild, user: User];
  guildBanRemove: [guild: Guild, user: User];
  guildCreate: [guild: Guild];
  guildUpdate: [guild: Guild, old: Partial<GuildFields> | undefined];
  /** `unavailable` true: an outage, the guild stays cached; false: this client left or was removed. */
  guildDelete: [guild: Guild, unavailable: boolean];
  guildEmojisUpdate: [guild: Guild, changes: ExpressionChanges<APIEmoji>];
  guildStickersUpdate: [guild: Guild, changes: ExpressionChanges<APISticker>];
  guildIntegrationsUpdate: [guild: Guild];
  guildMemberAdd: [member: GuildMember];
  guildMemberUpdate: [member: GuildMember, old: Partial<MemberFields> | undefined];
  /** `member` is what was cached (undefined when the member was not cached). */
  guildMemberRemove: [guild: Guild, user: User, member: GuildMember | undefined];
  guildMembersChunk: [guild: Guild, members: readonly GuildMember[], chunk: GatewayGuildMembersChunkDispatchData];
  guildRoleCreate: [role: Role];
  guildRoleUpdate: [role: Role, old: Partial<RoleFields> | undefined];
  guildRoleDelete: [role: Role];
  guildScheduledEventCreate: [event: APIGuildScheduledEvent, guild: Guild];
  guildScheduledEventUpdate: [
    event: APIGuildScheduledEvent,
    guild: Guild,
    old: Partial<APIGuildScheduledEvent> | undefined,
  ];
  guildScheduledEventDelete: [event: APIGuildScheduledEvent, guild: Guild];
  guildScheduledEventUserAdd: [guild: Guild, eventId: string, user: User];
  guildScheduledEventUserRemove: [guild: Guild, eventId: string, user: User];
  guildSoundboardSoundCreate: [sound: APISoundboardSound, guild: Guild];
  guildSoundboardSoundUpdate: [sound: APISoundboardSound, guild: Guild, old: Partial<APISoundboardSound> | undefined];
  guildSoundboardSoundDelete: [sound: APISoundboardSound | undefined, guild: Guild, soundId: string];
  guildSoundboardSoundsUpdate: [guild: Guild, changes: ExpressionChanges<APISoundboardSound>];
  soundboardSounds: [guild: Guild, sounds: readonly APISoundboardSound[]];
  integrationCreate: [integration: APIGuildIntegration, guild: Guild];
  integrationUpdate: [integration: APIGuildIntegration, guild: Guild, old: Partial<APIGuildIntegration> | undefined];
  integrationDelete: [
    integration: APIGuildIntegration | undefined,
    guild: Guild,
    data: GatewayIntegrationDeleteDispatchData,
  ];
  interactionCreate: [interaction: APIInteraction];
  inviteCreate: [invite: GatewayInviteCreateDispatchData, channel: Channel];
  /** `cached` is the invite as INVITE_CREATE gave it, when it was cached. */
  inviteDelete: [
    invite: GatewayInviteDeleteDispatchData,
    channel: Channel,
    cached: GatewayInviteCreateDispatchData | undefined,
  ];
  messageCreate: [message: Message];
  messageUpdate: [message: Message, old: Partial<MessageFields> | undefined];
  /** `message` is the cached one, or a bare one (id, channel, guild) when it was not cached. */
  messageDelete: [message: Message];
  messageDeleteBulk: [channel: Channel, messages: readonly Message[]];
  messagePollVoteAdd: [message: Message, user: User, answerId: number];
  messagePollVoteRemove: [message: Message, user: User, answerId: number];
  messageReactionAdd: [message: Message, user: User, emoji: APIPartialEmoji, burst: boolean];
  messageReactionRemove: [message: Message, user: User, emoji: APIPartialEmoji, burst: boolean];
  messageReactionRemoveAll: [message: Message, reactions: readonly MessageReaction[]];
  messageReactionRemoveEmoji: [message: Message, reaction: MessageReaction | undefined, emoji: APIPartialEmoji];
  presenceUpdate: [user: User, old: Partial<PresenceFields> | undefined, guild: Guild];
  rateLimited: [data: GatewayRateLimitedDispatchData];
  ready: [user: User, data: GatewayReadyDispatchData, shardId: number];
  resumed: [shardId: number];
  stageInstanceCreate: [stage: APIStageInstance, guild: Guild];
  stageInstanceUpdate: [stage: APIStageInstance, guild: Guild, old: Partial<APIStageInstance> | undefined];
  stageInstanceDelete: [stage: APIStageInstance, guild: Guild];
  subscriptionCreate: [subscription: APISubscription];
  subscriptionUpdate: [subscription: APISubscription];
  subscriptionDelete: [subscription: APISubscription];
  threadCreate: [thread: Channel];
  threadUpdate: [thread: Channel, old: Partial<ChannelFields> | undefined];
  threadDelete: [thread: Channel];
  threadListSync: [guild: Guild, threads: readonly Channel[]];
  threadMemberUpdate: [thread: Channel, member: ThreadMember];
  /** `removed`: the thread members that were cached among `removedIds`. */
  threadMembersUpdate: [
    thread: Channel,
    added: readonly ThreadMember[],
    removedIds: readonly string[],
    removed: readonly ThreadMember[],
  ];
  typingStart: [channel: Channel, user: User, timestamp: number];
  userUpdate: [user: User, old: Partial<UserFields> | undefined];
  voiceChannelEffectSend: [channel: Channel, user: User, effect: GatewayVoiceChannelEffectSendDispatchData];
  voiceChannelStartTimeUpdate: [channel: Channel, startTime: number | null];
  voiceChannelStatusUpdate: [channel: Channel, status: string | null, old: string | null | undefined];
  voiceServerUpdate: [data: GatewayVoiceServerUpdateDispatchData];
  /** `state` undefined: the user left voice; `old` undefined: no state was cached. */
  voiceStateUpdate: [guild: Guild, user: User, state: VoiceState | undefined, old: VoiceState | undefined];
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
