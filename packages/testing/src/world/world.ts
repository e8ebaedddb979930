/**
 * The fake Discord's in-memory world: bot accounts, users, guilds with their channels, roles and
 * members, DM channels and messages, all as raw discord-api-types objects. REST routes, the control
 * API and the fake gateway share one `World`.
 *
 * Every change that Discord would announce goes through {@link World.dispatch} as a
 * {@link WorldDispatch}; the fake gateway subscribes with {@link World.onDispatch} and decides, per
 * connected session, who may see it (guild membership, shard, intents, MESSAGE_CONTENT). The world
 * itself never filters: it only says who could be concerned (`guildId`, `recipients`) and what is
 * needed to see it (`intent`, `hasContent`).
 */
import { type Clock, systemClock } from '@kokoro/common';
import {
  type APIChannel,
  type APIGuildMember,
  type APIUser,
  ChannelType,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  GatewayIntentBits,
  type GatewayPresenceUpdate,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import {
  DEFAULT_EVERYONE_PERMISSIONS,
  makeDMChannel,
  makeGuild,
  makeGuildChannel,
  makeMember,
  makeRole,
  makeUser,
} from './defaults.js';
import { FakeDiscordError } from './errors.js';
import { buildGuildCreate } from './guild-create.js';
import { type GuildState, newGuildState } from './guild-state.js';
import { IdGenerator } from './ids.js';
import { ChannelMessages } from './messages.js';
import { WorldStores } from './stores.js';

/** A bot account of the fake world. Its user id is also its application id. */
export interface FakeBot {
  /** Bot user id == application id. */
  id: string;
  /** The bot's token (the fake's own; give it to your client). */
  token: string;
  /** The bot's name (its username). */
  name: string;
  /** The bot's user object. */
  user: APIUser;
  /** Its application id (equal to `id`). */
  applicationId: string;
  /** Privileged intent bits this bot is allowed (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT). */
  privilegedIntents: number;
  /** The application's OAuth2 client secret (for `POST /oauth2/token`). */
  clientSecret: string;
  /** Redirect URIs registered for OAuth2 (any URI is accepted while this is empty). */
  redirectUris: string[];
  /** The application's description (`PATCH /applications/@me`); empty by default. */
  description?: string;
}

/** One event of the world, offered to the fake gateway for delivery. */
export interface WorldDispatch {
  /** A `GatewayDispatchEvents` value. */
  t: string;
  /** The event data. */
  d: unknown;
  /** Only bots in this guild (and on the guild's shard) receive it. */
  guildId?: string;
  /** The channel it happened in, when there is one. */
  channelId?: string;
  /** The `GatewayIntentBits` value a session needs; undefined = always sent. */
  intent?: number;
  /** Only these bot ids receive it (DMs, targeted events). */
  recipients?: readonly string[];
  /**
   * A message-like payload: strip content/embeds/attachments/components/poll unless the session has
   * MESSAGE_CONTENT, the bot is the author or mentioned, or it is a DM.
   */
  hasContent?: boolean;
}

/** Every privileged intent: what a fake bot is allowed unless told otherwise. */
export const ALL_PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Options for {@link World.createBot}. */
export interface CreateBotOptions {
  /** The bot's name (its username). */
  name: string;
  /** Defaults to a token derived from the bot's id. */
  token?: string;
  /** Privileged intents the bot may ask for; defaults to all three. */
  privilegedIntents?: number;
  /** OAuth2 client secret; defaults to one derived from the id. */
  clientSecret?: string;
  /** OAuth2 redirect URIs; default none (any URI accepted). */
  redirectUris?: string[];
}

/** Options for {@link World.createGuild}. */
export interface CreateGuildOptions {
  /** The guild's name. */
  name: string;
  /** The owner's user id; defaults to the world's built-in user. */
  ownerId?: string;
}

/** Options of world changes that may be announced. */
export interface ChangeOptions {
  /** Change the state without dispatching anything (world set-up, generated worlds). */
  quiet?: boolean;
}

/**
 * The in-memory state of the fake Discord and its event bus. See the module comment.
 */
export class World {
  /** The clock that stamps ids and timestamps. */
  readonly clock: Clock;
  /** Makes snowflakes on the world's clock. */
  readonly ids: IdGenerator;
  /** Bot accounts by user id. */
  readonly bots = new Map<string, FakeBot>();
  /** Users (bots' included) by id. */
  readonly users = new Map<string, APIUser>();
  /** Guilds' state by guild id. */
  readonly guilds = new Map<string, GuildState>();
  /** Every channel by id: guild channels, threads and DMs. */
  readonly channels = new Map<string, APIChannel>();
  /** The bot that owns each DM channel. */
  readonly dmOwners = new Map<string, string>();
  /** Messages kept per channel (the oldest go first) for channels created from now on; unlimited by default. */
  messageLimit = Number.POSITIVE_INFINITY;
  /** Commands, interactions, webhooks, invites, reactions, pins, monetization. */
  readonly stores = new WorldStores();
  /** A user the control API speaks as when no author is given. */
  readonly defaultUser: APIUser;
  readonly #tokens = new Map<string, FakeBot>();
  readonly #guildsOfUser = new Map<string, Set<string>>();
  readonly #messages = new Map<string, ChannelMessages>();
  readonly #dms = new Map<string, string>();
  readonly #listeners = new Set<(dispatch: WorldDispatch) => void>();

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
    this.ids = new IdGenerator(this.clock);
    this.defaultUser = this.createUser('someone');
  }

  /** A new snowflake. */
  nextId(): string {
    return this.ids.next();
  }

  /** The world's current time as an ISO 8601 timestamp. */
  timestamp(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---- event bus ----

  /** Listen to every dispatch; returns a function that stops listening. */
  onDispatch(listener: (dispatch: WorldDispatch) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Announce a change to every listener, synchronously. */
  dispatch(dispatch: WorldDispatch): void {
    for (const listener of this.#listeners) listener(dispatch);
  }

  // ---- accounts ----

  /** Create a (human) user. */
  createUser(username: string): APIUser {
    const user = makeUser(this.nextId(), username);
    this.users.set(user.id, user);
    return user;
  }

  /** Create a bot account (a bot user and its application). */
  createBot(options: CreateBotOptions): FakeBot {
    const id = this.nextId();
    const token = options.token ?? `${Buffer.from(id).toString('base64url')}.fake.${id.slice(-8)}`;
    if (this.#tokens.has(token))
      throw new FakeDiscordError(`A fake bot already has the token given for '${options.name}'.`);
    const user = makeUser(id, options.name, true);
    const bot: FakeBot = {
      id,
      token,
      name: options.name,
      user,
      applicationId: id,
      privilegedIntents: options.privilegedIntents ?? ALL_PRIVILEGED_INTENTS,
      clientSecret: options.clientSecret ?? `fake-secret-${id}`,
      redirectUris: options.redirectUris ?? [],
    };
    this.users.set(id, user);
    this.bots.set(id, bot);
    this.#tokens.set(token, bot);
    return bot;
  }

  /** The bot whose token this is. */
  botByToken(token: string): FakeBot | undefined {
    return this.#tokens.get(token);
  }

  // ---- guilds ----

  /** Create a guild with its `@everyone` role. Members are added with {@link addMember}. */
  createGuild(options: CreateGuildOptions): GuildState {
    const id = this.nextId();
    const state = newGuildState(makeGuild(id, options.name, options.ownerId ?? this.defaultUser.id));
    state.roles.set(id, makeRole(id, '@everyone', 0, DEFAULT_EVERYONE_PERMISSIONS));
    this.guilds.set(id, state);
    return state;
  }

  /** The state of a guild. */
  guild(guildId: string): GuildState | undefined {
    return this.guilds.get(guildId);
  }

  /** Ids of the guilds a user (or bot) is a member of. */
  guildIdsOf(userId: string): string[] {
    const set = this.#guildsOfUser.get(userId);
    return set ? [...set] : [];
  }

  /** Whether a user (or bot) is a member of a guild. */
  isMember(guildId: string, userId: string): boolean {
    return this.#guildsOfUser.get(userId)?.has(guildId) ?? false;
  }

  /** Every member of a guild. */
  members(guildId: string): APIGuildMember[] {
    const state = this.guilds.get(guildId);
    return state ? [...state.members.values()] : [];
  }

  /** Every presence of a guild (members who are not offline). */
  presences(guildId: string): GatewayPresenceUpdate[] {
    const state = this.guilds.get(guildId);
    return state ? [...state.presences.values()] : [];
  }

  /**
   * Add a user or bot to a guild. A bot gets its own managed role (with ADMINISTRATOR unless
   * `permissions` says otherwise), as an invited bot does, unless `managedRole` is false. Dispatches GUILD_MEMBER_ADD, and
   * GUILD_CREATE to a bot that joins.
   */
  addMember(
    guildId: string,
    userId: string,
    options: ChangeOptions & { roles?: string[]; permissions?: bigint; managedRole?: boolean } = {},
  ): APIGuildMember {
    const state = this.#guildOrThrow(guildId);
    const user = this.users.get(userId);
    if (!user) throw new FakeDiscordError(`Unknown user ${userId}: create it first.`);
    const existing = state.members.get(userId);
    if (existing) return existing;
    const roles = [...(options.roles ?? [])];
    if (this.bots.has(userId) && options.managedRole !== false) {
      const role = makeRole(
        this.nextId(),
        user.username,
        state.roles.size,
        options.permissions ?? PermissionFlagsBits.Administrator,
      );
      role.managed = true;
      role.tags = { bot_id: userId };
      state.roles.set(role.id, role);
      roles.push(role.id);
    }
    const member = makeMember(user, this.timestamp(), roles);
    state.members.set(userId, member);
    this.indexMember(guildId, userId);
    if (!options.quiet) {
      this.dispatch({
        t: GatewayDispatchEvents.GuildMemberAdd,
        d: { ...member, guild_id: guildId },
        guildId,
        intent: GatewayIntentBits.GuildMembers,
      });
      if (this.bots.has(userId)) {
        // Sent with everything; the gateway rebuilds it for the session's intents with guildCreatePayload.
        this.dispatch({
          t: GatewayDispatchEvents.GuildCreate,
          d: this.guildCreatePayload(guildId, userId, { intents: ALL_INTENTS }),
          guildId,
          recipients: [userId],
        });
      }
    }
    return member;
  }

  /** Remove a member (leave, kick or ban). Dispatches GUILD_MEMBER_REMOVE, and GUILD_DELETE to a bot. */
  removeMember(guildId: string, userId: string, options: ChangeOptions = {}): APIGuildMember | undefined {
    const state = this.#guildOrThrow(guildId);
    const member = state.members.get(userId);
    if (!member) return undefined;
    state.members.delete(userId);
    state.presences.delete(userId);
    state.voiceStates.delete(userId);
    this.#guildsOfUser.get(userId)?.delete(guildId);
    if (!options.quiet) {
      this.dispatch({
        t: GatewayDispatchEvents.GuildMemberRemove,
        d: { guild_id: guildId, user: member.user },
        guildId,
        intent: GatewayIntentBits.GuildMembers,
      });
      if (this.bots.has(userId)) {
        this.dispatch({ t: GatewayDispatchEvents.GuildDelete, d: { id: guildId }, recipients: [userId] });
      }
    }
    return member;
  }

  /** Record that a user is a member of a guild (for code that fills `members` directly, like generated worlds). */
  indexMember(guildId: string, userId: string): void {
    let set = this.#guildsOfUser.get(userId);
    if (!set) {
      set = new Set();
      this.#guildsOfUser.set(userId, set);
    }
    set.add(guildId);
  }

  /**
   * The GUILD_CREATE a bot's session receives for a guild. Like Discord: `presences` only with
   * GUILD_PRESENCES; `members` holds the bot itself, members in voice, and — with GUILD_PRESENCES —
   * every member of a guild that is not large, or the members who are online in a large one.
   */
  guildCreatePayload(
    guildId: string,
    botId: string,
    options: { intents: number; largeThreshold?: number },
  ): GatewayGuildCreateDispatchData {
    return buildGuildCreate(this.#guildOrThrow(guildId), botId, options);
  }

  // ---- channels ----

  /** Create a guild channel (or thread). Dispatches CHANNEL_CREATE unless quiet. */
  createChannel(
    guildId: string,
    options: ChangeOptions & { name: string; type?: ChannelType; parentId?: string | null },
  ): APIChannel {
    const state = this.#guildOrThrow(guildId);
    const type = options.type ?? ChannelType.GuildText;
    const channel = makeGuildChannel(
      this.nextId(),
      guildId,
      options.name,
      type,
      state.channels.size,
      options.parentId ?? null,
    );
    state.channels.set(channel.id, channel);
    this.channels.set(channel.id, channel);
    if (!options.quiet) {
      this.dispatch({ t: GatewayDispatchEvents.ChannelCreate, d: channel, guildId, intent: GatewayIntentBits.Guilds });
    }
    return channel;
  }

  /** The guild a channel belongs to, if it is a guild channel. */
  guildIdOfChannel(channelId: string): string | undefined {
    const channel = this.channels.get(channelId) as { guild_id?: string } | undefined;
    return channel?.guild_id;
  }

  /** The DM channel between a bot and a user, created on first use (no dispatch, like Discord). */
  dmChannel(botId: string, userId: string): APIChannel {
    const key = `${botId}:${userId}`;
    const existing = this.#dms.get(key);
    if (existing) return this.channels.get(existing)!;
    const user = this.users.get(userId);
    if (!user) throw new FakeDiscordError(`Unknown user ${userId}: create it first.`);
    const channel = makeDMChannel(this.nextId(), user);
    this.channels.set(channel.id, channel);
    this.dmOwners.set(channel.id, botId);
    this.#dms.set(key, channel.id);
    return channel;
  }

  /** The messages of a channel (created empty on first use). */
  messagesOf(channelId: string): ChannelMessages {
    let store = this.#messages.get(channelId);
    if (!store) {
      store = new ChannelMessages();
      store.limit = this.messageLimit;
      this.#messages.set(channelId, store);
    }
    return store;
  }

  #guildOrThrow(guildId: string): GuildState {
    const state = this.guilds.get(guildId);
    if (!state) throw new FakeDiscordError(`Unknown guild ${guildId}: create it first.`);
    return state;
  }
}

/** Every intent bit Discord defines (for payloads built without a session in mind). */
export const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);
