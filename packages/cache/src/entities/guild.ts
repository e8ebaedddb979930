import type { Snowflake } from '@kokoro/common';
import { snowflakeTimestamp } from '@kokoro/common';
import type {
  APIAutoModerationRule,
  APIEmoji,
  APIGuild,
  APIGuildIntegration,
  APIGuildScheduledEvent,
  APISoundboardSound,
  APIStageInstance,
  APISticker,
  APIVoiceState,
  GatewayInviteCreateDispatchData,
  GuildFeature,
} from 'discord-api-types/v10';
import { IdMap } from '../id-map.js';
import type { CacheOwner } from '../owner.js';
import type { FieldSpec } from '../patch.js';
import { EMPTY, EMPTY_MAP, parseTimestamp } from '../util.js';
import type { EntityRef } from './refs.js';

declare module './refs.js' {
  interface EntityRefs {
    Guild: Guild;
  }
}
type Channel = EntityRef<'Channel'>;
type GuildMember = EntityRef<'GuildMember'>;
type Role = EntityRef<'Role'>;

const memberId = (member: GuildMember): Snowflake => member.user.id;

/** Guild collections created on first write. */
export const LAZY_COLLECTIONS = [
  'emojis',
  'stickers',
  'voiceStates',
  'stageInstances',
  'scheduledEvents',
  'soundboardSounds',
  'autoModerationRules',
  'integrations',
  'invites',
  '_roleSets',
] as const;

/** The name of a lazily created guild collection. */
export type LazyCollection = (typeof LAZY_COLLECTIONS)[number];

/** A voice state as cached: the payload without `guild_id` and `member` (the member is in `guild.members`). */
export type VoiceState = Omit<APIVoiceState, 'guild_id' | 'member'>;

/**
 * A guild, shared by every client in it. `clients` lists the owners (clients) that see it, in the order
 * they joined; it is empty for a precreated guild no client has received yet.
 *
 * Collections are `Map`s keyed by id. Secondary kinds (emojis, stickers, scheduled events, stage
 * instances, soundboard sounds, auto-moderation rules, integrations, voice states) hold the API
 * payload objects as Discord sends them, typed by discord-api-types.
 */
export class Guild {
  /** The guild's id. */
  declare readonly id: Snowflake;
  /** The clients (cache owners) in this guild. Compare by identity: `guild.clients.includes(client)`. */
  declare readonly clients: CacheOwner[];
  /** Name. */
  declare name: string;
  /** Icon hash, or `null`. */
  declare icon: string | null;
  /** Splash hash, or `null`. */
  declare splash: string | null;
  /** Discovery splash hash, or `null`. */
  declare discoverySplash: string | null;
  /** Banner hash, or `null`. */
  declare banner: string | null;
  /** Description, or `null`. */
  declare description: string | null;
  /** Owner's user id (`''` until known). */
  declare ownerId: Snowflake;
  /** AFK channel id, or `null`. */
  declare afkChannelId: Snowflake | null;
  /** AFK timeout in seconds. */
  declare afkTimeout: number;
  /** Widget enabled. */
  declare widgetEnabled: boolean;
  /** Widget channel id, or `null`. */
  declare widgetChannelId: Snowflake | null;
  /** Verification level. */
  declare verificationLevel: number;
  /** Default message notification level. */
  declare defaultMessageNotifications: number;
  /** Explicit content filter level. */
  declare explicitContentFilter: number;
  /** MFA level. */
  declare mfaLevel: number;
  /** Id of the application that created the guild, or `null`. */
  declare applicationId: Snowflake | null;
  /** System channel id, or `null`. */
  declare systemChannelId: Snowflake | null;
  /** System channel flags. */
  declare systemChannelFlags: number;
  /** Rules channel id, or `null`. */
  declare rulesChannelId: Snowflake | null;
  /** Public updates channel id, or `null`. */
  declare publicUpdatesChannelId: Snowflake | null;
  /** Safety alerts channel id, or `null`. */
  declare safetyAlertsChannelId: Snowflake | null;
  /** Maximum members. */
  declare maxMembers: number | null;
  /** Vanity URL code, or `null`. */
  declare vanityUrlCode: string | null;
  /** Boost tier. */
  declare premiumTier: number;
  /** Number of boosts. */
  declare premiumSubscriptionCount: number;
  /** Preferred locale. */
  declare preferredLocale: string;
  /** Maximum users in a video channel. */
  declare maxVideoChannelUsers: number | null;
  /** NSFW level. */
  declare nsfwLevel: number;
  /** Boost progress bar shown. */
  declare premiumProgressBarEnabled: boolean;
  /** Guild features. */
  declare features: readonly GuildFeature[];
  /** Whether Discord considers the guild large (members sent on request only). */
  declare large: boolean;
  /** Member count (from GUILD_CREATE, kept by member add/remove). */
  declare memberCount: number;
  /** Whether the guild is unavailable (an outage, or not yet received). */
  declare unavailable: boolean;
  /** When the first client joined (ms), or `null`. */
  declare joinedTimestamp: number | null;

  /** Channels and threads. */
  declare readonly channels: Map<Snowflake, Channel>;
  /** Members (as many as the policy keeps). */
  declare readonly members: Map<Snowflake, GuildMember>;
  /** Roles, including `@everyone` (id = guild id). */
  declare readonly roles: Map<Snowflake, Role>;
  /** Custom emojis. */
  declare readonly emojis: ReadonlyMap<Snowflake, APIEmoji>;
  /** Stickers. */
  declare readonly stickers: ReadonlyMap<Snowflake, APISticker>;
  /** Voice states by user id. */
  declare readonly voiceStates: ReadonlyMap<Snowflake, VoiceState>;
  /** Stage instances. */
  declare readonly stageInstances: ReadonlyMap<Snowflake, APIStageInstance>;
  /** Scheduled events. */
  declare readonly scheduledEvents: ReadonlyMap<Snowflake, APIGuildScheduledEvent>;
  /** Soundboard sounds by sound id. */
  declare readonly soundboardSounds: ReadonlyMap<Snowflake, APISoundboardSound>;
  /** Auto-moderation rules (as created/updated since the client started). */
  declare readonly autoModerationRules: ReadonlyMap<Snowflake, APIAutoModerationRule>;
  /** Integrations (as created/updated since the client started). */
  declare readonly integrations: ReadonlyMap<Snowflake, APIGuildIntegration>;
  /**
   * Invites by code, as INVITE_CREATE sent them since the client started (Discord sends no list; fetch
   * it over REST for the ones created before). Removed on INVITE_DELETE, expired ones by the sweepers.
   */
  declare readonly invites: ReadonlyMap<string, GatewayInviteCreateDispatchData>;
  /** Interned role lists shared by members (key: sorted role ids). Internal. */
  declare readonly _roleSets: ReadonlyMap<string, Role[]>;

  /**
   * The guild with this id in the thread's default cache, created bare when not cached yet, so it
   * can be used (as a REST target, a key) before any client has seen it.
   */
  declare static precreate: (id: Snowflake) => Guild;

  constructor(id: Snowflake) {
    const self = this as Record<string, unknown>;
    self.id = id;
    self.clients = [];
    self.channels = new Map();
    self.members = new IdMap<GuildMember>(memberId);
    self.roles = new Map();
  }

  /** The `@everyone` role, when cached. */
  get everyoneRole(): Role | undefined {
    return this.roles.get(this.id);
  }

  /** The owner's member, when cached. */
  get owner(): GuildMember | undefined {
    return this.members.get(this.ownerId);
  }

  /** Creation time (ms), from the id. */
  get createdTimestamp(): number {
    return snowflakeTimestamp(this.id);
  }

  /** The guild's name. */
  toString(): string {
    return this.name;
  }
}

const proto = Guild.prototype as unknown as Record<string, unknown>;
proto.name = '';
proto.icon = null;
proto.splash = null;
proto.discoverySplash = null;
proto.banner = null;
proto.description = null;
proto.ownerId = '';
proto.afkChannelId = null;
proto.afkTimeout = 0;
proto.widgetEnabled = false;
proto.widgetChannelId = null;
proto.verificationLevel = 0;
proto.defaultMessageNotifications = 0;
proto.explicitContentFilter = 0;
proto.mfaLevel = 0;
proto.applicationId = null;
proto.systemChannelId = null;
proto.systemChannelFlags = 0;
proto.rulesChannelId = null;
proto.publicUpdatesChannelId = null;
proto.safetyAlertsChannelId = null;
proto.maxMembers = null;
proto.vanityUrlCode = null;
proto.premiumTier = 0;
proto.premiumSubscriptionCount = 0;
proto.preferredLocale = 'en-US';
proto.maxVideoChannelUsers = null;
proto.nsfwLevel = 0;
proto.premiumProgressBarEnabled = false;
proto.features = EMPTY;
proto.large = false;
proto.memberCount = 0;
proto.unavailable = true;
proto.joinedTimestamp = null;
// Collections most guilds never fill share one empty map until their first item (an empty Map is ~180 bytes).
for (const name of LAZY_COLLECTIONS) proto[name] = EMPTY_MAP;

/**
 * The writable map behind a guild collection, created on first write. Internal: the cache's reducers
 * are the only writers; users read the collections.
 */
export function writableCollection<K extends LazyCollection>(
  guild: Guild,
  name: K,
): Guild[K] extends ReadonlyMap<infer Key, infer Value> ? Map<Key, Value> : never {
  let map = guild[name] as ReadonlyMap<unknown, unknown>;
  if (map === EMPTY_MAP) {
    map = new Map();
    (guild as unknown as Record<string, unknown>)[name] = map;
  }
  return map as never;
}

type GuildData = Partial<APIGuild> & {
  joined_at?: string;
  large?: boolean;
  member_count?: number;
  unavailable?: boolean;
};

/** Fields of a guild payload (collections are handled by the cache). */
export const GUILD_FIELDS: readonly FieldSpec<GuildData>[] = [
  { key: 'name', read: (d) => d.name },
  { key: 'icon', read: (d) => d.icon },
  { key: 'splash', read: (d) => d.splash },
  { key: 'discoverySplash', read: (d) => d.discovery_splash },
  { key: 'banner', read: (d) => d.banner },
  { key: 'description', read: (d) => d.description },
  { key: 'ownerId', read: (d) => d.owner_id },
  { key: 'afkChannelId', read: (d) => d.afk_channel_id },
  { key: 'afkTimeout', read: (d) => d.afk_timeout },
  { key: 'widgetEnabled', read: (d) => d.widget_enabled },
  { key: 'widgetChannelId', read: (d) => d.widget_channel_id },
  { key: 'verificationLevel', read: (d) => d.verification_level },
  { key: 'defaultMessageNotifications', read: (d) => d.default_message_notifications },
  { key: 'explicitContentFilter', read: (d) => d.explicit_content_filter },
  { key: 'mfaLevel', read: (d) => d.mfa_level },
  { key: 'applicationId', read: (d) => d.application_id },
  { key: 'systemChannelId', read: (d) => d.system_channel_id },
  { key: 'systemChannelFlags', read: (d) => d.system_channel_flags },
  { key: 'rulesChannelId', read: (d) => d.rules_channel_id },
  { key: 'publicUpdatesChannelId', read: (d) => d.public_updates_channel_id },
  { key: 'safetyAlertsChannelId', read: (d) => d.safety_alerts_channel_id },
  { key: 'maxMembers', read: (d) => d.max_members },
  { key: 'vanityUrlCode', read: (d) => d.vanity_url_code },
  { key: 'premiumTier', read: (d) => d.premium_tier },
  { key: 'premiumSubscriptionCount', read: (d) => d.premium_subscription_count },
  { key: 'preferredLocale', read: (d) => d.preferred_locale },
  { key: 'maxVideoChannelUsers', read: (d) => d.max_video_channel_users },
  { key: 'nsfwLevel', read: (d) => d.nsfw_level },
  { key: 'premiumProgressBarEnabled', read: (d) => d.premium_progress_bar_enabled },
  { key: 'features', read: (d) => d.features, compare: 'list' },
  { key: 'large', read: (d) => d.large },
  { key: 'memberCount', read: (d) => d.member_count },
  { key: 'joinedTimestamp', read: (d) => (d.joined_at === undefined ? undefined : parseTimestamp(d.joined_at)) },
];

/** The guild fields an update may change. */
export type GuildFields = Omit<
  Pick<
    Guild,
    {
      [K in keyof Guild]: Guild[K] extends Map<string, unknown> | ((...a: never[]) => unknown) ? never : K;
    }[keyof Guild]
  >,
  'id' | 'clients' | 'everyoneRole' | 'owner' | 'createdTimestamp' | '_roleSets'
>;
