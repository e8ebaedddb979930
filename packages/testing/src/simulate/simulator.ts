/**
 * `fake.simulate`: what other people (and Discord itself) do in the world, as one-call actions for
 * tests and benchmarks. Each method changes the world and dispatches the events Discord would send,
 * which the fake gateway delivers to the bots that may see them. Arguments accept entities or ids.
 * Together these produce every one of the 79 dispatch events (see event-table.ts); READY and
 * RESUMED come from the gateway itself when a bot connects or resumes.
 */
import type { APIMessage, APIPartialEmoji, APIUser, ChannelType, GatewayPresenceUpdate } from 'discord-api-types/v10';
import * as app from '../actions/app-events.js';
import * as channels from '../actions/channels.js';
import * as events from '../actions/guild-events.js';
import * as guilds from '../actions/guilds.js';
import { deleteMessage, deleteMessages, editMessage, type NewMessage, postMessage } from '../actions/messages.js';
import * as reactions from '../actions/reactions.js';
import * as voice from '../actions/voice.js';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import type { FakeBot, World } from '../world/world.js';
import { simulateTraffic, type TrafficOptions } from './traffic.js';

/** Simulated actions on a world; see the module comment. */
export class Simulator {
  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
  }

  #bot(bot: IdLike): FakeBot {
    const found = this.#world.bots.get(idOf(bot));
    if (!found) throw new FakeDiscordError(`simulate: unknown bot ${idOf(bot)}.`);
    return found;
  }

  #user(user: IdLike | undefined): APIUser {
    const found = this.#world.users.get(user ? idOf(user) : this.#world.defaultUser.id);
    if (!found) throw new FakeDiscordError(`simulate: unknown user ${user ? idOf(user) : ''}.`);
    return found;
  }

  #message(channel: IdLike, message: IdLike): APIMessage {
    const found = this.#world.messagesOf(idOf(channel)).get(idOf(message));
    if (!found) throw new FakeDiscordError(`simulate: unknown message ${idOf(message)} in channel ${idOf(channel)}.`);
    return found;
  }

  #guildOf(channel: IdLike): string {
    const guildId = this.#world.guildIdOfChannel(idOf(channel));
    if (!guildId) throw new FakeDiscordError(`simulate: channel ${idOf(channel)} is not a guild channel.`);
    return guildId;
  }

  // ---- members and users ----

  /** A user joins a guild; GUILD_MEMBER_ADD (a bot gets GUILD_CREATE). */
  memberJoin(guild: IdLike, user: IdLike) {
    return this.#world.addMember(idOf(guild), idOf(user));
  }
  /** A member leaves; GUILD_MEMBER_REMOVE (a bot gets GUILD_DELETE). */
  memberLeave(guild: IdLike, user: IdLike) {
    return this.#world.removeMember(idOf(guild), idOf(user));
  }
  /** A member changes (nick, roles, timeout...); GUILD_MEMBER_UPDATE. */
  memberUpdate(guild: IdLike, user: IdLike, changes: Record<string, unknown>) {
    return guilds.updateMember(this.#world, idOf(guild), idOf(user), changes);
  }
  /** A member is banned; GUILD_BAN_ADD and GUILD_MEMBER_REMOVE. */
  ban(guild: IdLike, user: IdLike, reason?: string) {
    guilds.banUser(this.#world, idOf(guild), idOf(user), reason ?? null);
  }
  /** A ban is lifted; GUILD_BAN_REMOVE. */
  unban(guild: IdLike, user: IdLike) {
    return guilds.unbanUser(this.#world, idOf(guild), idOf(user));
  }
  /** A member's presence changes; PRESENCE_UPDATE. */
  presence(
    guild: IdLike,
    user: IdLike,
    status: 'online' | 'idle' | 'dnd' | 'offline',
    activities?: GatewayPresenceUpdate['activities'],
  ) {
    return voice.setPresence(this.#world, idOf(guild), idOf(user), { status, ...(activities ? { activities } : {}) });
  }
  /** The bot's own user changes; USER_UPDATE. */
  botUserUpdate(bot: IdLike, changes: { username?: string; avatar?: string | null }) {
    return app.updateBotUser(this.#world, this.#bot(bot), changes);
  }

  // ---- guild ----

  /** The guild's settings change; GUILD_UPDATE. */
  guildUpdate(guild: IdLike, changes: Record<string, unknown>) {
    return guilds.updateGuild(this.#world, idOf(guild), changes);
  }
  /** A role is created; GUILD_ROLE_CREATE. */
  roleCreate(guild: IdLike, fields: Record<string, unknown> = {}) {
    return guilds.createRole(this.#world, idOf(guild), fields);
  }
  /** A role changes; GUILD_ROLE_UPDATE. */
  roleUpdate(guild: IdLike, role: IdLike, changes: Record<string, unknown>) {
    return guilds.updateRole(this.#world, idOf(guild), idOf(role), changes);
  }
  /** A role is deleted; GUILD_ROLE_DELETE. */
  roleDelete(guild: IdLike, role: IdLike) {
    return guilds.deleteRole(this.#world, idOf(guild), idOf(role));
  }
  /** An emoji is added; GUILD_EMOJIS_UPDATE. */
  emojiCreate(guild: IdLike, name: string) {
    return guilds.createEmoji(this.#world, idOf(guild), name);
  }
  /** An emoji is removed; GUILD_EMOJIS_UPDATE. */
  emojiDelete(guild: IdLike, emoji: IdLike) {
    return guilds.deleteEmoji(this.#world, idOf(guild), idOf(emoji));
  }
  /** A sticker is added; GUILD_STICKERS_UPDATE. */
  stickerCreate(guild: IdLike, name: string) {
    return guilds.createSticker(this.#world, idOf(guild), name);
  }
  /** A sticker is removed; GUILD_STICKERS_UPDATE. */
  stickerDelete(guild: IdLike, sticker: IdLike) {
    return guilds.deleteSticker(this.#world, idOf(guild), idOf(sticker));
  }
  /** A soundboard sound is added; GUILD_SOUNDBOARD_SOUND_CREATE. */
  soundCreate(guild: IdLike, name: string, user?: IdLike) {
    return guilds.createSoundboardSound(this.#world, idOf(guild), name, user ? idOf(user) : undefined);
  }
  /** A soundboard sound changes; GUILD_SOUNDBOARD_SOUND_UPDATE. */
  soundUpdate(guild: IdLike, soundId: string, changes: Record<string, unknown>) {
    return guilds.updateSoundboardSound(this.#world, idOf(guild), soundId, changes);
  }
  /** A soundboard sound is removed; GUILD_SOUNDBOARD_SOUND_DELETE. */
  soundDelete(guild: IdLike, soundId: string) {
    return guilds.deleteSoundboardSound(this.#world, idOf(guild), soundId);
  }
  /** Several sounds change at once; GUILD_SOUNDBOARD_SOUNDS_UPDATE. */
  soundsUpdate(guild: IdLike) {
    guilds.soundboardSoundsUpdate(this.#world, idOf(guild));
  }
  /** The answer to op 31 for a bot; SOUNDBOARD_SOUNDS. */
  soundboardSounds(bot: IdLike, guild: IdLike) {
    return app.soundboardSounds(this.#world, this.#bot(bot), idOf(guild));
  }
  /** An audit log entry is written; GUILD_AUDIT_LOG_ENTRY_CREATE. */
  auditLogEntry(guild: IdLike, entry: { action_type: number; user_id?: string; target_id?: string; reason?: string }) {
    return guilds.auditLogEntry(this.#world, idOf(guild), entry);
  }

  // ---- channels and threads ----

  /** A channel is created; CHANNEL_CREATE. */
  channelCreate(guild: IdLike, name: string, type?: ChannelType) {
    return this.#world.createChannel(idOf(guild), { name, ...(type !== undefined ? { type } : {}) });
  }
  /** A channel changes; CHANNEL_UPDATE (THREAD_UPDATE for threads). */
  channelUpdate(channel: IdLike, changes: Record<string, unknown>) {
    return channels.updateChannel(this.#world, idOf(channel), changes);
  }
  /** A channel is deleted; CHANNEL_DELETE (THREAD_DELETE for threads). */
  channelDelete(channel: IdLike) {
    return channels.deleteChannel(this.#world, idOf(channel));
  }
  /** A user starts a thread; THREAD_CREATE and THREAD_MEMBERS_UPDATE. */
  threadCreate(channel: IdLike, name: string, options: { user?: IdLike; type?: ChannelType; message?: IdLike } = {}) {
    return channels.createThread(this.#world, idOf(channel), this.#user(options.user).id, {
      name,
      ...(options.type !== undefined ? { type: options.type } : {}),
      ...(options.message ? { messageId: idOf(options.message) } : {}),
    });
  }
  /** A user (or bot) joins a thread; THREAD_MEMBERS_UPDATE (and THREAD_MEMBER_UPDATE to a bot). */
  threadJoin(thread: IdLike, user: IdLike) {
    return channels.addThreadMember(this.#world, idOf(thread), idOf(user));
  }
  /** A user leaves a thread; THREAD_MEMBERS_UPDATE. */
  threadLeave(thread: IdLike, user: IdLike) {
    return channels.removeThreadMember(this.#world, idOf(thread), idOf(user));
  }
  /** A bot gains access to a guild's threads; THREAD_LIST_SYNC. */
  threadListSync(bot: IdLike, guild: IdLike) {
    channels.threadListSync(this.#world, idOf(guild), this.#bot(bot).id);
  }
  /** A user pins or unpins a message; MESSAGE_UPDATE, CHANNEL_PINS_UPDATE and, for a pin, the system message. */
  pin(channel: IdLike, message: IdLike, pinned = true, user?: IdLike) {
    return channels.setPinned(this.#world, idOf(channel), idOf(message), pinned, this.#user(user));
  }
  /** A user starts typing; TYPING_START. */
  typing(channel: IdLike, user?: IdLike) {
    channels.startTyping(this.#world, idOf(channel), this.#user(user).id);
  }
  /** The answer to op 43 for a bot; CHANNEL_INFO. */
  channelInfo(bot: IdLike, guild: IdLike) {
    return app.channelInfo(this.#world, this.#bot(bot), idOf(guild));
  }

  // ---- messages, reactions, polls ----

  /** A user posts (content, embeds, a poll...); MESSAGE_CREATE. */
  message(channel: IdLike, fields: NewMessage, user?: IdLike) {
    return postMessage(this.#world, idOf(channel), this.#user(user), fields);
  }
  /** A user edits a message; MESSAGE_UPDATE. */
  messageEdit(channel: IdLike, message: IdLike, content: string) {
    return editMessage(this.#world, this.#message(channel, message), { content });
  }
  /** A message is deleted; MESSAGE_DELETE. */
  messageDelete(channel: IdLike, message: IdLike) {
    return deleteMessage(this.#world, idOf(channel), idOf(message));
  }
  /** Several messages are deleted at once; MESSAGE_DELETE_BULK. */
  messageDeleteBulk(channel: IdLike, messages: readonly IdLike[]) {
    return deleteMessages(this.#world, idOf(channel), messages.map(idOf));
  }
  /** A user reacts; MESSAGE_REACTION_ADD. */
  react(channel: IdLike, message: IdLike, emoji: string | APIPartialEmoji, user?: IdLike) {
    return reactions.addReaction(this.#world, this.#message(channel, message), this.#user(user).id, emojiOf(emoji));
  }
  /** A user removes their reaction; MESSAGE_REACTION_REMOVE. */
  unreact(channel: IdLike, message: IdLike, emoji: string | APIPartialEmoji, user?: IdLike) {
    return reactions.removeReaction(this.#world, this.#message(channel, message), this.#user(user).id, emojiOf(emoji));
  }
  /** A moderator clears every reaction; MESSAGE_REACTION_REMOVE_ALL. */
  reactionsClear(channel: IdLike, message: IdLike) {
    reactions.removeAllReactions(this.#world, this.#message(channel, message));
  }
  /** A moderator clears one emoji's reactions; MESSAGE_REACTION_REMOVE_EMOJI. */
  reactionsClearEmoji(channel: IdLike, message: IdLike, emoji: string | APIPartialEmoji) {
    return reactions.removeEmojiReactions(this.#world, this.#message(channel, message), emojiOf(emoji));
  }
  /** A user votes in a poll; MESSAGE_POLL_VOTE_ADD. */
  pollVote(channel: IdLike, message: IdLike, answerId: number, user?: IdLike) {
    return reactions.addPollVote(this.#world, this.#message(channel, message), this.#user(user).id, answerId);
  }
  /** A user takes back a poll vote; MESSAGE_POLL_VOTE_REMOVE. */
  pollUnvote(channel: IdLike, message: IdLike, answerId: number, user?: IdLike) {
    return reactions.removePollVote(this.#world, this.#message(channel, message), this.#user(user).id, answerId);
  }

  // ---- voice and stage ----

  /** A user joins (or moves to) a voice channel; VOICE_STATE_UPDATE. */
  voiceJoin(channel: IdLike, user?: IdLike) {
    return voice.setVoiceState(this.#world, this.#guildOf(channel), this.#user(user).id, idOf(channel));
  }
  /** A user leaves voice; VOICE_STATE_UPDATE with a null channel. */
  voiceLeave(guild: IdLike, user?: IdLike) {
    return voice.setVoiceState(this.#world, idOf(guild), this.#user(user).id, null);
  }
  /** Discord gives the bot a voice server; VOICE_SERVER_UPDATE. */
  voiceServer(bot: IdLike, guild: IdLike, endpoint?: string) {
    return app.voiceServerUpdate(this.#world, this.#bot(bot), idOf(guild), endpoint);
  }
  /** A user sends a voice effect; VOICE_CHANNEL_EFFECT_SEND. */
  voiceEffect(channel: IdLike, user?: IdLike, emoji?: unknown) {
    return voice.voiceChannelEffect(this.#world, this.#guildOf(channel), idOf(channel), this.#user(user).id, {
      emoji,
    });
  }
  /** A voice channel's status changes; VOICE_CHANNEL_STATUS_UPDATE. */
  voiceStatus(channel: IdLike, status: string | null) {
    voice.voiceChannelStatus(this.#world, this.#guildOf(channel), idOf(channel), status);
  }
  /** A voice channel's call starts or ends; VOICE_CHANNEL_START_TIME_UPDATE. */
  voiceStartTime(channel: IdLike, startTime: number | null) {
    voice.voiceChannelStartTime(this.#world, this.#guildOf(channel), idOf(channel), startTime);
  }
  /** A stage goes live; STAGE_INSTANCE_CREATE. */
  stageStart(channel: IdLike, topic: string) {
    return voice.createStageInstance(this.#world, this.#guildOf(channel), idOf(channel), topic);
  }
  /** A stage's topic changes; STAGE_INSTANCE_UPDATE. */
  stageUpdate(guild: IdLike, stage: IdLike, topic: string) {
    return voice.updateStageInstance(this.#world, idOf(guild), idOf(stage), { topic });
  }
  /** A stage ends; STAGE_INSTANCE_DELETE. */
  stageEnd(guild: IdLike, stage: IdLike) {
    return voice.deleteStageInstance(this.#world, idOf(guild), idOf(stage));
  }

  // ---- scheduled events, invites, integrations, webhooks, moderation ----

  /** A scheduled event is created; GUILD_SCHEDULED_EVENT_CREATE. */
  scheduledEventCreate(guild: IdLike, name: string, fields: Record<string, unknown> = {}) {
    return events.createScheduledEvent(this.#world, idOf(guild), { ...fields, name });
  }
  /** A scheduled event changes (starts, ends...); GUILD_SCHEDULED_EVENT_UPDATE. */
  scheduledEventUpdate(guild: IdLike, event: IdLike, changes: Record<string, unknown>) {
    return events.updateScheduledEvent(this.#world, idOf(guild), idOf(event), changes);
  }
  /** A scheduled event is deleted; GUILD_SCHEDULED_EVENT_DELETE. */
  scheduledEventDelete(guild: IdLike, event: IdLike) {
    return events.deleteScheduledEvent(this.#world, idOf(guild), idOf(event));
  }
  /** A user subscribes to a scheduled event; GUILD_SCHEDULED_EVENT_USER_ADD. */
  scheduledEventSubscribe(guild: IdLike, event: IdLike, user?: IdLike) {
    return events.scheduledEventUser(this.#world, idOf(guild), idOf(event), this.#user(user).id, true);
  }
  /** A user unsubscribes; GUILD_SCHEDULED_EVENT_USER_REMOVE. */
  scheduledEventUnsubscribe(guild: IdLike, event: IdLike, user?: IdLike) {
    return events.scheduledEventUser(this.#world, idOf(guild), idOf(event), this.#user(user).id, false);
  }
  /** A user creates an invite; INVITE_CREATE. */
  inviteCreate(channel: IdLike, user?: IdLike) {
    return events.createInvite(this.#world, idOf(channel), this.#user(user).id);
  }
  /** An invite is deleted; INVITE_DELETE. */
  inviteDelete(code: string) {
    return events.deleteInvite(this.#world, code);
  }
  /** An integration is added; INTEGRATION_CREATE and GUILD_INTEGRATIONS_UPDATE. */
  integrationCreate(guild: IdLike, name: string, applicationId?: string) {
    return events.createIntegration(this.#world, idOf(guild), name, applicationId);
  }
  /** An integration changes; INTEGRATION_UPDATE and GUILD_INTEGRATIONS_UPDATE. */
  integrationUpdate(guild: IdLike, integration: IdLike, changes: Record<string, unknown>) {
    return events.updateIntegration(this.#world, idOf(guild), idOf(integration), changes);
  }
  /** An integration is removed; INTEGRATION_DELETE and GUILD_INTEGRATIONS_UPDATE. */
  integrationDelete(guild: IdLike, integration: IdLike) {
    return events.deleteIntegration(this.#world, idOf(guild), idOf(integration));
  }
  /** A channel's webhooks change; WEBHOOKS_UPDATE. */
  webhooksUpdate(channel: IdLike) {
    events.webhooksUpdate(this.#world, this.#guildOf(channel), idOf(channel));
  }
  /** An auto-moderation rule is created; AUTO_MODERATION_RULE_CREATE. */
  autoModRuleCreate(guild: IdLike, name: string, keywords: string[]) {
    return events.createAutoModerationRule(this.#world, idOf(guild), name, keywords);
  }
  /** An auto-moderation rule changes; AUTO_MODERATION_RULE_UPDATE. */
  autoModRuleUpdate(guild: IdLike, rule: IdLike, changes: Record<string, unknown>) {
    return events.updateAutoModerationRule(this.#world, idOf(guild), idOf(rule), changes);
  }
  /** An auto-moderation rule is deleted; AUTO_MODERATION_RULE_DELETE. */
  autoModRuleDelete(guild: IdLike, rule: IdLike) {
    return events.deleteAutoModerationRule(this.#world, idOf(guild), idOf(rule));
  }
  /** A rule blocks a user's message; AUTO_MODERATION_ACTION_EXECUTION. */
  autoModExecution(channel: IdLike, rule: IdLike, content: string, keyword: string, user?: IdLike) {
    return events.autoModerationExecution(
      this.#world,
      this.#guildOf(channel),
      idOf(rule),
      this.#user(user).id,
      idOf(channel),
      content,
      keyword,
    );
  }

  // ---- application ----

  /** A guild admin changes a command's permissions; APPLICATION_COMMAND_PERMISSIONS_UPDATE. */
  commandPermissionsUpdate(
    bot: IdLike,
    guild: IdLike,
    commandId: string,
    permissions: { id: string; type: number; permission: boolean }[] = [],
  ) {
    return app.commandPermissionsUpdate(this.#world, this.#bot(bot), idOf(guild), commandId, permissions);
  }
  /** A user buys an entitlement; ENTITLEMENT_CREATE. */
  entitlementCreate(bot: IdLike, user?: IdLike) {
    return app.createEntitlement(this.#world, this.#bot(bot), { userId: this.#user(user).id });
  }
  /** An entitlement changes; ENTITLEMENT_UPDATE. */
  entitlementUpdate(bot: IdLike, entitlement: IdLike, changes: Record<string, unknown>) {
    return app.updateEntitlement(this.#world, this.#bot(bot), idOf(entitlement), changes);
  }
  /** An entitlement is removed; ENTITLEMENT_DELETE. */
  entitlementDelete(bot: IdLike, entitlement: IdLike) {
    return app.deleteEntitlement(this.#world, this.#bot(bot), idOf(entitlement));
  }
  /** A user subscribes; SUBSCRIPTION_CREATE. */
  subscriptionCreate(bot: IdLike, user?: IdLike) {
    return app.createSubscription(this.#world, this.#bot(bot), this.#user(user).id);
  }
  /** A subscription changes; SUBSCRIPTION_UPDATE. */
  subscriptionUpdate(bot: IdLike, subscription: IdLike, changes: Record<string, unknown>) {
    return app.updateSubscription(this.#world, this.#bot(bot), idOf(subscription), changes);
  }
  /** A subscription is deleted; SUBSCRIPTION_DELETE. */
  subscriptionDelete(bot: IdLike, subscription: IdLike) {
    return app.deleteSubscription(this.#world, this.#bot(bot), idOf(subscription));
  }
  /** One GUILD_MEMBERS_CHUNK for a bot, as if it had sent op 8. */
  membersChunk(bot: IdLike, guild: IdLike, nonce?: string) {
    return app.membersChunk(this.#world, this.#bot(bot), idOf(guild), nonce);
  }
  /**
   * A busy world: `events` random actions (messages, presences, typing, reactions, edits, deletes,
   * role changes) by the members of the guilds, in batches; resolves with the count per event.
   */
  traffic(options: TrafficOptions): Promise<Record<string, number>> {
    return simulateTraffic(this.#world, options);
  }

  /** A bot's gateway request was rate limited; RATE_LIMITED. */
  rateLimited(bot: IdLike, guild: IdLike, retryAfter?: number) {
    return app.rateLimited(this.#world, this.#bot(bot), idOf(guild), retryAfter);
  }
}

function emojiOf(emoji: string | APIPartialEmoji): APIPartialEmoji {
  return typeof emoji === 'string' ? reactions.parseEmoji(emoji) : emoji;
}
