/**
 * A gateway shard, after hikari's `GatewayShard`: one session with Discord, kept alive through every
 * fault, and what a bot does with it (presence, voice state, member requests, raw sends).
 *
 * The pieces: lifecycle.ts runs the connection attempts and reconnects through the states drawn in
 * shard-state.ts; session.ts decides between Resume and Identify; heartbeat.ts beats and judges
 * zombies; backoff.ts paces reconnects; outbox.ts sends the user's payloads through the 120/60 s
 * limiter and remembers the presence; members.ts gathers member chunks; signals.ts settles the
 * `start()` and `join()` promises.
 */
import { type Logger, type Random, registerSecret, silentLogger, systemClock, ValidationError } from '@kokoro/common';
import {
  GatewayDispatchEvents,
  type GatewayGuildMembersChunkDispatchData,
  GatewayOpcodes,
  type GatewayPresenceUpdateData,
  type GatewayRateLimitedDispatchData,
  type GatewayReceivePayload,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { ShardClosedError } from './errors.js';
import { LocalIdentifyQueue } from './identify-queue.js';
import { loadZstd } from './inflate.js';
import { type LifecycleEvents, ShardLifecycle } from './lifecycle.js';
import {
  buildMemberRequest,
  type GuildMembersResult,
  MemberRequests,
  type RequestGuildMembersOptions,
} from './members.js';
import { ShardOutbox } from './outbox.js';
import type { PresenceInput } from './presence.js';
import type { RawData } from './raw-dispatch.js';
import type { GatewayShard, ShardStateChange, ShardStateListener, VoiceStateOptions } from './shard-api.js';
import type { ShardOptions } from './shard-options.js';
import { ShardState } from './shard-state.js';
import { ShardSignals } from './signals.js';

export { ShardState } from './shard-state.js';

/** One gateway shard. See the module comment. */
export class Shard implements GatewayShard {
  /** This shard's id. */
  readonly id: number;
  /** Shards of the application. */
  readonly shardCount: number;
  /** The intents the shard identifies with. */
  readonly intents: number;
  readonly #options: ShardOptions;
  readonly #random: Random;
  readonly #logger: Logger;
  readonly #outbox: ShardOutbox;
  readonly #lifecycle: ShardLifecycle;
  readonly #members = new MemberRequests();
  readonly #signals = new ShardSignals();
  readonly #listeners = new Set<ShardStateListener>();
  #nonce = 0;
  #userId: string | undefined;

  constructor(options: ShardOptions) {
    this.#options = options;
    const token = options.token.replace(/^Bot /, '');
    registerSecret(token);
    this.intents = options.intents;
    this.id = options.shardId ?? 0;
    this.shardCount = options.shardCount ?? 1;
    checkOptions(this.id, this.shardCount, options);
    if (options.compression === 'zstd-stream') loadZstd();
    const clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#logger = (options.logger ?? silentLogger).child({ shard: this.id });
    this.#outbox = new ShardOutbox(clock, (data) => this.#lifecycle.write(data), options);
    this.#lifecycle = new ShardLifecycle({
      options,
      identify: {
        token,
        intents: this.intents,
        shardId: this.id,
        shardCount: this.shardCount,
        properties: options.properties ?? { os: process.platform, browser: 'kokoro', device: 'kokoro' },
        largeThreshold: options.largeThreshold ?? 50,
      },
      compression: options.compression === null ? 'none' : (options.compression ?? 'zlib-stream'),
      clock,
      random: this.#random,
      logger: this.#logger,
      queue: options.identifyQueue ?? new LocalIdentifyQueue({ clock }),
      outbox: this.#outbox,
      events: this.#events,
    });
    if (options.onStateChange) this.#listeners.add(options.onStateChange);
  }

  // ---- hikari's GatewayShard surface ----

  /** The state of the connection lifecycle (see shard-state.ts). */
  get state(): ShardState {
    return this.#lifecycle.state;
  }

  /** Milliseconds between the last heartbeat and its ACK; NaN until known. */
  get heartbeatLatency(): number {
    return this.#lifecycle.heartbeat.latency;
  }

  /** Whether the shard is running (connected, or reconnecting by itself). */
  get isAlive(): boolean {
    return this.state !== ShardState.Idle && this.state !== ShardState.Closed;
  }

  /** Whether the shard has a ready session on an open connection. */
  get isConnected(): boolean {
    return this.state === ShardState.Ready;
  }

  /** The last sequence number received (null before the first dispatch). */
  get sequence(): number | null {
    return this.#lifecycle.session.seq;
  }

  /** The current session id, if any. */
  get sessionId(): string | undefined {
    return this.#lifecycle.session.id;
  }

  /** The bot's user id from the last READY (hikari's `get_user_id`); undefined before the first. */
  get userId(): string | undefined {
    return this.#userId;
  }

  /**
   * Call `listener(shard, change)` on every state change (RustCord's observable state list):
   * `change` has `from` and `to` ({@link ShardState}) and, where they apply, the close `code` and
   * `reason` of the connection that ended, the `delay` before the next attempt, `how` a session
   * became ready, and the `error` that stopped the shard. Returns a function that removes it.
   * A listener that throws is logged; the shard goes on.
   */
  onStateChange(listener: ShardStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The wait before the last scheduled reconnect, in ms (0 before any). */
  get reconnectDelay(): number {
    return this.#lifecycle.reconnectDelay;
  }

  /** Failed connection attempts since the last stable session (drives the backoff). */
  get reconnectFailures(): number {
    return this.#lifecycle.backoff.failures;
  }

  /**
   * Connect. Resolves on READY or RESUMED; rejects with `GatewayFatalError` on a fatal close, or
   * `SessionStartLimitError` when identifying would spend the last session starts of the day.
   */
  start(): Promise<void> {
    const ready = this.#signals.waitReady();
    if (this.state === ShardState.Ready) this.#signals.ready();
    if (this.state === ShardState.Idle || this.state === ShardState.Closed) {
      this.#signals.beginRun();
      this.#lifecycle.run();
    }
    return ready;
  }

  /** Resolves when the shard is closed by `close()`; rejects with the fatal error that stopped it. */
  join(): Promise<void> {
    return this.#signals.joined;
  }

  /**
   * Close the shard. 1000 (the default) ends the session: the bot goes offline, and the next
   * `start()` identifies anew. Another code keeps the session resumable for a later `start()`.
   */
  async close(code = 1000): Promise<void> {
    if (this.state === ShardState.Idle || this.state === ShardState.Closed) return;
    await this.#lifecycle.close(code);
    this.#signals.failWaiters(new ShardClosedError(this.id, 'it was ready'));
    this.#outbox.limiter.cancelAll(new ShardClosedError(this.id, 'the payload was sent'));
    this.#members.failAll(new ShardClosedError(this.id, 'the members arrived'));
    this.#signals.endRun();
    this.#logger.info({ code }, 'shard closed');
  }

  /**
   * Send a raw payload through the send limiter (waits while reconnecting or over 120/60 s).
   * Rejects at once with `ShardClosedError` when the shard is not running (never started, closed,
   * stopped by an error), and with `GatewayPayloadTooLargeError` when the payload is over 4096 bytes.
   */
  send(payload: GatewaySendPayload): Promise<void> {
    try {
      this.#assertRunning('the payload was sent');
      return this.#outbox.send(payload);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Throw `ShardClosedError` unless the shard is running (connected or reconnecting by itself). */
  #assertRunning(what: string): void {
    const state = this.state;
    if (state === ShardState.Idle || state === ShardState.Closing || state === ShardState.Closed) {
      throw new ShardClosedError(this.id, what, state === ShardState.Idle ? 'was never started' : 'is closed');
    }
  }

  /**
   * Set the bot's presence. Fields left out keep their last value (hikari's rule: only `status`
   * changes the status). Sent now when connected; otherwise remembered and sent on the next
   * connection (in Identify, or after RESUMED).
   */
  updatePresence(presence: PresenceInput): Promise<void> {
    return this.#outbox.updatePresence(presence, this.state === ShardState.Ready);
  }

  /** Join, move or leave (channelId null) a voice channel of a guild on this shard. */
  updateVoiceState(guildId: string, channelId: string | null, options: VoiceStateOptions = {}): Promise<void> {
    return this.send({
      op: GatewayOpcodes.VoiceStateUpdate,
      d: {
        guild_id: guildId,
        channel_id: channelId,
        self_mute: options.selfMute ?? false,
        self_deaf: options.selfDeaf ?? false,
      },
    });
  }

  /**
   * Ask for members of a guild on this shard; resolves with every GUILD_MEMBERS_CHUNK gathered.
   * Rejects before sending with `ValidationError`/`MissingIntentError` (see members.ts) or
   * `ShardClosedError` (the shard is not running); with `GuildMembersRateLimitError` when Discord
   * answers RATE_LIMITED.
   */
  async requestGuildMembers(
    guild: string | { id: string },
    options: RequestGuildMembersOptions = {},
  ): Promise<GuildMembersResult> {
    const guildId = typeof guild === 'string' ? guild : guild?.id;
    const nonce =
      options.nonce ?? `${this.id}.${(++this.#nonce).toString(36)}.${Math.floor(this.#random() * 1e9).toString(36)}`;
    const data = buildMemberRequest(guildId, options, this.intents, nonce);
    this.#assertRunning('the members arrived');
    const timeout = this.#options.memberRequestTimeout ?? 60_000;
    return this.#members.open(guildId, nonce, timeout, this.#options.clock ?? systemClock, () =>
      this.send({ op: GatewayOpcodes.RequestGuildMembers, d: data }),
    );
  }

  // ---- what the lifecycle reports ----

  readonly #events: LifecycleEvents = {
    // A failing handler must not cost the connection; the next event comes as usual.
    payload: (payload: GatewayReceivePayload): void => {
      const hook = this.#options.onPayload;
      if (!hook) return;
      try {
        hook(this, payload);
      } catch (error) {
        this.#logger.error({ err: error }, 'onPayload threw; the shard goes on');
      }
    },
    rawDispatch: (t: string, data: RawData, s: number | null): boolean => {
      const hook = this.#options.onRawDispatch;
      if (!hook) return false;
      try {
        return hook(this, t, data, s);
      } catch (error) {
        this.#logger.error({ err: error, t }, 'onRawDispatch threw; the dispatch is parsed as usual');
        return false;
      }
    },
    dispatch: (t: string, d: unknown, s: number | null, raw?: string): void => {
      if (t === GatewayDispatchEvents.Ready) this.#userId = (d as { user?: { id?: string } }).user?.id;
      if (t === GatewayDispatchEvents.GuildMembersChunk) this.#members.chunk(d as GatewayGuildMembersChunkDispatchData);
      else if (t === GatewayDispatchEvents.RateLimited) this.#members.rateLimited(d as GatewayRateLimitedDispatchData);
      const onDispatch = this.#options.onDispatch;
      if (!onDispatch) return;
      try {
        onDispatch(this, t, d, s, raw);
      } catch (error) {
        this.#logger.error({ err: error, t }, 'onDispatch threw; the shard goes on');
      }
    },
    ready: (): void => this.#signals.ready(),
    sessionEnded: (why: string): void =>
      this.#members.failAll(new ShardClosedError(this.id, `the members arrived (${why})`)),
    stateChange: (change: ShardStateChange): void => {
      for (const listener of this.#listeners) {
        try {
          listener(this, change);
        } catch (error) {
          this.#logger.error({ err: error }, 'a state-change listener threw; the shard goes on');
        }
      }
    },
    error: (error: unknown): void => {
      const onError = this.#options.onError;
      if (!onError) return;
      try {
        onError(this, error);
      } catch (thrown) {
        this.#logger.error({ err: thrown }, 'onError threw; the shard goes on');
      }
    },
    failed: (error: unknown): void => {
      this.#signals.failWaiters(error);
      this.#outbox.limiter.cancelAll(error);
      this.#members.failAll(error);
      this.#signals.failRun(error);
    },
  };
}

/** What Discord would refuse with a fatal close (4010) or a decode error, refused before connecting. */
function checkOptions(id: number, count: number, options: ShardOptions): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new ValidationError('shardCount', `must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(id) || id < 0 || id >= count) {
    throw new ValidationError('shardId', `must be an integer from 0 to ${count - 1} (shardCount ${count}), got ${id}`);
  }
  const threshold = options.largeThreshold;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 50 || threshold > 250)) {
    throw new ValidationError('largeThreshold', `must be an integer from 50 to 250, got ${threshold}`);
  }
  if (options.encoding !== undefined && options.encoding !== 'json' && options.encoding !== 'etf') {
    throw new ValidationError('encoding', `must be 'json' or 'etf', got ${String(options.encoding)}`);
  }
  const compression = options.compression;
  if (
    compression !== undefined &&
    compression !== null &&
    !['zlib-stream', 'zstd-stream', 'none'].includes(compression)
  ) {
    throw new ValidationError(
      'compression',
      `must be 'zlib-stream', 'zstd-stream', 'none' or null, got ${String(compression)}`,
    );
  }
  for (const key of ['startAttempts', 'maxAttempts'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new ValidationError(key, `must be a positive integer, got ${String(value)}`);
    }
  }
  if (options.startTimeout !== undefined && !(options.startTimeout > 0)) {
    throw new ValidationError('startTimeout', `must be a number of ms above 0, got ${String(options.startTimeout)}`);
  }
  if (!Number.isInteger(options.intents) || options.intents < 0) {
    throw new ValidationError('intents', `must be a non-negative integer bitfield, got ${options.intents}`);
  }
}
