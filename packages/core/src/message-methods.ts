/**
 * Message methods that take entities or ids and return cached entities. The generated REST
 * methods (one per Discord operation) return raw payloads; these replace the most used ones with
 * entity-aware versions.
 */

import type { Cache, Message } from '@kokoro/cache';
import { KokoroError, type Snowflake, ValidationError } from '@kokoro/common';
import { type Rest, RestMethods } from '@kokoro/rest';
import type {
  APIMessage,
  RESTGetAPIChannelMessagesQuery,
  RESTPatchAPIChannelMessageJSONBody,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';

/** A channel, message or other entity given as the entity itself or its id. */
export type IdLike = Snowflake | { readonly id: Snowflake };

/** Options for creating a message (the JSON body Discord takes) plus request options. */
export interface MessageCreateOptions extends RESTPostAPIChannelMessageJSONBody {
  /** Files to upload; refer to them from embeds as `attachment://name`. */
  files?: { name: string; data: Uint8Array | string; contentType?: string }[];
  /** Abort the request. */
  signal?: AbortSignal;
}

/** Options for editing a message. */
export interface MessageEditOptions extends RESTPatchAPIChannelMessageJSONBody {
  signal?: AbortSignal;
}

/** A message given as the entity, or as channel + message ids. */
export type MessageLike =
  | { readonly id: Snowflake; readonly channel: IdLike }
  | { readonly id: Snowflake; readonly channelId: Snowflake };

/** The id of an entity or id. */
export function idOf(value: IdLike, what: string): Snowflake {
  const id = typeof value === 'string' ? value : value?.id;
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) {
    throw new ValidationError(
      what,
      `expected a ${what} entity or a snowflake id, got ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    );
  }
  return id;
}

function messageIds(message: MessageLike): [Snowflake, Snowflake] {
  const channelId = 'channelId' in message ? message.channelId : idOf(message.channel, 'channel');
  return [channelId, idOf(message.id, 'message')];
}

function checkContent(content: unknown): void {
  if (content === undefined) return;
  if (typeof content !== 'string') throw new ValidationError('content', 'must be a string');
  if (content.length > 2000)
    throw new ValidationError('content', `must be at most 2000 characters (got ${content.length})`);
}

/** Generated methods that the entity-aware ones below replace. */
type Replaced = 'messageCreate' | 'messageEdit' | 'messageDelete' | 'messageGet';

/** The generated REST methods (one per Discord operation) minus the replaced ones. */
const GeneratedMethods = RestMethods as unknown as abstract new () => Omit<RestMethods, Replaced | 'rest'>;

/**
 * The Client's REST surface: every Discord operation as a generated method returning raw payloads,
 * and entity-aware message methods returning cached entities.
 */
export abstract class MessageMethods extends GeneratedMethods {
  abstract readonly rest: Rest;
  abstract readonly cache: Cache;

  /**
   * Send a message: `client.messageCreate(channel, 'hi')` or with options (embeds, components,
   * files...). The REST layer adds a nonce with `enforce_nonce`, so a retried create returns the
   * first message instead of posting twice.
   */
  async messageCreate(channel: IdLike, content: string | MessageCreateOptions): Promise<Message> {
    const channelId = idOf(channel, 'channel');
    const { files, signal, ...body }: MessageCreateOptions = typeof content === 'string' ? { content } : { ...content };
    checkContent(body.content);
    if (
      !body.content &&
      !body.embeds?.length &&
      !body.components?.length &&
      !body.sticker_ids?.length &&
      !files?.length &&
      !body.poll
    ) {
      throw new ValidationError('content', 'a message needs content, embeds, components, stickers, files or a poll');
    }
    const data = await this.rest.post<APIMessage>(`/channels/${channelId}/messages`, body, {
      ...(files ? { files } : {}),
      ...(signal ? { signal } : {}),
    });
    return this.cache.message(data);
  }

  /** Edit a message: `client.messageEdit(message, 'new text')` or with options. */
  async messageEdit(message: MessageLike, content: string | MessageEditOptions): Promise<Message> {
    const [channelId, messageId] = messageIds(message);
    const { signal, ...body }: MessageEditOptions = typeof content === 'string' ? { content } : { ...content };
    checkContent(body.content);
    const data = await this.rest.patch<APIMessage>(
      `/channels/${channelId}/messages/${messageId}`,
      body,
      signal ? { signal } : {},
    );
    return this.cache.message(data);
  }

  /** Delete a message; `reason` goes to the audit log. */
  async messageDelete(message: MessageLike, options: { reason?: string; signal?: AbortSignal } = {}): Promise<void> {
    const [channelId, messageId] = messageIds(message);
    await this.rest.delete(`/channels/${channelId}/messages/${messageId}`, undefined, options);
  }

  /** Fetch one message (and cache it). */
  async messageGet(channel: IdLike, messageId: IdLike): Promise<Message> {
    const channelId = idOf(channel, 'channel');
    const data = await this.rest.get<APIMessage>(`/channels/${channelId}/messages/${idOf(messageId, 'message')}`);
    return this.cache.message(data);
  }

  /** Fetch up to 100 messages of a channel, newest first as Discord returns them. */
  async messageGetChunk(channel: IdLike, query: RESTGetAPIChannelMessagesQuery = {}): Promise<Message[]> {
    const channelId = idOf(channel, 'channel');
    if (query.limit !== undefined && (query.limit < 1 || query.limit > 100)) {
      throw new ValidationError('limit', 'must be between 1 and 100');
    }
    const data = await this.rest.get<APIMessage[]>(`/channels/${channelId}/messages`, undefined, {
      query: query as Record<string, string | number>,
    });
    return data.map((message) => this.cache.message(message));
  }
}

export { KokoroError };
