/**
 * The Client: one bot. It owns its token, its REST rate-limit state and its shards; the cache and
 * the HTTP pool are shared with every other client of the runtime (hata's design).
 *
 * REST methods live here, not on entities: entities are shared by all clients, so the caller always
 * says which bot acts (`Nue.messageCreate(channel, 'hi')`). Event handlers are called as
 * `handler(client, ...args)`, so one handler can serve several clients.
 */

import { createHash } from 'node:crypto';
import {
  type Cache,
  type CacheOptions,
  type CacheOwner,
  type ClientEventName,
  type ClientEvents,
  defaultCache,
  eventNameOf,
  type Guild,
  type GuildOf,
  type RawData,
  type User,
} from '@kokoro/cache';

import {
  type Clock,
  createLogger,
  KokoroError,
  type Logger,
  registerSecret,
  systemClock,
  ValidationError,
} from '@kokoro/common';
import {
  type GatewayShard,
  mergePresence,
  type PresenceInput,
  ShardManager,
  type ShardOptions,
  ShardState,
} from '@kokoro/gateway';
import { defaultRestPool, Rest, type RestOptions, type RestPool } from '@kokoro/rest';

import type {
  APIGatewayBotInfo,
  GatewayPresenceUpdateData,
  GatewayReadyDispatchData,
  GatewayReceivePayload,
} from 'discord-api-types/v10';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type CoreEvents, lifecycleEventsOf } from './client-events.js';
import { resolveToken } from './client-token.js';
import { type ClientConnector, type ClientFeed, getDefaultConnector, type PendingEvent } from './connector.js';
import { defaultEndpoints } from './endpoints.js';
import { type ExtensionName, type ExtensionOptions, resolveExtensions } from './extensions.js';
import { type AnyHandler, Handlers } from './handlers.js';
import { InitialGuilds } from './initial-guilds.js';
import { ClientMetrics, lagMonitor } from './metrics/client-metrics.js';
import { ClientNotReadyError } from './not-ready-error.js';
import { type RawCopyTaker, takeRawCopy } from './raw-copies.js';
import { runtime } from './runtime/registry.js';
import { startError } from './start-error.js';

import { validateClientOptions } from './validate-options.js';
import { ClientWaiters } from './wait-for.js';

/** Intents used when none are given: every non-privileged intent a typical bot needs. */
export const DEFAULT_INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.DirectMessages |
  GatewayIntentBits.DirectMessageReactions |
  GatewayIntentBits.GuildVoiceStates;

/** Options of a client. Extension options (such as `prefix` for 'commands') go here too. */
export interface BaseClientOptions {
  /**
   * The bot token (default: the `DISCORD_TOKEN` environment variable; neither is an error). Never
   * logged, never shown by the console.
   */
  token?: string;
  /** A name for logs, errors and the console (default `client-N`). */
  name?: string;
  /** Gateway intents (default {@link DEFAULT_INTENTS}). */
  intents?: number;
  /** Extensions to turn on, by name. */
  extensions?: readonly ExtensionName[];
  /** Shard count: a number, or 'auto' for Discord's recommendation (default 'auto'). */
  shardCount?: number | 'auto';
  /** Run only these shard ids (for spreading one bot over processes). */
  shardIds?: number[];
  /** The shared cache (default: the runtime's). */
  cache?: Cache;
  /** The shared HTTP pool (default: the runtime's). */
  pool?: RestPool;
  /** REST base URL including `/api/v10` (default: the runtime's default endpoint). */
  restUrl?: string;
  /** Gateway URL (default: from `GET /gateway/bot`). */
  gatewayUrl?: string;
  /** Transport compression (default 'zlib-stream'). */
  compression?: 'zlib-stream' | 'zstd-stream' | null;
  /** The presence to connect with (status, activities). */
  presence?: PresenceInput;
  /** Gateway payload encoding (default 'json'; 'etf' is Erlang's binary format). */
  encoding?: 'json' | 'etf';
  /** Logger (default: a pino logger named after the client). */
  logger?: Logger;
  /**
   * How long `start()` (and the `ready` event) wait for the guilds READY announced, in ms without
   * a new guild arriving (default 15 000; 0: do not wait). When it gives up, it logs the missing
   * guild ids and the client is ready without them.
   */
  waitGuildsTimeout?: number;
  /**
   * How the shards connect and give up: `startAttempts` (8) and `startTimeout` (120 000 ms) bound
   * `start()` before the first READY; `maxAttempts` (none) bounds reconnects after it; `backoff`,
   * `connectTimeout`, `readyTimeout` as in @kokoro/gateway. For scale-out (@kokoro/cluster):
   * `identifyQueue` (shared by every process of the bot) and `sessionStore` (a restarted process
   * resumes the shards' sessions), with `sessionSaveInterval` and `sessionStoreTimeout`.
   */
  gateway?: ClientGatewayOptions;
  /** The clock of the client's timers (gateway, REST, the guild wait, waiters, extensions' cooldowns); for tests (default: the system's). */
  clock?: Clock;
  /**
   * REST behaviour (see @kokoro/rest): `maxRateLimitWait` (ms; a rate-limit wait longer than this fails
   * with `RateLimitError` instead of waiting; default 60 000), `timeout`, `deadline`, `retries`,
   * `retryBackoff`, `globalLimit`, `userAgent`, `enforceNonce`, `rateLimitStore` (limits shared with the
   * other processes of the token, e.g. @kokoro/cluster's `RedisRateLimitStore`). The first client of a token sets its
   * limiter's options; later clients of that token share them.
   */
  rest?: ClientRestOptions;
  /**
   * Where the events come from instead of the client's own shards (a worker of @kokoro/cluster);
   * default: the runtime's (see `setDefaultConnector`), else the client's own shards.
   */
  connector?: ClientConnector;
}

/** The REST options a client passes to its `Rest` (the token, pool, URL, logger and clock are the client's). */
export type ClientRestOptions = Pick<RestOptions, (typeof CLIENT_REST_OPTIONS)[number]>;

const CLIENT_REST_OPTIONS = [
  'maxRateLimitWait',
  'timeout',
  'deadline',
  'retries',
  'retryBackoff',
  'globalLimit',
  'userAgent',
  'enforceNonce',
  'rateLimitStore',
] as const;

/** The `rest` option, checked: an object whose keys are REST options a client may set. */
function clientRestOptions(value: unknown): ClientRestOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('rest', `must be an object of REST options, got ${String(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!(CLIENT_REST_OPTIONS as readonly string[]).includes(key)) {
      throw new ValidationError(`rest.${key}`, `not a client REST option; accepted: ${CLIENT_REST_OPTIONS.join(', ')}`);
    }
  }
  return value as ClientRestOptions;
}

/** The shard options a client passes on (see {@link BaseClientOptions.gateway}). */
export type ClientGatewayOptions = Pick<
  ShardOptions,
  | 'startAttempts'
  | 'startTimeout'
  | 'maxAttempts'
  | 'backoff'
  | 'connectTimeout'
  | 'readyTimeout'
  | 'identifyQueue'
  | 'sessionStore'
  | 'sessionSaveInterval'
  | 'sessionStoreTimeout'
>;

/** Client options with the options of the enabled extensions. */
export type ClientOptions<E extends ExtensionName = never> = BaseClientOptions & {
  extensions?: readonly E[];
} & ExtensionOptions<E>;

export type { CoreEvents } from './client-events.js';

/** Every event a client handler can be registered for. */
export type KokoroEventName = ClientEventName | keyof CoreEvents;

type EventArgs<E extends KokoroEventName> = E extends keyof CoreEvents
  ? CoreEvents[E]
  : E extends ClientEventName
    ? ClientEvents[E]
    : never;

/** A handler of a client event, called as `handler(client, ...args)`. */
export type EventHandler<E extends KokoroEventName> = (client: KokoroClient, ...args: EventArgs<E>) => unknown;

/** A filter for raw gateway payloads: opcode and/or dispatch event name. */
export interface PayloadFilter {
  /** Only payloads with this opcode. */
  op?: number;
  /** Only dispatches with this event name (`'TYPING_START'`). */
  t?: string;
}

/** The client's connection state. */
export type ClientState = 'idle' | 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

let clientCount = 0;

/** The client implementation; use the `Client` export, whose type includes enabled extensions. */
export class KokoroClient<O extends CacheOptions = CacheOptions> extends ClientWaiters implements CacheOwner {
  /** The name given in the options (or `client-N`). */
  readonly name: string;
  #id: string | undefined;
  /** The bot's user once READY arrived. */
  user: User | undefined;
  /** Gateway intents. */
  readonly intents: number;
  /** The shared cache. */
  readonly cache: Cache;
  /** This client's REST handle (its own rate-limit state, the shared pool). */
  readonly rest: Rest;
  /** The client's logger. */
  readonly logger: Logger;
  /** The clock of the client's own timers (waiters, cooldowns). */
  readonly clock: Clock;
  /** What this client counted: events and reconnects per shard, slow events (see `.stats`). */
  readonly metrics = new ClientMetrics();
  /** Connection state. */
  state: ClientState = 'idle';
  /** Extension names turned on. */
  readonly extensions: readonly string[];

  #applicationId: string | undefined;
  readonly #token: string;
  readonly #options: BaseClientOptions;
  readonly #handlers: Handlers<KokoroClient>;
  readonly #payloadHooks: {
    filter: PayloadFilter;
    handler: (client: KokoroClient, payload: GatewayReceivePayload) => unknown;
  }[] = [];
  #starting: Promise<void> | undefined;
  #initialGuilds: InitialGuilds | undefined;
  /** The connector serving the client while started through one. */
  #connector: ClientConnector | undefined;

  constructor(options: BaseClientOptions & Record<string, unknown>) {
    super();
    clientCount += 1;
    this.name = options.name ?? `client-${clientCount}`;
    validateClientOptions(options);
    this.intents = options.intents ?? DEFAULT_INTENTS;
    const endpoints = defaultEndpoints();
    this.#token = resolveToken(this.name, options, this.intents, endpoints, options.restUrl === undefined);
    registerSecret(this.#token);
    this.#options = options;
    this.presence = options.presence ? mergePresence(undefined, options.presence) : undefined;
    this.cache = options.cache ?? defaultCache;
    this.logger = options.logger ?? createLogger({ name: `kokoro:${this.name}` });
    this.clock = options.clock ?? systemClock;
    this.#handlers = new Handlers(
      (event, error) => this.logger.error({ err: error, event }, `a ${event} handler of ${this.name} failed`),
      {
        now: () => this.clock.now(),
        threshold: () => lagMonitor.thresholdMs,
        blocked: (event, ms) => {
          this.metrics.blocked(event, ms);
          this.logger.warn(
            { event, ms, thresholdMs: lagMonitor.thresholdMs },
            `the ${event} handlers of ${this.name} blocked the event thread for ${Math.round(ms)} ms (threshold ${lagMonitor.thresholdMs} ms): every bot waited; move slow work off the event thread (await it, or runtime.run)`,
          );
        },
      },
    );
    const restOptions = clientRestOptions(options.rest);
    // A connector may share the token's REST limits with the other processes (a worker's Redis store).
    const sharedLimits =
      restOptions.rateLimitStore === undefined
        ? (options.connector ?? getDefaultConnector())?.rateLimitStore?.(this.#token)
        : undefined;
    this.rest = new Rest({
      ...restOptions,
      ...(sharedLimits ? { rateLimitStore: sharedLimits } : {}),
      token: this.#token,
      pool: options.pool ?? defaultRestPool(),
      baseUrl: options.restUrl ?? endpoints.restUrl,
      logger: this.logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const definitions = resolveExtensions(options.extensions ?? [], options, this.name);
    this.extensions = [...(options.extensions ?? [])];
    for (const definition of definitions) definition.setup(this, options);
    const twins = runtime.add(this, createHash('sha256').update(this.#token).digest('hex'));
    if (twins.length > 0) {
      const names = twins.map((twin) => `"${twin.name}"`).join(', ');
      this.logger.warn(
        { client: this.name, sameTokenAs: twins.map((twin) => twin.name) },
        `client "${this.name}" uses the same token as client ${names}: both log in as one bot. Give each client its own token (token: process.env.MY_BOT_TOKEN)`,
      );
    }
  }

  /**
   * The bot's application id, from READY: the first argument of the interaction methods
   * (`interactionResponseEdit(client.applicationId, token, ...)`). Throws `ClientNotReadyError` before READY.
   */
  get applicationId(): string {
    if (this.#applicationId === undefined) throw new ClientNotReadyError(this.name, 'applicationId');
    return this.#applicationId;
  }

  /**
   * The bot's user id, known once Discord sent READY. Reading it earlier throws
   * `ClientNotReadyError` (a placeholder would end up in a request path); `client.user` is
   * `undefined` until then, for code that must check.
   */
  get id(): string {
    if (this.#id === undefined) throw new ClientNotReadyError(this.name, 'id');
    return this.#id;
  }

  /** SmallD-style raw REST: `client.api.get('/users/@me')`, `client.api.post(path, body, options)`. */
  get api(): Rest {
    return this.rest;
  }

  /**
   * The guilds this client is in, by id: a live view of the shared cache (O(1) `get`, iterates
   * without copying, always current). Read-only: the cache fills it from gateway events. Typed by the
   * cache's schema (`new Client({ cache: new Cache({ members: { fields: ['roles'] } }) })`: members
   * narrowed to the kept fields).
   */
  get guilds(): ReadonlyMap<string, GuildOf<O>> {
    return this.cache.guildsOf(this) as ReadonlyMap<string, Guild> as ReadonlyMap<string, GuildOf<O>>;
  }

  /**
   * Register a handler for an event; it is called as `handler(client, ...args)`. `'error'` handlers
   * receive what another handler threw. Returns `this`.
   */
  on<E extends KokoroEventName>(event: E, handler: EventHandler<E>): this {
    this.#handlers.add(event, handler as AnyHandler<KokoroClient>);
    runtime.track(() => this.off(event, handler));
    return this;
  }

  /**
   * Route an error the way a failing handler's is routed: to the `error` handlers (as
   * `handler(client, error, event)`), or to the log when there are none. For extensions that run
   * user code outside an event handler (the 'slash' extension's HTTP interactions).
   */
  reportError(error: unknown, event: string): void {
    if (this.#handlers.has('error')) this.#handlers.emit(this, 'error', [error, event]);
    else this.logger.error({ err: error, event }, `a ${event} handler of ${this.name} failed`);
  }

  /** Remove a handler registered with {@link on}. */
  off<E extends KokoroEventName>(event: E, handler: EventHandler<E>): this {
    this.#handlers.remove(event, handler as AnyHandler<KokoroClient>);
    return this;
  }

  /**
   * Whether this client's shard for a guild is connected and receiving its events now; the cache
   * uses it to know whether a late GUILD_CREATE is fresher than what other clients keep current.
   */
  receiving(guildId: string): boolean {
    return this.gateway?.shardForGuild(guildId)?.state === ShardState.Ready;
  }

  /** Whether any handler listens to `event` (the cache skips diffs nobody reads). */
  wants(event: ClientEventName): boolean {
    return this.#handlers.has(event);
  }

  /** See every raw inbound gateway payload matching `filter` (`{}` for all), called as `handler(client, payload)`. */
  onGatewayPayload(
    filter: PayloadFilter,
    handler: (client: KokoroClient, payload: GatewayReceivePayload) => unknown,
  ): () => void {
    const hook = { filter, handler };
    this.#payloadHooks.push(hook);
    const remove = () => {
      const index = this.#payloadHooks.indexOf(hook);
      if (index >= 0) this.#payloadHooks.splice(index, 1);
    };
    runtime.track(remove);
    return remove;
  }

  /**
   * Connect to the gateway. Resolves when the client is ready (the `ready` event runs at the same
   * moment): every shard had its READY, the guilds READY announced arrived (see
   * `waitGuildsTimeout`) and `client.user` is set.
   */
  start(): Promise<void> {
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.state = 'failed';
      this.#starting = undefined;
      throw error;
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.state = 'starting';
    const clock = this.#options.clock ?? systemClock;
    const connector = this.#options.connector ?? getDefaultConnector();
    // A process that runs no handler has nothing to wait for: its guilds are the workers' business.
    const waitGuilds = connector?.runsHandlers === false ? 0 : (this.#options.waitGuildsTimeout ?? 15_000);
    const initialGuilds = new InitialGuilds(clock, waitGuilds, this.logger);
    this.#initialGuilds = initialGuilds;
    if (connector) {
      this.#connector = connector;
      try {
        await connector.connect(this, this.#feed);
      } catch (error) {
        this.#connector = undefined;
        throw startError(this.name, error);
      }
    } else {
      const manager = new ShardManager(this.#shardOptions());
      this.gateway = manager;
      try {
        await manager.start();
      } catch (error) {
        throw startError(this.name, error);
      }
    }
    await initialGuilds.wait();
    if (this.#initialGuilds !== initialGuilds || this.state !== 'starting') return;
    this.#initialGuilds = undefined;
    this.state = 'ready';
    this.logger.info(`${this.name} is ready as ${this.user?.username ?? this.#id} in ${this.guilds.size} guild(s)`);
    if (this.#connector?.runsHandlers !== false) this.#handlers.emit(this, 'ready', []);
  }

  /** The options of the client's shard manager (its token included). */
  #shardOptions(): ConstructorParameters<typeof ShardManager>[0] {
    const endpoints = defaultEndpoints();
    const gatewayUrl = this.#options.gatewayUrl ?? endpoints.gatewayUrl;
    const clock = this.#options.clock ?? systemClock;
    return {
      token: this.#token,
      intents: this.intents,
      shardCount: this.#options.shardCount ?? 'auto',
      ...(this.#options.shardIds ? { shardIds: this.#options.shardIds } : {}),
      ...(gatewayUrl ? { url: gatewayUrl } : {}),
      compression: this.#options.compression === undefined ? 'zlib-stream' : this.#options.compression,
      ...(this.presence ? { presence: this.presence } : {}),
      ...(this.#options.encoding ? { encoding: this.#options.encoding } : {}),
      ...this.#options.gateway,
      logger: this.logger,
      clock,
      fetchGatewayBot: () => this.#fetchGatewayBot(),
      onDispatch: (shard: GatewayShard, t: string, d: unknown, _s: number | null, raw?: string) => {
        this.metrics.dispatch(shard.id);
        this.#onDispatch(shard, t, d, raw);
      },
      onRawDispatch: (_shard: GatewayShard, t: string, data: RawData) => takeRawCopy(this.#rawCopies, t, data),
      onPayload: (_shard: GatewayShard, payload: GatewayReceivePayload) => this.#onPayload(payload),
      onStateChange: (_shard, change) => {
        this.metrics.stateChange(change);
        for (const [event, args] of lifecycleEventsOf(change)) this.#handlers.emit(this, event, args);
      },
      onError: (shard, error) => this.#handlers.emit(this, 'shardError', [shard.id, error]),
    };
  }

  /** What a connector does with this client (see connector.ts). */
  readonly #feed: ClientFeed = {
    apply: (shardId, t, d) => this.#applyExternal(shardId, t, d),
    run: (pending) => this.#handlers.emitSettled(this, pending.event, pending.args),
    wants: (t) => {
      const event = eventNameOf(t);
      return event !== undefined && this.#handlers.has(event);
    },
    shardOptions: () => this.#shardOptions(),
  };

  /** A dispatch from a connector: the cache and READY bookkeeping of `#onDispatch`, handlers left to the caller. */
  #applyExternal(shardId: number, t: string, d: unknown): PendingEvent | undefined {
    this.metrics.dispatch(shardId);
    if (t === 'READY') {
      this.#onReady({ id: shardId }, d as GatewayReadyDispatchData);
      return undefined;
    }
    const event = eventNameOf(t);
    const wanted = event !== undefined && this.#handlers.has(event);
    let args: unknown[] | undefined;
    try {
      args = this.cache.ingest(this, shardId, t, d, wanted);
    } catch (error) {
      this.logger.error(
        { err: error, event: t, shard: shardId },
        `the cache could not apply ${t}; the event is dropped`,
      );
      return undefined;
    }
    if (t === 'GUILD_CREATE' || t === 'GUILD_DELETE') this.#initialGuilds?.arrived((d as { id: string }).id);
    return args && wanted ? { event: event!, args } : undefined;
  }

  async #fetchGatewayBot(): Promise<APIGatewayBotInfo> {
    try {
      return await this.rest.get<APIGatewayBotInfo>('/gateway/bot');
    } catch (error) {
      throw startError(this.name, error);
    }
  }

  /** Close every gateway connection cleanly (code 1000: the bot goes offline). */
  async stop(): Promise<void> {
    if ((!this.gateway && !this.#connector) || this.state === 'stopped') return;
    this.state = 'stopping';
    this.#initialGuilds?.cancel();
    this.#initialGuilds = undefined;
    const connector = this.#connector;
    this.#connector = undefined;
    if (connector) await connector.disconnect(this);
    await this.gateway?.close();
    this.state = 'stopped';
    this.#starting = undefined;
  }

  /**
   * Stop for good: close the gateway and the REST handle (later calls reject at once), forget this
   * client in the shared cache (what only it saw is freed) and in the runtime. `stop()` alone keeps the cache, so `start()` can resume the view.
   */
  async destroy(): Promise<void> {
    await this.stop();
    await this.rest.close();
    this.cache.removeOwner(this);
    runtime.remove(this);
    this.state = 'stopped';
  }

  #onPayload(payload: GatewayReceivePayload): void {
    for (const { filter, handler } of this.#payloadHooks) {
      if (filter.op !== undefined && filter.op !== payload.op) continue;
      if (filter.t !== undefined && filter.t !== (payload as { t?: string }).t) continue;
      this.#handlers.call(this, handler as AnyHandler<KokoroClient>, [payload], 'gateway payload hook');
    }
  }

  readonly #rawCopies: RawCopyTaker = {
    cache: () => this.cache,
    owner: this,
    needsPayloads: () => this.#payloadHooks.length > 0,
    wants: (event) => this.#handlers.has(event),
    emit: (event, args) => this.#handlers.emit(this, event, args),
  };

  #onDispatch(shard: GatewayShard, t: string, d: unknown, raw?: string): void {
    if (t === 'READY') {
      this.#onReady(shard, d as GatewayReadyDispatchData);
      return;
    }
    const event = eventNameOf(t);
    const wanted = event !== undefined && this.#handlers.has(event);
    let args: unknown[] | undefined;
    try {
      args = this.cache.ingest(this, shard.id, t, d, wanted, raw);
    } catch (error) {
      // A payload the cache cannot apply (a shape Discord changed, a fault) must not stop the shard.
      this.logger.error(
        { err: error, event: t, shard: shard.id },
        `the cache could not apply ${t}; the event is dropped`,
      );
      return;
    }
    if (t === 'GUILD_CREATE' || t === 'GUILD_DELETE') this.#initialGuilds?.arrived((d as { id: string }).id);
    if (args && wanted) this.#handlers.emit(this, event, args);
  }

  /**
   * A shard's READY: the cache learns the bot user, `client.user` is set before any handler runs,
   * the announced guilds are awaited (while starting), and `shardReady` gets the raw READY.
   */
  #onReady(shard: { readonly id: number }, data: GatewayReadyDispatchData): void {
    this.#id = data.user.id;
    this.#applicationId = data.application?.id ?? this.rest.applicationId;
    try {
      this.cache.ingest(this, shard.id, 'READY', data, false);
    } catch (error) {
      this.logger.error({ err: error, event: 'READY', shard: shard.id }, 'the cache could not apply READY');
    }
    this.user = this.cache.users.get(this.id);
    this.#initialGuilds?.expect(data.guilds.map((guild) => guild.id));
    if (this.#connector?.runsHandlers !== false) this.#handlers.emit(this, 'shardReady', [shard.id, data]);
  }

  /** The console shows a client without its secrets. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Client(${this.name}${this.user ? ` as ${this.user.username}` : ''}, ${this.state}, ${this.guilds.size} guilds)`;
  }
}
