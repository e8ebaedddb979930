/**
 * The Client's REST surface. Every Discord operation has a generated method (from @kokoro/rest)
 * returning the raw payload; the ones that fetch or change the entities a bot works with most
 * (messages, channels, guilds, members, roles, users) are replaced here by versions that take
 * entities or ids and return the shared cache's entities, so what is fetched over REST lands in the
 * same cache the gateway fills.
 */

import {
  type Cache,
  type Channel,
  type Guild,
  type GuildMember,
  type Message,
  PayloadError,
  type Role,
  type User,
} from '@kokoro/cache';
import { KokoroError, type Snowflake, ValidationError } from '@kokoro/common';
import {
  type Encodable,
  type MethodOptions,
  messagePayload,
  type Rest,
  type RestLikeFile,
  RestMethods,
  restOperations,
} from '@kokoro/rest';
import type {
  APIActionRowComponent,
  APIChannel,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIMessageTopLevelComponent,
  APIRole,
  APIUser,
  RESTGetAPIChannelMessagesQuery,
  RESTGetAPIGuildMembersQuery,
  RESTGetAPIGuildQuery,
  RESTPatchAPIChannelJSONBody,
  RESTPatchAPIChannelMessageJSONBody,
  RESTPatchAPIGuildJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIGuildChannelJSONBody,
} from 'discord-api-types/v10';

/** A channel, message or other entity given as the entity itself or its id. */
export type IdLike = Snowflake | { readonly id: Snowflake };

/**
 * Embeds and components given as JSON or as builders (anything with `toJSON()`: Kokoro's
 * `Embed`, `ActionRow`, `Container`..., or @discordjs/builders). A top-level layout component given
 * as a builder sets the `IS_COMPONENTS_V2` flag.
 */
export interface MessageBuilders {
  /** Embeds, as payloads or builders (at most 10). */
  embeds?: Encodable<APIEmbed>[];
  /** Components (action rows, or Components V2 layout), as payloads or builders. */
  components?: Encodable<APIActionRowComponent<APIComponentInMessageActionRow> | APIMessageTopLevelComponent>[];
}

/** Options for creating a message (the JSON body Discord takes, builders accepted) plus request options. */
export interface MessageCreateOptions
  extends Omit<RESTPostAPIChannelMessageJSONBody, 'embeds' | 'components'>,
    MessageBuilders {
  /** Files to upload; refer to them from embeds as `attachment://name`. */
  files?: RestLikeFile[];
  /** Abort the request. */
  signal?: AbortSignal;
}

/** Options for editing a message (builders accepted). */
export interface MessageEditOptions
  extends Omit<RESTPatchAPIChannelMessageJSONBody, 'embeds' | 'components'>,
    MessageBuilders {
  /** Abort the request. */
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

/** Generated methods that the entity-aware ones below replace. */
type Replaced =
  | 'messageCreate'
  | 'messageEdit'
  | 'messageDelete'
  | 'messageGet'
  | 'channelGet'
  | 'channelEdit'
  | 'channelMessagesGet'
  | 'guildGet'
  | 'guildEdit'
  | 'guildChannelsGet'
  | 'guildChannelCreate'
  | 'guildMembersGet'
  | 'guildMemberGet'
  | 'guildRolesGet'
  | 'currentUserGet'
  | 'userGet';

const generated = RestMethods.prototype;

/** `messageCreate` -> `POST /channels/{channel_id}/messages`, for errors naming the route. */
const routes = new Map(restOperations.map((operation) => [operation.name, `${operation.method} ${operation.path}`]));

/**
 * Build entities from the payload a REST call returned. A payload the cache cannot read raises
 * {@link PayloadError} naming the entity, the field and the route, with Discord's payload in
 * `error.payload`: the request was carried out, so the caller can still get what was made.
 */
function built<T>(method: Replaced, entity: string, data: unknown, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const source = routes.get(method) ?? method;
    const note = `Discord carried out ${method}; error.payload holds what it returned`;
    if (error instanceof PayloadError) throw error.from(source, data, note);
    const detail = error instanceof Error ? error.message : String(error);
    throw new PayloadError(entity, '(payload)', detail, { source, payload: data, note, cause: error });
  }
}

/** The generated REST methods (one per Discord operation) minus the replaced ones. */
const GeneratedMethods = RestMethods as unknown as abstract new () => Omit<RestMethods, Replaced | 'rest'>;

/**
 * The Client's REST surface: every Discord operation as a generated method returning raw payloads,
 * and entity-aware message methods returning cached entities.
 */
export abstract class ClientMethods extends GeneratedMethods {
  /** The client's REST client (its token's rate limits). */
  abstract readonly rest: Rest;
  /** The shared cache the client reads and fills. */
  abstract readonly cache: Cache;

  /**
   * Send a message: `client.messageCreate(channel, 'hi')` or with options (embeds, components,
   * files...). The REST layer adds a nonce with `enforce_nonce`, so a retried create returns the
   * first message instead of posting twice.
   */
  async messageCreate(channel: IdLike, content: string | MessageCreateOptions): Promise<Message> {
    const channelId = idOf(channel, 'channel');
    const { files, signal, ...body }: MessageCreateOptions = typeof content === 'string' ? { content } : { ...content };
    // The generated method validates the body (content, embeds, components, files...) before sending.
    const data = (await generated.messageCreate.call(
      this,
      channelId,
      messagePayload(body) as RESTPostAPIChannelMessageJSONBody,
      {
        ...(files ? { files } : {}),
        ...(signal ? { signal } : {}),
      },
    )) as APIMessage;
    return built('messageCreate', 'Message', data, () => this.cache.message(data));
  }

  /** Edit a message: `client.messageEdit(message, 'new text')` or with options. */
  async messageEdit(message: MessageLike, content: string | MessageEditOptions): Promise<Message> {
    const [channelId, messageId] = messageIds(message);
    const { signal, ...body }: MessageEditOptions = typeof content === 'string' ? { content } : { ...content };
    const data = (await generated.messageEdit.call(
      this,
      channelId,
      messageId,
      messagePayload(body) as RESTPatchAPIChannelMessageJSONBody,
      signal ? { signal } : {},
    )) as APIMessage;
    return built('messageEdit', 'Message', data, () => this.cache.message(data));
  }

  /** Delete a message; `reason` goes to the audit log. */
  async messageDelete(message: MessageLike, options: { reason?: string; signal?: AbortSignal } = {}): Promise<void> {
    const [channelId, messageId] = messageIds(message);
    await generated.messageDelete.call(this, channelId, messageId, options);
  }

  /** Fetch one message (and cache it). */
  async messageGet(channel: IdLike, messageId: IdLike): Promise<Message> {
    const data = (await generated.messageGet.call(
      this,
      idOf(channel, 'channel'),
      idOf(messageId, 'message'),
    )) as APIMessage;
    return built('messageGet', 'Message', data, () => this.cache.message(data));
  }

  /** Fetch up to 100 messages of a channel, newest first as Discord returns them. */
  async messageGetChunk(channel: IdLike, query: RESTGetAPIChannelMessagesQuery = {}): Promise<Message[]> {
    const channelId = idOf(channel, 'channel');
    if (query.limit !== undefined && (query.limit < 1 || query.limit > 100)) {
      throw new ValidationError('limit', 'must be between 1 and 100');
    }
    const data = (await generated.channelMessagesGet.call(this, channelId, query)) as APIMessage[];
    return built('channelMessagesGet', 'Message', data, () => data.map((message) => this.cache.message(message)));
  }

  /** The same as {@link messageGetChunk}, under the generated name. */
  channelMessagesGet(channel: IdLike, query?: RESTGetAPIChannelMessagesQuery): Promise<Message[]> {
    return this.messageGetChunk(channel, query);
  }

  /** Fetch a channel (or thread) into the cache. */
  async channelGet(channel: IdLike, options?: MethodOptions): Promise<Channel> {
    const data = (await generated.channelGet.call(this, channel, options)) as APIChannel;
    return built('channelGet', 'Channel', data, () => this.#channel(data));
  }

  /** Edit a channel; the cache is updated with Discord's answer. */
  async channelEdit(channel: IdLike, body: RESTPatchAPIChannelJSONBody, options?: MethodOptions): Promise<Channel> {
    const data = (await generated.channelEdit.call(this, channel, body, options)) as APIChannel;
    return built('channelEdit', 'Channel', data, () => this.#channel(data));
  }

  /** Fetch a guild into the cache (`with_counts` in the query for member counts). */
  async guildGet(guild: IdLike, query?: RESTGetAPIGuildQuery, options?: MethodOptions): Promise<Guild> {
    const data = (await generated.guildGet.call(this, guild, query, options)) as APIGuild;
    return built('guildGet', 'Guild', data, () => this.cache.guild(data as APIGuild & Record<string, unknown>));
  }

  /** Edit a guild; the cache is updated with Discord's answer. */
  async guildEdit(guild: IdLike, body: RESTPatchAPIGuildJSONBody, options?: MethodOptions): Promise<Guild> {
    const data = (await generated.guildEdit.call(this, guild, body, options)) as APIGuild;
    return built('guildEdit', 'Guild', data, () => this.cache.guild(data as APIGuild & Record<string, unknown>));
  }

  /** Fetch a guild's channels into the cache. */
  async guildChannelsGet(guild: IdLike, options?: MethodOptions): Promise<Channel[]> {
    const data = (await generated.guildChannelsGet.call(this, guild, options)) as APIChannel[];
    const entity = this.#guild(guild);
    return built('guildChannelsGet', 'Channel', data, () => data.map((channel) => this.cache.channel(channel, entity)));
  }

  /** Create a channel in a guild. */
  async guildChannelCreate(
    guild: IdLike,
    body: RESTPostAPIGuildChannelJSONBody,
    options?: MethodOptions,
  ): Promise<Channel> {
    const data = (await generated.guildChannelCreate.call(this, guild, body, options)) as APIChannel;
    return built('guildChannelCreate', 'Channel', data, () => this.cache.channel(data, this.#guild(guild)));
  }

  /** Fetch members of a guild (up to 1000 per call, `after` to page) into the cache. */
  async guildMembersGet(
    guild: IdLike,
    query?: RESTGetAPIGuildMembersQuery,
    options?: MethodOptions,
  ): Promise<GuildMember[]> {
    const data = (await generated.guildMembersGet.call(this, guild, query, options)) as APIGuildMember[];
    const entity = this.#guild(guild);
    return built('guildMembersGet', 'GuildMember', data, () => data.map((member) => this.cache.member(entity, member)));
  }

  /** Fetch one member of a guild into the cache. */
  async guildMemberGet(guild: IdLike, user: IdLike, options?: MethodOptions): Promise<GuildMember> {
    const data = (await generated.guildMemberGet.call(this, guild, user, options)) as APIGuildMember;
    return built('guildMemberGet', 'GuildMember', data, () => this.cache.member(this.#guild(guild), data));
  }

  /** Fetch a guild's roles into the cache. */
  async guildRolesGet(guild: IdLike, options?: MethodOptions): Promise<Role[]> {
    const data = (await generated.guildRolesGet.call(this, guild, options)) as APIRole[];
    const entity = this.#guild(guild);
    return built('guildRolesGet', 'Role', data, () => data.map((role) => this.cache.role(entity, role)));
  }

  /** Fetch the bot's own user. */
  async currentUserGet(options?: MethodOptions): Promise<User> {
    const data = (await generated.currentUserGet.call(this, options)) as APIUser;
    return built('currentUserGet', 'User', data, () => this.cache.user(data));
  }

  /** Fetch a user into the cache. */
  async userGet(user: IdLike, options?: MethodOptions): Promise<User> {
    const data = (await generated.userGet.call(this, user, options)) as APIUser;
    return built('userGet', 'User', data, () => this.cache.user(data));
  }

  #guild(guild: IdLike): Guild {
    const id = idOf(guild, 'guild');
    return this.cache.guilds.get(id) ?? this.cache.precreateGuild(id);
  }

  #channel(data: APIChannel): Channel {
    const guildId = (data as { guild_id?: string }).guild_id;
    return this.cache.channel(data, guildId ? this.#guild(guildId) : null);
  }
}

export { KokoroError };
