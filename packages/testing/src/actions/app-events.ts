/**
 * Events aimed at one application or one bot session rather than a guild: monetization
 * (entitlements, subscriptions), command permission changes, the bot's own user, voice server
 * assignment, and the answers to gateway requests (soundboard sounds, channel info, member chunks,
 * RATE_LIMITED), for simulating them without a gateway request.
 */
import {
  type APIEntitlement,
  type APISubscription,
  GatewayDispatchEvents as E,
  GatewayOpcodes,
  GatewayIntentBits as I,
} from 'discord-api-types/v10';
import type { FakeBot, World } from '../world/world.js';
import { applyChanges, botEvent } from './announce.js';

/** A user (or guild) gets an entitlement to one of the bot's SKUs; ENTITLEMENT_CREATE. */
export function createEntitlement(
  world: World,
  bot: FakeBot,
  options: { userId?: string; guildId?: string; skuId?: string; type?: number } = {},
): APIEntitlement {
  const entitlement = {
    id: world.nextId(),
    sku_id: options.skuId ?? world.nextId(),
    application_id: bot.applicationId,
    ...(options.userId ? { user_id: options.userId } : {}),
    ...(options.guildId ? { guild_id: options.guildId } : {}),
    type: options.type ?? 8,
    deleted: false,
    starts_at: world.timestamp(),
    ends_at: null,
    consumed: false,
  } as APIEntitlement;
  world.stores.entitlements.set(entitlement.id, entitlement);
  botEvent(world, [bot.id], E.EntitlementCreate, entitlement);
  return entitlement;
}

/** An entitlement changes (ends, renews); ENTITLEMENT_UPDATE. */
export function updateEntitlement(
  world: World,
  bot: FakeBot,
  entitlementId: string,
  changes: Record<string, unknown>,
): APIEntitlement | undefined {
  const entitlement = world.stores.entitlements.get(entitlementId);
  if (!entitlement) return undefined;
  applyChanges(entitlement, changes, ['ends_at', 'starts_at', 'consumed']);
  botEvent(world, [bot.id], E.EntitlementUpdate, entitlement);
  return entitlement;
}

/** An entitlement is removed (refund, test entitlement deleted); ENTITLEMENT_DELETE. */
export function deleteEntitlement(world: World, bot: FakeBot, entitlementId: string): APIEntitlement | undefined {
  const entitlement = world.stores.entitlements.get(entitlementId);
  if (!entitlement) return undefined;
  world.stores.entitlements.delete(entitlementId);
  entitlement.deleted = true;
  botEvent(world, [bot.id], E.EntitlementDelete, entitlement);
  return entitlement;
}

/** A user subscribes to one of the bot's SKUs; SUBSCRIPTION_CREATE. */
export function createSubscription(world: World, bot: FakeBot, userId: string, skuId?: string): APISubscription {
  const now = world.clock.now();
  const subscription = {
    id: world.nextId(),
    user_id: userId,
    sku_ids: [skuId ?? world.nextId()],
    entitlement_ids: [],
    renewal_sku_ids: null,
    current_period_start: new Date(now).toISOString(),
    current_period_end: new Date(now + 30 * 86_400_000).toISOString(),
    status: 0,
    canceled_at: null,
  } as APISubscription;
  world.stores.subscriptions.set(subscription.id, subscription);
  botEvent(world, [bot.id], E.SubscriptionCreate, subscription);
  return subscription;
}

/** A subscription changes (status, period); SUBSCRIPTION_UPDATE. */
export function updateSubscription(
  world: World,
  bot: FakeBot,
  subscriptionId: string,
  changes: Record<string, unknown>,
): APISubscription | undefined {
  const subscription = world.stores.subscriptions.get(subscriptionId);
  if (!subscription) return undefined;
  applyChanges(subscription, changes, ['status', 'canceled_at', 'current_period_end', 'renewal_sku_ids']);
  botEvent(world, [bot.id], E.SubscriptionUpdate, subscription);
  return subscription;
}

/** A subscription is deleted; SUBSCRIPTION_DELETE. */
export function deleteSubscription(world: World, bot: FakeBot, subscriptionId: string): APISubscription | undefined {
  const subscription = world.stores.subscriptions.get(subscriptionId);
  if (!subscription) return undefined;
  world.stores.subscriptions.delete(subscriptionId);
  botEvent(world, [bot.id], E.SubscriptionDelete, subscription);
  return subscription;
}

/** A guild admin changes who may use a command; APPLICATION_COMMAND_PERMISSIONS_UPDATE. */
export function commandPermissionsUpdate(
  world: World,
  bot: FakeBot,
  guildId: string,
  commandId: string,
  permissions: { id: string; type: number; permission: boolean }[],
) {
  const d = { id: commandId, application_id: bot.applicationId, guild_id: guildId, permissions };
  botEvent(world, [bot.id], E.ApplicationCommandPermissionsUpdate, d, undefined, guildId);
  return d;
}

/** The bot's own user changes (name, avatar); USER_UPDATE. */
export function updateBotUser(world: World, bot: FakeBot, changes: { username?: string; avatar?: string | null }) {
  if (changes.username) {
    bot.user.username = changes.username;
    bot.name = changes.username;
  }
  if (changes.avatar !== undefined) bot.user.avatar = changes.avatar;
  botEvent(world, [bot.id], E.UserUpdate, bot.user);
  return bot.user;
}

/** Discord assigns a voice server to the bot's voice connection; VOICE_SERVER_UPDATE. */
export function voiceServerUpdate(world: World, bot: FakeBot, guildId: string, endpoint = '127.0.0.1:0') {
  const d = { token: `fake-voice-token-${world.nextId()}`, guild_id: guildId, endpoint };
  botEvent(world, [bot.id], E.VoiceServerUpdate, d, undefined, guildId);
  return d;
}

/** The answer to op 31 Request Soundboard Sounds; SOUNDBOARD_SOUNDS. */
export function soundboardSounds(world: World, bot: FakeBot, guildId: string) {
  const d = { guild_id: guildId, soundboard_sounds: [...(world.guild(guildId)?.soundboardSounds.values() ?? [])] };
  botEvent(world, [bot.id], E.SoundboardSounds, d, undefined, guildId);
  return d;
}

/** The answer to op 43 Request Channel Info (voice channel status and start times); CHANNEL_INFO. */
export function channelInfo(world: World, bot: FakeBot, guildId: string) {
  const channels = [...(world.guild(guildId)?.channels.values() ?? [])]
    .filter((c) => c.type === 2 || c.type === 13)
    .map((c) => ({ id: c.id, status: (c as { status?: string | null }).status ?? null, voice_start_time: null }));
  const d = { guild_id: guildId, channels };
  botEvent(world, [bot.id], E.ChannelInfo, d, undefined, guildId);
  return d;
}

/** One GUILD_MEMBERS_CHUNK with every member (up to 1000), as an answer to op 8. */
export function membersChunk(world: World, bot: FakeBot, guildId: string, nonce?: string) {
  const members = world.members(guildId).slice(0, 1000);
  const d = { guild_id: guildId, members, chunk_index: 0, chunk_count: 1, ...(nonce ? { nonce } : {}) };
  botEvent(world, [bot.id], E.GuildMembersChunk, d, I.GuildMembers, guildId);
  return d;
}

/** A gateway request of the bot was rate limited (op 8 by default); RATE_LIMITED. */
export function rateLimited(world: World, bot: FakeBot, guildId: string, retryAfter = 30, nonce?: string) {
  const d = {
    opcode: GatewayOpcodes.RequestGuildMembers,
    retry_after: retryAfter,
    meta: { guild_id: guildId, ...(nonce ? { nonce } : {}) },
  };
  botEvent(world, [bot.id], E.RateLimited, d);
  return d;
}
