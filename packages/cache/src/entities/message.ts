import type { Snowflake } from '@kokoro/common';
import { snowflakeTimestamp } from '@kokoro/common';
import type {
  APIActionRowComponent,
  APIAttachment,
  APIChannelMention,
  APIEmbed,
  APIMessage,
  APIMessageActivity,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIMessageSnapshot,
  APIMessageTopLevelComponent,
  APIPartialEmoji,
  APIPoll,
  APIStickerItem,
  MessageType,
} from 'discord-api-types/v10';
import type { FieldSpec } from '../patch.js';
import { EMPTY, parseTimestamp, payloadList } from '../util.js';
import type { EntityRef } from './refs.js';

declare module './refs.js' {
  interface EntityRefs {
    Message: Message;
  }
}
type Channel = EntityRef<'Channel'>;
type Guild = EntityRef<'Guild'>;
type GuildMember = EntityRef<'GuildMember'>;
type User = EntityRef<'User'>;

/**
 * A reaction on a message. `userIds` holds the reactors the gateway reported since the message was
 * cached (not a full list); `me` for a client is `reaction.userIds.includes(client.id)`.
 */
export interface MessageReaction {
  /** The emoji (custom: id + name; unicode: name only). */
  readonly emoji: APIPartialEmoji;
  /** Normal reaction count. */
  count: number;
  /** Super-reaction count. */
  burstCount: number;
  /** Known reactors. */
  userIds: Snowflake[];
}

/** A message. The channel, guild and author are the shared entities. */
export class Message {
  /** The message's id. */
  declare readonly id: Snowflake;
  /** The channel it was sent in. */
  declare readonly channel: Channel;
  /** The guild, or `null` in DMs. */
  declare readonly guild: Guild | null;
  /** The author (a webhook's author is a user-like object with the webhook's id). */
  declare author: User;
  /** Text content (`''` when the client lacks the MESSAGE_CONTENT intent). */
  declare content: string;
  /** When last edited (ms), or `null`. */
  declare editedTimestamp: number | null;
  /** Text-to-speech. */
  declare tts: boolean;
  /** Mentions `@everyone` or `@here`. */
  declare mentionEveryone: boolean;
  /** Mentioned users. */
  declare mentions: readonly User[];
  /** Mentioned role ids. */
  declare mentionRoles: readonly Snowflake[];
  /** Mentioned channels (crossposts only). */
  declare mentionChannels: readonly APIChannelMention[];
  /** Attachments. */
  declare attachments: readonly APIAttachment[];
  /** Embeds. */
  declare embeds: readonly APIEmbed[];
  /** Reactions. */
  declare reactions: readonly MessageReaction[];
  /** Nonce, or `null`. */
  declare nonce: string | number | null;
  /** Pinned. */
  declare pinned: boolean;
  /** Webhook id when sent by a webhook, or `null`. */
  declare webhookId: Snowflake | null;
  /** Message type. */
  declare type: MessageType;
  /** Rich presence activity, or `null`. */
  declare activity: APIMessageActivity | null;
  /** Application id (interactions, webhooks), or `null`. */
  declare applicationId: Snowflake | null;
  /** Message flags. */
  declare flags: number;
  /** Reply/crosspost/forward reference, or `null`. */
  declare messageReference: APIMessageReference | null;
  /** Forwarded message snapshots. */
  declare messageSnapshots: readonly APIMessageSnapshot[];
  /** Interaction metadata, or `null`. */
  declare interactionMetadata: APIMessageInteractionMetadata | null;
  /** Components. */
  declare components: readonly (APIActionRowComponent<never> | APIMessageTopLevelComponent)[];
  /** Stickers. */
  declare stickerItems: readonly APIStickerItem[];
  /** Poll, or `null`. */
  declare poll: APIPoll | null;
  /** Approximate position in a thread, or `null`. */
  declare position: number | null;
  /** When the message was cached or last touched (ms); used by the age sweeper. */
  declare _touched: number;

  constructor(id: Snowflake, channel: Channel, author: User) {
    (this as { id: Snowflake }).id = id;
    (this as { channel: Channel }).channel = channel;
    (this as { guild: Guild | null }).guild = channel.guild;
    this.author = author;
  }

  /** The author's member in the guild, when cached. */
  get member(): GuildMember | undefined {
    return this.guild?.members.get(this.author.id);
  }

  /** Creation time (ms), from the id. */
  get createdTimestamp(): number {
    return snowflakeTimestamp(this.id);
  }

  /** A link to the message. */
  get url(): string {
    return `https://discord.com/channels/${this.guild?.id ?? '@me'}/${this.channel.id}/${this.id}`;
  }

  /** The content. */
  toString(): string {
    return this.content;
  }
}

const proto = Message.prototype as unknown as Record<string, unknown>;
proto.content = '';
proto.editedTimestamp = null;
proto.tts = false;
proto.mentionEveryone = false;
proto.mentions = EMPTY;
proto.mentionRoles = EMPTY;
proto.mentionChannels = EMPTY;
proto.attachments = EMPTY;
proto.embeds = EMPTY;
proto.reactions = EMPTY;
proto.nonce = null;
proto.pinned = false;
proto.webhookId = null;
proto.type = 0;
proto.activity = null;
proto.applicationId = null;
proto.flags = 0;
proto.messageReference = null;
proto.messageSnapshots = EMPTY;
proto.interactionMetadata = null;
proto.components = EMPTY;
proto.stickerItems = EMPTY;
proto.poll = null;
proto.position = null;
proto._touched = 0;

function list<T>(value: T[] | null | undefined): readonly T[] | undefined {
  const items = payloadList(value);
  if (items === undefined) return undefined;
  return items.length === 0 ? EMPTY : items;
}

/** Fields of a message payload (author, mentions, reactions are handled by the cache). */
export const MESSAGE_FIELDS: readonly FieldSpec<Partial<APIMessage>>[] = [
  { key: 'content', read: (d) => d.content },
  {
    key: 'editedTimestamp',
    read: (d) => (d.edited_timestamp === undefined ? undefined : parseTimestamp(d.edited_timestamp)),
  },
  { key: 'tts', read: (d) => d.tts },
  { key: 'mentionEveryone', read: (d) => d.mention_everyone },
  { key: 'mentionRoles', read: (d) => list(d.mention_roles), compare: 'list' },
  { key: 'mentionChannels', read: (d) => list(d.mention_channels), compare: 'json' },
  { key: 'attachments', read: (d) => list(d.attachments), compare: 'json' },
  { key: 'embeds', read: (d) => list(d.embeds), compare: 'json' },
  { key: 'nonce', read: (d) => d.nonce },
  { key: 'pinned', read: (d) => d.pinned },
  { key: 'webhookId', read: (d) => d.webhook_id },
  { key: 'type', read: (d) => d.type },
  { key: 'activity', read: (d) => d.activity, compare: 'json' },
  { key: 'applicationId', read: (d) => d.application_id },
  { key: 'flags', read: (d) => d.flags },
  { key: 'messageReference', read: (d) => d.message_reference, compare: 'json' },
  { key: 'messageSnapshots', read: (d) => list(d.message_snapshots), compare: 'json' },
  { key: 'interactionMetadata', read: (d) => d.interaction_metadata, compare: 'json' },
  { key: 'components', read: (d) => list(d.components as never[] | undefined), compare: 'json' },
  { key: 'stickerItems', read: (d) => list(d.sticker_items), compare: 'json' },
  { key: 'poll', read: (d) => d.poll, compare: 'json' },
  { key: 'position', read: (d) => d.position },
];

/** The message fields an update may change. */
export type MessageFields = Pick<
  Message,
  | 'content'
  | 'editedTimestamp'
  | 'tts'
  | 'mentionEveryone'
  | 'mentions'
  | 'mentionRoles'
  | 'mentionChannels'
  | 'attachments'
  | 'embeds'
  | 'reactions'
  | 'nonce'
  | 'pinned'
  | 'webhookId'
  | 'type'
  | 'activity'
  | 'applicationId'
  | 'flags'
  | 'messageReference'
  | 'messageSnapshots'
  | 'interactionMetadata'
  | 'components'
  | 'stickerItems'
  | 'poll'
  | 'position'
>;
