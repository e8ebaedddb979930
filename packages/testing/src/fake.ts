/**
 * `FakeDiscord`: the fake Discord on loopback. One node:http server on 127.0.0.1 (port 0) serves
 * the REST API under `/api/v10` and hands websocket upgrades to the fake gateway; both share one
 * {@link World}. Set-up methods build the world (bots, users, guilds, channels); control methods act
 * as simulated users (`userSays`) and read the state back (`messages`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, type Logger, silentLogger } from '@kokoro/common';
import {
  type APIApplicationCommand,
  type APIChannel,
  type APIGuild,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  ApplicationCommandType,
  type ChannelType,
} from 'discord-api-types/v10';
import { InteractionDelivery } from './actions/interaction-delivery.js';
import { createInteraction, type InteractionAction } from './actions/interactions.js';
import { postMessage } from './actions/messages.js';
import { setVoiceState } from './actions/voice.js';
import { Activity, type WaitOptions } from './actors/activity.js';
import { type DispatchFilter, Expectations, type NextMessageOptions } from './actors/expectations.js';
import { type UntilOptions, until } from './actors/until.js';
import { FakeUser } from './actors/user.js';
import { FakeGateway, type FakeGatewayOptions } from './gateway/server.js';
import type { GatewayServerLike } from './gateway-seam.js';
import { renderMessage } from './render/message.js';
import type { RouteContext } from './rest/context.js';
import { FakeRateLimiter, type FakeRateLimiterOptions } from './rest/ratelimit/index.js';
import type { Router } from './rest/router.js';
import { createRouter } from './rest/routes/index.js';
import { authorize } from './rest/routes/oauth2.js';
import { API_PREFIX, createRestHandler } from './rest/server.js';
import { type SeededWorld, seedWorld } from './seed.js';
import { type GeneratedWorld, type GenerateWorldOptions, generateWorld } from './simulate/generate.js';
import { Simulator } from './simulate/simulator.js';
import { type FakeVoiceOptions, FakeVoiceServer, type VoiceWorldHooks } from './voice/server.js';
import { FakeDiscordError } from './world/errors.js';
import type { GuildState } from './world/guild-state.js';
import { type IdLike, idOf } from './world/ids.js';
import type { InteractionState } from './world/stores.js';
import { type CreateBotOptions, type FakeBot, World } from './world/world.js';

/**
 * Builds the gateway of a fake; the default is `FakeGateway`. A replacement that is not a
 * `FakeGateway` has only the seam's methods, whatever `fake.gateway`'s type says.
 */
export type GatewayFactory = (world: World, fake: FakeDiscord) => GatewayServerLike | Promise<GatewayServerLike>;

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** The clock of the world, ids and rate limits; defaults to the system clock. */
  clock?: Clock;
  /** Use this world instead of a new one. */
  world?: World;
  /** Logs of the fake (unexpected handler failures); silent by default. */
  logger?: Logger;
  /** Options of the fake gateway (heartbeat interval, shards, session limits...). */
  gatewayOptions?: FakeGatewayOptions;
  /** Replace the fake gateway (tests of the HTTP side only, other gateways). */
  gateway?: GatewayFactory;
  /** Rate limiter options besides the clock. */
  rateLimits?: Omit<FakeRateLimiterOptions, 'clock'>;
  /** Options of the fake voice server (DAVE required or off, the listener, timings). */
  voice?: FakeVoiceOptions;
  /** The port to listen on (127.0.0.1); 0, the default, takes a free one. */
  port?: number;
}

/** Members for {@link FakeDiscord.addGuild}: bots, users, or their ids. */
export type MemberLike = IdLike | FakeBot | APIUser;

/** The fake Discord. Start with {@link FakeDiscord.start}; close with {@link FakeDiscord.close}. */
export class FakeDiscord {
  /** The shared in-memory state and event bus. */
  readonly world: World;
  /** The REST rate limiter (fault injection: limits, 429s). */
  readonly rest: FakeRateLimiter;
  /** Simulated actions of users and of Discord, producing every dispatch event. */
  readonly simulate: Simulator;
  /** The route table of the REST API (add routes for custom tests). */
  readonly router: Router;
  /** HTTP interactions: the fake's Ed25519 key pair and the bots' interaction endpoints. */
  readonly interactions: InteractionDelivery;
  /** The fake gateway (fault injection, inspection); set by `start`. */
  gateway!: FakeGateway;
  /** The fake voice server (what bots sent, simulated users, faults); set by `start`. */
  voice!: FakeVoiceServer;
  /** Changes the actor API waits on (dispatches, REST responses). */
  readonly activity: Activity;
  /** The per-channel message queues of `nextMessage`. */
  readonly expectations: Expectations;
  readonly #server: Server;
  readonly #actors = new Map<string, FakeUser>();
  #port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.world = options.world ?? new World({ clock: options.clock });
    this.simulate = new Simulator(this.world);
    this.rest = new FakeRateLimiter({ clock: this.world.clock, ...options.rateLimits });
    const ctx: RouteContext = {
      world: this.world,
      gateway: () => this.gateway,
      gatewayUrl: () => this.gatewayUrl,
      restUrl: () => this.restUrl,
    };
    this.router = createRouter(ctx);
    this.interactions = new InteractionDelivery(this.world, this.router);
    const handler = createRestHandler({
      world: this.world,
      router: this.router,
      limiter: this.rest,
      logger: options.logger ?? silentLogger,
    });
    this.#server = createServer(handler);
    this.activity = new Activity(this.world);
    this.expectations = new Expectations(this.world, this.activity);
    this.#server.on('request', (_req, res) => res.once('finish', () => this.activity.restResponded()));
    this.#server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** Start a fake Discord on 127.0.0.1 with a free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.voice = await FakeVoiceServer.start(voiceHooks(fake), options.voice);
    const gatewayOptions = { voiceServer: fake.voice, ...options.gatewayOptions };
    fake.gateway = (await (options.gateway ?? ((world) => new FakeGateway(world, gatewayOptions)))(
      fake.world,
      fake,
    )) as FakeGateway;
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** The port the fake listens on. */
  get port(): number {
    return this.#port;
  }

  /** The REST base url, `http://127.0.0.1:PORT/api/v10`. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.#port}${API_PREFIX}`;
  }

  /** The gateway url, `ws://127.0.0.1:PORT` (what `GET /gateway/bot` returns). */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** Stop the gateway (closing its sessions) and the HTTP server. */
  async close(): Promise<void> {
    await this.gateway.close();
    await this.voice.stop();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- set-up ----

  /** Add a bot account. Its token works for REST and the gateway. */
  addBot(options: CreateBotOptions): FakeBot {
    return this.world.createBot(options);
  }

  /** Add a (human) user. */
  addUser(options: { username: string }): APIUser {
    return this.world.createUser(options.username);
  }

  /** Add a guild with these members (the first human user, or the built-in user, owns it). */
  addGuild(options: { name: string; members?: readonly MemberLike[]; owner?: MemberLike }): APIGuild {
    const members = (options.members ?? []).map(memberId);
    const ownerId = options.owner ? memberId(options.owner) : members.find((id) => !this.world.bots.has(id));
    const state = this.world.createGuild({ name: options.name, ...(ownerId ? { ownerId } : {}) });
    const owner = state.guild.owner_id;
    if (!members.includes(owner)) members.unshift(owner);
    for (const id of members) this.world.addMember(state.guild.id, id);
    return state.guild;
  }

  /** Add members to a guild (dispatches GUILD_MEMBER_ADD, and GUILD_CREATE to bots). */
  addMembers(guild: IdLike, members: readonly MemberLike[]): void {
    for (const member of members) this.world.addMember(idOf(guild), memberId(member));
  }

  /** Add a channel to a guild (a text channel unless `type` says otherwise); dispatches CHANNEL_CREATE. */
  addChannel(guild: IdLike, options: { name: string; type?: ChannelType; parent?: IdLike }): APIChannel {
    return this.world.createChannel(idOf(guild), {
      name: options.name,
      ...(options.type !== undefined ? { type: options.type } : {}),
      ...(options.parent ? { parentId: idOf(options.parent) } : {}),
    });
  }

  /** Build a world described as JSON (bots, users, guilds with members and channels); see `seed.ts`. */
  seed(seed: unknown): SeededWorld {
    return seedWorld(this, seed);
  }

  /** The state of a guild (roles, channels, members, presences...). */
  guild(guild: IdLike): GuildState | undefined {
    return this.world.guild(idOf(guild));
  }

  // ---- control ----

  /**
   * Post a message as a simulated user (the built-in user unless `author` is given) and dispatch
   * MESSAGE_CREATE. Resolves once the event has been handed to the gateway.
   */
  async userSays(
    channel: IdLike,
    content: string,
    options: { author?: IdLike | APIUser; replyTo?: IdLike } = {},
  ): Promise<APIMessage> {
    const channelId = idOf(channel);
    if (!this.world.channels.has(channelId))
      throw new FakeDiscordError(`userSays: unknown channel ${channelId}; create it with fake.addChannel first.`);
    const authorId = options.author ? idOf(options.author) : this.world.defaultUser.id;
    const author = this.world.users.get(authorId);
    if (!author) throw new FakeDiscordError(`userSays: unknown user ${authorId}; create it with fake.addUser first.`);
    return postMessage(this.world, channelId, author, {
      content,
      ...(options.replyTo ? { replyTo: idOf(options.replyTo) } : {}),
    });
  }

  /**
   * A simulated user uses a bot's application: runs a slash command, clicks a component, submits a
   * modal. `bot` is a fake bot, its id, or a started Kokoro `Client`. Dispatches INTERACTION_CREATE
   * to that bot; its answer can be read with {@link FakeDiscord.interactionResponse}. Throws, as
   * Discord would refuse, for a command not registered in that guild or globally, options that do
   * not fit its schema, or a user without its `default_member_permissions`.
   */
  interact(bot: IdLike, channel: IdLike, action: InteractionAction, options: { user?: IdLike } = {}): APIInteraction {
    const fakeBot = this.world.bots.get(idOf(bot));
    if (!fakeBot) {
      throw new FakeDiscordError(
        `interact: unknown bot ${idOf(bot)}; give a bot made with fake.addBot, its id, or a Kokoro Client that has started.`,
      );
    }
    const user = this.world.users.get(options.user ? idOf(options.user) : this.world.defaultUser.id);
    if (!user) throw new FakeDiscordError('interact: unknown user; create it with fake.addUser first.');
    const endpoint = this.interactions.endpoints.has(fakeBot.id);
    return createInteraction(
      this.world,
      fakeBot,
      idOf(channel),
      user,
      action,
      endpoint ? (interaction) => void this.interactions.deliver(fakeBot.id, interaction) : undefined,
    );
  }

  /** The Ed25519 public key (64 hex digits) that HTTP interactions from this fake are signed with. */
  get publicKey(): string {
    return this.interactions.publicKey;
  }

  /**
   * Deliver `bot`'s interactions to an HTTP endpoint instead of its gateway, signed with
   * {@link publicKey}. Checked first as the developer portal does: a signed PING must be answered
   * `{ type: 1 }` and a badly signed request 401, else this rejects and nothing changes.
   */
  async setInteractionsEndpoint(bot: IdLike, url: string): Promise<void> {
    const fakeBot = this.world.bots.get(idOf(bot));
    if (!fakeBot) throw new FakeDiscordError(`setInteractionsEndpoint: unknown bot ${idOf(bot)}.`);
    await this.interactions.setEndpoint(fakeBot.id, url);
  }

  /**
   * Register an application command for a bot directly (as if the bot had created it over REST):
   * global, or in `options.guild`. Returns the stored command. For tests of the interaction side.
   */
  addCommand(
    bot: IdLike,
    command: Partial<APIApplicationCommand> & { name: string },
    options: { guild?: IdLike } = {},
  ): APIApplicationCommand {
    const fakeBot = this.world.bots.get(idOf(bot));
    if (!fakeBot) throw new FakeDiscordError(`addCommand: unknown bot ${idOf(bot)}.`);
    const guildId = options.guild ? idOf(options.guild) : undefined;
    const map = this.world.stores.commandsOf(fakeBot.applicationId, guildId);
    const type = command.type ?? ApplicationCommandType.ChatInput;
    const existing = [...map.values()].find((c) => c.name === command.name && c.type === type);
    const stored: APIApplicationCommand = {
      id: existing?.id ?? this.world.nextId(),
      application_id: fakeBot.applicationId,
      version: this.world.nextId(),
      type,
      description: '',
      default_member_permissions: null,
      ...command,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
    map.set(stored.id, stored);
    return stored;
  }

  /** What a bot answered to an interaction (type, body, the `@original` message id), or undefined. */
  interactionResponse(interaction: IdLike): InteractionState | undefined {
    return this.world.stores.interactions.get(idOf(interaction));
  }

  /**
   * Build a big world at once (no events dispatched): `guilds` guilds, each with
   * `membersPerGuild` members, channels, roles and optionally presences; every bot joins every guild
   * unless `bots` says otherwise. Connect bots afterwards: they get it all in GUILD_CREATEs.
   */
  generateWorld(options: GenerateWorldOptions): GeneratedWorld {
    return generateWorld(this.world, options);
  }

  /**
   * The browser step of OAuth2: `user` approves `bot`'s application with `scopes`; returns the code
   * that the bot's site exchanges at `POST /oauth2/token` (with `redirectUri`, default the bot's first
   * registered one or `http://localhost/callback`). `codeChallenge` (S256) makes it a PKCE code.
   */
  authorize(
    bot: IdLike,
    user: IdLike,
    options: { scopes?: string[]; redirectUri?: string; codeChallenge?: string } = {},
  ): string {
    const fakeBot = this.world.bots.get(idOf(bot));
    if (!fakeBot) throw new FakeDiscordError(`authorize: unknown bot ${idOf(bot)}.`);
    return authorize(this.world, fakeBot, idOf(user), options);
  }

  /** The DM channel between a bot and a user (created on first use); `userSays` in it DMs the bot. */
  dmChannel(bot: IdLike, user: IdLike): APIChannel {
    return this.world.dmChannel(idOf(bot), idOf(user));
  }

  // ---- actor API (actors/) ----

  /**
   * The simulated user `name`, created on first use and made a member of the first guild:
   * `const alice = fake.user('alice'); await alice.says(channel, 'ping')`.
   */
  user(name: string): FakeUser {
    let actor = this.#actors.get(name);
    if (!actor) {
      if (!name) throw new FakeDiscordError('user: give the user a name, e.g. fake.user("alice").');
      const user =
        [...this.world.users.values()].find((u) => u.username === name && !u.bot) ?? this.world.createUser(name);
      const guild = this.world.guilds.values().next().value;
      if (guild && !guild.members.has(user.id)) this.world.addMember(guild.guild.id, user.id);
      actor = new FakeUser(this, user);
      this.#actors.set(name, actor);
    }
    return actor;
  }

  /** The next message in `channel` after the last user action there (`from` a bot, matching `where`); waits up to `timeout`. */
  nextMessage(channel: IdLike, options?: NextMessageOptions): Promise<APIMessage> {
    return this.expectations.nextMessage(channel, options);
  }

  /** Wait for a dispatch (`'MESSAGE_REACTION_ADD'`, filtered on its data) or for a condition on the state. */
  waitFor<T>(condition: () => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  waitFor(event: string, filter?: DispatchFilter, options?: WaitOptions): Promise<unknown>;
  waitFor(what: string | (() => unknown), a?: DispatchFilter | WaitOptions, b?: WaitOptions): Promise<unknown> {
    return typeof what === 'function'
      ? this.expectations.waitFor(what, a as WaitOptions | undefined)
      : this.expectations.waitFor(what, a as DispatchFilter | undefined, b);
  }

  /**
   * Wait until `predicate` returns a truthy value, and resolve with it. Unlike `waitFor`, which
   * looks only after the fake's own changes, it also checks every `interval` ms (default 5) of real
   * time, so it sees state the fake cannot: a bot's cache, its variables, the test's own counters
   * (`await fake.until(() => client.cache.guilds.size === 3)`). A check that throws counts as not
   * yet. Fails with a {@link FakeUntilTimeoutError} naming `what` (default the predicate's source)
   * after `timeout` ms on the fake's clock (default 5,000), or after `realTimeLimit` ms of real time
   * (default the larger of 30,000 and `timeout`) if the fake's clock is a `ManualClock` nobody
   * advances.
   */
  until<T>(predicate: () => T | undefined | null | false, options?: UntilOptions): Promise<T> {
    return until(this.activity, this.world.clock, predicate, options);
  }

  /** Wait until a bot answered `interaction` (its callback); resolves with the answer's record. */
  responseTo(interaction: IdLike, options: WaitOptions = {}): Promise<InteractionState> {
    const id = idOf(interaction);
    return this.expectations.waitFor(() => {
      const state = this.world.stores.interactions.get(id);
      return state?.responseType !== undefined ? state : undefined;
    }, options);
  }

  /** A message as stable plain text for snapshot tests (content, embeds, components, Components V2). */
  render(message: APIMessage): string {
    return renderMessage(message);
  }

  /**
   * A channel's messages, oldest first: those everyone sees. With `{ ephemeral: true }`, also the
   * ephemeral interaction answers and follow-ups shown there (to the user who acted only), in order
   * among the others; their `flags` carry `MessageFlags.Ephemeral` (64).
   */
  messages(channel: IdLike, options: { ephemeral?: boolean } = {}): APIMessage[] {
    const channelId = idOf(channel);
    const visible = this.world.messagesOf(channelId).all();
    if (!options.ephemeral) return visible;
    const hidden = [...this.world.stores.ephemeralMessages.values()].filter((m) => m.channel_id === channelId);
    return hidden.length === 0 ? visible : [...visible, ...hidden].sort(byId);
  }

  /**
   * Every message that answers `interaction`, oldest first, as it is now (edits applied): the
   * response (`@original`, also a deferred one's "thinking" message) and the follow-ups, ephemeral
   * or not. Empty while the bot has posted nothing for it (an autocomplete, a modal, or no answer
   * yet: {@link responseTo} waits for the callback itself).
   */
  interactionMessages(interaction: IdLike): APIMessage[] {
    const id = idOf(interaction);
    const state = this.world.stores.interactions.get(id);
    if (!state) {
      throw new FakeDiscordError(
        `interactionMessages: unknown interaction ${id}; give what fake.interact or alice.runs returned.`,
      );
    }
    const answers = (m: APIMessage) =>
      m.id === state.originalMessageId ||
      (m.interaction_metadata?.id === id && m.id !== state.messageId) ||
      (m.interaction?.id === id && m.id !== state.messageId);
    const found = [...this.world.stores.ephemeralMessages.values()].filter(answers);
    if (state.channelId) found.push(...this.world.messagesOf(state.channelId).all().filter(answers));
    return found.sort(byId);
  }

  /**
   * The application commands registered for `bot` (a fake bot, its id, or a started Kokoro
   * `Client`): its global ones, or with `{ guild }` those of that guild only, in the order they
   * were created. What Discord would list at `GET /applications/{id}/commands`.
   */
  commands(bot: IdLike, options: { guild?: IdLike } = {}): APIApplicationCommand[] {
    const botId = idOf(bot);
    const fakeBot = botId === undefined ? undefined : this.world.bots.get(botId);
    if (!fakeBot) {
      throw new FakeDiscordError(
        `commands: unknown bot ${String(botId)}; give a bot made with fake.addBot, its id, or a Kokoro Client that has started.`,
      );
    }
    const guildId = options.guild === undefined ? undefined : idOf(options.guild);
    if (guildId !== undefined && !this.world.guild(guildId)) {
      throw new FakeDiscordError(`commands: unknown guild ${guildId}; create it with fake.addGuild first.`);
    }
    const key = guildId === undefined ? fakeBot.applicationId : `${fakeBot.applicationId}:${guildId}`;
    const map = (guildId === undefined ? this.world.stores.globalCommands : this.world.stores.guildCommands).get(key);
    return map ? [...map.values()] : [];
  }
}

/** What the voice server needs of the world: voice states, their changes, the listener, channels' guilds. */
function voiceHooks(fake: FakeDiscord): VoiceWorldHooks {
  const world = fake.world;
  return {
    setVoiceState: (guildId, userId, channelId) => {
      setVoiceState(world, guildId, userId, channelId);
    },
    onVoiceState: (listener) => {
      world.onDispatch((dispatch) => {
        if (dispatch.t !== 'VOICE_STATE_UPDATE') return;
        const d = dispatch.d as { guild_id?: string; user_id: string; channel_id: string | null; session_id: string };
        if (d.guild_id) listener(d.guild_id, d.user_id, d.channel_id, d.session_id);
      });
    },
    listenerUserId: () => world.defaultUser.id,
    guildIdOfChannel: (channelId) => world.guildIdOfChannel(channelId),
    dispatchToSession: (sessionId, t, d) => {
      // A replacement gateway (the seam) may not dispatch to sessions.
      const gateway = fake.gateway as Partial<FakeGateway> | undefined;
      return (gateway?.dispatchToSessions?.(t, d, { sessionId }) ?? 0) > 0;
    },
  };
}

/** Snowflake order: oldest first. */
function byId(a: { id: string }, b: { id: string }): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

function memberId(member: MemberLike): string {
  return typeof member === 'string' ? member : member.id;
}

/** A gateway that refuses every upgrade: for REST-only use before the fake gateway exists. */
export function noGateway(): GatewayServerLike {
  return {
    handleUpgrade: (_req, socket) => {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
    },
    sessionStartLimit: () => ({ total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 }),
    recommendedShards: () => 1,
    close: async () => {},
  };
}
