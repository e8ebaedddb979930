import type { Snowflake } from '@kokoro/common';
import { snowflakeTimestamp } from '@kokoro/common';
import type {
  APIChannel,
  APIGuildForumDefaultReactionEmoji,
  APIGuildForumTag,
  APIOverwrite,
  APIThreadMetadata,
  ChannelType,
  OverwriteType,
} from 'discord-api-types/v10';
import { internName } from '../intern.js';
import type { CacheClient, CacheOwner } from '../owner.js';
import type { FieldSpec } from '../patch.js';
import { computeChannelPermissions } from '../permissions.js';
import { EMPTY, parseTimestamp, payloadList } from '../util.js';
import type { EntityRef } from './refs.js';

declare module './refs.js' {
  interface EntityRefs {
    Channel: Channel;
  }
}
type Guild = EntityRef<'Guild'>;
type GuildMember = EntityRef<'GuildMember'>;
type Message = EntityRef<'Message'>;
type User = EntityRef<'User'>;

/** A permission overwrite with its bitsets parsed. */
export interface PermissionOverwrite {
  /** Role or user id. */
  readonly id: Snowflake;
  /** 0 = role, 1 = member. */
  readonly type: OverwriteType;
  /** Allowed bits. */
  readonly allow: bigint;
  /** Denied bits. */
  readonly deny: bigint;
}

/** A member of a thread, as THREAD_MEMBER(S)_UPDATE report it. */
export interface ThreadMember {
  /** The user's id. */
  readonly userId: Snowflake;
  /** When the user joined the thread (ms). */
  readonly joinTimestamp: number | null;
  /** Thread member flags. */
  readonly flags: number;
}

/**
 * Any channel: guild text, voice, category, forum, announcement, stage, thread, DM or group DM.
 * One class with the union of the fields keeps the API plain; fields a type lacks stay on the
 * prototype with their neutral value and cost nothing. `type` tells them apart (`ChannelType`).
 */
export class Channel {
  /** The channel's id. */
  declare readonly id: Snowflake;
  /** The guild, or `null` for DMs. */
  declare readonly guild: Guild | null;
  /** Channel type (`ChannelType`); -1 while only precreated (0, a text channel, is the prototype's). */
  declare type: ChannelType | -1;
  /** Name (`''` for DMs). */
  declare name: string;
  /** Sort position. */
  declare position: number;
  /** Topic, or `null`. */
  declare topic: string | null;
  /** Age-restricted. */
  declare nsfw: boolean;
  /** Category (or, for a thread, parent channel) id, or `null`. */
  declare parentId: Snowflake | null;
  /** Permission overwrites. */
  declare permissionOverwrites: readonly PermissionOverwrite[];
  /** Id of the last message sent, or `null`. */
  declare lastMessageId: Snowflake | null;
  /** Slow mode in seconds. */
  declare rateLimitPerUser: number;
  /** Voice bitrate. */
  declare bitrate: number;
  /** Voice user limit (0 = none). */
  declare userLimit: number;
  /** Voice region id, or `null` (automatic). */
  declare rtcRegion: string | null;
  /** Video quality mode. */
  declare videoQualityMode: number;
  /** Channel flags (`ChannelFlags`). */
  declare flags: number;
  /** Thread creator, group DM owner, or `null`. */
  declare ownerId: Snowflake | null;
  /** Thread metadata (archived, locked...), or `null`. */
  declare threadMetadata: APIThreadMetadata | null;
  /** Approximate thread member count. */
  declare memberCount: number;
  /** Approximate thread message count. */
  declare messageCount: number;
  /** Default auto-archive duration for new threads (minutes). */
  declare defaultAutoArchiveDuration: number | null;
  /** Default slow mode for new threads. */
  declare defaultThreadRateLimitPerUser: number;
  /** Forum/media tags. */
  declare availableTags: readonly APIGuildForumTag[];
  /** Tags applied to a forum thread. */
  declare appliedTags: readonly Snowflake[];
  /** Forum default reaction, or `null`. */
  declare defaultReactionEmoji: APIGuildForumDefaultReactionEmoji | null;
  /** Forum default sort order, or `null`. */
  declare defaultSortOrder: number | null;
  /** Forum default layout. */
  declare defaultForumLayout: number;
  /** Last pin time (ms), or `null`. */
  declare lastPinTimestamp: number | null;
  /** Group DM icon hash, or `null`. */
  declare icon: string | null;
  /** Voice channel status, or `null`. */
  declare status: string | null;
  /** DM recipients. */
  declare recipients: readonly User[];
  /** Cached messages, oldest first (`undefined` until one is cached). */
  declare messages: Map<Snowflake, Message> | undefined;
  /** Thread members known to the cache (`undefined` until one is seen). */
  declare threadMembers: Map<Snowflake, ThreadMember> | undefined;
  /** Owners that see a DM channel; guild channels use the guild's. */
  declare _owners: CacheOwner[] | undefined;

  /**
   * The channel with this id in the thread's default cache, created bare when not cached yet, so it
   * can be used (as a REST target, a key) before any client has seen it.
   */
  declare static precreate: (id: Snowflake, guildId?: Snowflake | null) => Channel;

  constructor(id: Snowflake, guild: Guild | null) {
    (this as { id: Snowflake }).id = id;
    (this as { guild: Guild | null }).guild = guild;
  }

  /** The clients that see this channel: the guild's clients, or the DM's. */
  get clients(): readonly CacheClient[] {
    return this.guild ? this.guild.clients : (this._owners ?? EMPTY);
  }

  /** The parent (category, or the channel a thread is in), when cached. */
  get parent(): Channel | undefined {
    return this.parentId === null ? undefined : this.guild?.channels.get(this.parentId);
  }

  /** Whether this channel is a thread. */
  get isThread(): boolean {
    return this.type === 10 || this.type === 11 || this.type === 12;
  }

  /** Whether this is a DM or group DM. */
  get isDM(): boolean {
    return this.type === 1 || this.type === 3;
  }

  /** Creation time (ms), from the id. */
  get createdTimestamp(): number {
    return snowflakeTimestamp(this.id);
  }

  /**
   * The permissions `member` has here: the guild base (everyone + roles, administrator = all), then the
   * overwrites (everyone, roles, member), then a timeout keeps only view and read history. Threads use
   * their parent's overwrites. Throws nothing; a DM gives all text permissions of a DM (see README).
   */
  permissionsFor(member: GuildMember, now = Date.now()): bigint {
    return computeChannelPermissions(this, member, now);
  }

  /** A mention: `<#id>`. */
  toString(): string {
    return `<#${this.id}>`;
  }
}

const proto = Channel.prototype as unknown as Record<string, unknown>;
proto.type = 0;
proto.name = '';
proto.position = 0;
proto.topic = null;
proto.nsfw = false;
proto.parentId = null;
proto.permissionOverwrites = EMPTY;
proto.lastMessageId = null;
proto.rateLimitPerUser = 0;
proto.bitrate = 0;
proto.userLimit = 0;
proto.rtcRegion = null;
proto.videoQualityMode = 1;
proto.flags = 0;
proto.ownerId = null;
proto.threadMetadata = null;
proto.memberCount = 0;
proto.messageCount = 0;
proto.defaultAutoArchiveDuration = null;
proto.defaultThreadRateLimitPerUser = 0;
proto.availableTags = EMPTY;
proto.appliedTags = EMPTY;
proto.defaultReactionEmoji = null;
proto.defaultSortOrder = null;
proto.defaultForumLayout = 0;
proto.lastPinTimestamp = null;
proto.icon = null;
proto.status = null;
proto.recipients = EMPTY;
proto.messages = undefined;
proto.threadMembers = undefined;
proto._owners = undefined;

function parseOverwrites(list: APIOverwrite[] | null | undefined): readonly PermissionOverwrite[] | undefined {
  const items = payloadList(list);
  if (items === undefined) return undefined;
  if (items.length === 0) return EMPTY;
  return items.map((o) => ({ id: o.id, type: o.type, allow: BigInt(o.allow), deny: BigInt(o.deny) }));
}

type AnyChannelData = Partial<APIChannel> & Record<string, unknown>;

/** Fields of a channel payload (recipients and guild are handled by the cache). */
export const CHANNEL_FIELDS: readonly FieldSpec<AnyChannelData>[] = [
  { key: 'type', read: (d) => d.type },
  { key: 'name', read: (d) => internName(d.name ?? undefined) },
  { key: 'position', read: (d) => d.position },
  { key: 'topic', read: (d) => d.topic },
  { key: 'nsfw', read: (d) => d.nsfw },
  { key: 'parentId', read: (d) => d.parent_id },
  {
    key: 'permissionOverwrites',
    read: (d) => parseOverwrites(d.permission_overwrites as APIOverwrite[] | undefined),
    compare: 'json',
  },
  { key: 'lastMessageId', read: (d) => d.last_message_id },
  { key: 'rateLimitPerUser', read: (d) => d.rate_limit_per_user },
  { key: 'bitrate', read: (d) => d.bitrate },
  { key: 'userLimit', read: (d) => d.user_limit },
  { key: 'rtcRegion', read: (d) => d.rtc_region },
  { key: 'videoQualityMode', read: (d) => d.video_quality_mode },
  { key: 'flags', read: (d) => d.flags },
  { key: 'ownerId', read: (d) => d.owner_id },
  { key: 'threadMetadata', read: (d) => d.thread_metadata, compare: 'json' },
  { key: 'memberCount', read: (d) => d.member_count },
  { key: 'messageCount', read: (d) => d.message_count },
  { key: 'defaultAutoArchiveDuration', read: (d) => d.default_auto_archive_duration },
  { key: 'defaultThreadRateLimitPerUser', read: (d) => d.default_thread_rate_limit_per_user },
  { key: 'availableTags', read: (d) => d.available_tags, compare: 'json' },
  { key: 'appliedTags', read: (d) => d.applied_tags, compare: 'list' },
  { key: 'defaultReactionEmoji', read: (d) => d.default_reaction_emoji, compare: 'json' },
  { key: 'defaultSortOrder', read: (d) => d.default_sort_order },
  { key: 'defaultForumLayout', read: (d) => d.default_forum_layout },
  {
    key: 'lastPinTimestamp',
    read: (d) =>
      d.last_pin_timestamp === undefined ? undefined : parseTimestamp(d.last_pin_timestamp as string | null),
  },
  { key: 'icon', read: (d) => d.icon },
  { key: 'status', read: (d) => d.status },
];

/** The channel fields an update may change. */
export type ChannelFields = Pick<
  Channel,
  | 'type'
  | 'name'
  | 'position'
  | 'topic'
  | 'nsfw'
  | 'parentId'
  | 'permissionOverwrites'
  | 'lastMessageId'
  | 'rateLimitPerUser'
  | 'bitrate'
  | 'userLimit'
  | 'rtcRegion'
  | 'videoQualityMode'
  | 'flags'
  | 'ownerId'
  | 'threadMetadata'
  | 'memberCount'
  | 'messageCount'
  | 'defaultAutoArchiveDuration'
  | 'defaultThreadRateLimitPerUser'
  | 'availableTags'
  | 'appliedTags'
  | 'defaultReactionEmoji'
  | 'defaultSortOrder'
  | 'defaultForumLayout'
  | 'lastPinTimestamp'
  | 'icon'
  | 'status'
  | 'recipients'
>;
