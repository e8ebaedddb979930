/**
 * A gateway shard: one session with Discord, kept alive through every fault.
 *
 * Resume or identify? A session lives on Discord's side until it times out or is closed with
 * 1000/1001, so after any other loss (a drop, a resumable close code, op 7, op 9 `d: true`, a zombie
 * connection) the shard reconnects to `resume_gateway_url` and sends Resume with its last sequence:
 * Discord replays what was missed, then RESUMED, and nothing is lost. Only when the session is gone
 * (4007, 4009, op 9 `d: false`) does it identify anew, through the shared identify queue. Fatal
 * closes (4004, 4010-4014) stop the shard with one `GatewayFatalError`: retrying cannot help.
 * Reconnects back off (backoff.ts); heartbeats and zombie judgment are in heartbeat.ts.
 *
 * The states and their transitions are drawn in shard-state.ts; what is sent besides the session's
 * own payloads is in outbox.ts.
 */
import {
  type Clock,
  type Logger,
  type Random,
  registerSecret,
  silentLogger,
  systemClock,
  type TimerHandle,
} from '@kokoro/common';
import {
  GatewayDispatchEvents,
  type GatewayIdentifyData,
  GatewayOpcodes,
  type GatewayPresenceUpdateData,
  type GatewayReadyDispatchData,
  type GatewayReceivePayload,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { Backoff } from './backoff.js';
import { closeAction, RESUMABLE_CLOSE } from './close-codes.js';
import { GatewayConnection, gatewayUrl } from './connection.js';
import { GatewayFatalError, ShardClosedError } from './errors.js';
import { Heartbeat } from './heartbeat.js';
import { type IdentifyQueue, LocalIdentifyQueue } from './identify-queue.js';
import type { GatewayCompression } from './inflate.js';
import {
  buildMemberRequest,
  type GuildMembersResult,
  MemberRequests,
  type RequestGuildMembersOptions,
} from './members.js';
import { ShardOutbox } from './outbox.js';
import type { ShardOptions } from './shard-options.js';
import { ShardState } from './shard-state.js';
import { ShardSignals } from './signals.js';

export { ShardState } from './shard-state.js';

/** The session a shard may resume. */
interface Session {
  id: string;
  resumeUrl: string;
}

/** How a connection was lost (see `#lost`). */
interface LossOptions {
  /** Drop the socket right after the close frame, without waiting for the peer (zombie, timeout). */
  terminate?: boolean;
  /** The attempt failed before a session was up: back off. */
  failed?: boolean;
  /** Discord asked for it while ready: reconnect at once. */
  immediate?: boolean;
}

/** Options of `updateVoiceState`. */
export interface VoiceStateOptions {
  selfMute?: boolean;
  selfDeaf?: boolean;
}

/** One gateway shard. See the module comment. */
export class Shard {
  readonly id: number;
  readonly shardCount: number;
  readonly intents: number;
  /** The state of the connection lifecycle. */
  state = ShardState.Idle;
  readonly #options: ShardOptions;
  readonly #token: string;
  readonly #compression: GatewayCompression;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #logger: Logger;
  readonly #queue: IdentifyQueue;
  readonly #backoff: Backoff;
  readonly #outbox: ShardOutbox;
  readonly #heartbeat: Heartbeat;
  readonly #members = new MemberRequests();
  #connection: GatewayConnection | undefined;
  #attempt: AbortController | undefined;
  #session: Session | undefined;
  #seq: number | null = null;
  readonly #signals = new ShardSignals();
  #attemptTimer: TimerHandle | undefined;
  #reconnectTimer: TimerHandle | undefined;
  #stableTimer: TimerHandle | undefined;
  #closeWaiter: (() => void) | undefined;
  #nonce = 0;

  constructor(options: ShardOptions) {
    this.#options = options;
    this.#token = options.token.replace(/^Bot /, '');
    registerSecret(this.#token);
    this.intents = options.intents;
    this.id = options.shardId ?? 0;
    this.shardCount = options.shardCount ?? 1;
    this.#compression = options.compression === null ? 'none' : (options.compression ?? 'zlib-stream');
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#logger = (options.logger ?? silentLogger).child({ shard: this.id });
    this.#queue = options.identifyQueue ?? new LocalIdentifyQueue({ clock: this.#clock });
    this.#backoff = new Backoff(this.#random, options.backoff);
    this.#outbox = new ShardOutbox(this.#clock, (text) => this.#connection?.send(text), options);
    this.#heartbeat = new Heartbeat(
      this.#clock,
      this.#random,
      () => this.#outbox.sendPriority({ op: GatewayOpcodes.Heartbeat, d: this.#seq }),
      () =>
        this.#lost('resume', 'no heartbeat ACK and no frame since the last beat (zombie connection)', {
          terminate: true,
        }),
    );
  }

  // ---- hikari's GatewayShard surface ----

  /** Milliseconds between the last heartbeat and its ACK; NaN until known. */
  get heartbeatLatency(): number {
    return this.#heartbeat.latency;
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
    return this.#seq;
  }

  /** The current session id, if any. */
  get sessionId(): string | undefined {
    return this.#session?.id;
  }

  /** The wait before the last scheduled reconnect, in ms (0 before any). */
  reconnectDelay = 0;

  /** Failed connection attempts since the last stable session (drives the backoff). */
  get reconnectFailures(): number {
    return this.#backoff.failures;
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
      this.#connect();
    }
    return ready;
  }

  /** Resolves when the shard is closed by `close()`; rejects with the fatal error that stopped it. */
  join(): Promise<void> {
    return this.#signals.joined;
  }

  /**
   * Close the shard. 1000 (the default) ends the session: the bot goes offline. Another code keeps
   * the session resumable for a later `start()`.
   */
  async close(code = 1000): Promise<void> {
    if (this.state === ShardState.Idle || this.state === ShardState.Closed) return;
    this.state = ShardState.Closing;
    const connection = this.#connection;
    this.#teardown();
    if (connection?.open) {
      const closed = new Promise<void>((resolve) => {
        this.#closeWaiter = resolve;
      });
      connection.close(code, 'closing');
      const timer = this.#clock.setTimeout(() => connection.terminate(), 2000);
      await closed;
      this.#clock.clearTimeout(timer);
    } else {
      connection?.terminate();
    }
    if (code === 1000 || code === 1001) {
      this.#session = undefined;
      this.#seq = null;
    }
    this.state = ShardState.Closed;
    const error = new ShardClosedError(this.id, 'it was ready');
    this.#signals.failWaiters(error);
    this.#outbox.limiter.cancelAll(new ShardClosedError(this.id, 'the payload was sent'));
    this.#members.failAll(new ShardClosedError(this.id, 'the members arrived'));
    this.#signals.endRun();
    this.#logger.info({ code }, 'shard closed');
  }

  /**
   * Send a raw payload through the send limiter (waits while disconnected or over 120/60 s).
   * Throws at once when the payload is over 4096 bytes.
   */
  send(payload: GatewaySendPayload): Promise<void> {
    return this.#outbox.send(payload);
  }

  /**
   * Set the bot's presence. Sent now when connected; otherwise remembered and sent on the next
   * connection (in Identify, or after RESUMED).
   */
  updatePresence(presence: GatewayPresenceUpdateData): Promise<void> {
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
   * Throws `ValidationError`/`MissingIntentError` before sending (see members.ts); rejects with
   * `GuildMembersRateLimitError` when Discord answers RATE_LIMITED.
   */
  requestGuildMembers(
    guild: string | { id: string },
    options: RequestGuildMembersOptions = {},
  ): Promise<GuildMembersResult> {
    const guildId = typeof guild === 'string' ? guild : guild.id;
    const nonce =
      options.nonce ?? `${this.id}.${(++this.#nonce).toString(36)}.${Math.floor(this.#random() * 1e9).toString(36)}`;
    const data = buildMemberRequest(guildId, options, this.intents, nonce);
    const timeout = this.#options.memberRequestTimeout ?? 60_000;
    return this.#members.open(guildId, nonce, timeout, this.#clock, () =>
      this.send({ op: GatewayOpcodes.RequestGuildMembers, d: data }),
    );
  }

  // ---- lifecycle ----

  #connect(): void {
    this.#reconnectTimer = undefined;
    const session = this.#session;
    const base = session ? session.resumeUrl : this.#options.url;
    const url = gatewayUrl(base, this.#compression);
    this.state = ShardState.Connecting;
    this.#attempt = new AbortController();
    this.#outbox.limiter.pause();
    this.#logger.debug({ url, resume: Boolean(session) }, 'connecting');
    const connection: GatewayConnection = new GatewayConnection(
      url,
      this.#compression,
      {
        onOpen: () => {},
        onFrame: () => {
          if (this.#connection === connection) this.#heartbeat.frame();
        },
        onPayload: (payload) => {
          if (this.#connection === connection) this.#onPayload(payload);
        },
        onClose: (code, reason) => this.#onClose(connection, code, reason),
        onError: (error) => this.#logger.warn({ err: error }, 'gateway decoding error; dropping the connection'),
      },
      this.#options.zlib,
    );
    this.#connection = connection;
    const timeout = this.#options.connectTimeout ?? 15_000;
    this.#attemptTimer = this.#clock.setTimeout(() => {
      this.#attemptTimer = undefined;
      if (this.#connection !== connection || this.state !== ShardState.Connecting) return;
      this.#logger.warn(`no Hello within ${timeout} ms; retrying`);
      this.#lost('keep', 'connect timeout', { terminate: true, failed: true });
    }, timeout);
  }

  readonly #onPayload = (payload: GatewayReceivePayload): void => {
    if (this.#options.onPayload) this.#hook('onPayload', this.#options.onPayload, payload);
    switch (payload.op) {
      case GatewayOpcodes.Dispatch: {
        if (payload.s !== null && payload.s !== undefined) this.#seq = payload.s;
        const t = payload.t as string;
        if (t === GatewayDispatchEvents.Ready) this.#onReady(payload.d as GatewayReadyDispatchData);
        else if (t === GatewayDispatchEvents.Resumed) this.#onResumed();
        else if (t === GatewayDispatchEvents.GuildMembersChunk) this.#members.chunk(payload.d as never);
        else if (t === 'RATE_LIMITED') this.#members.rateLimited(payload.d as never);
        const onDispatch = this.#options.onDispatch;
        if (onDispatch) {
          try {
            onDispatch(this, t, payload.d, payload.s ?? null);
          } catch (error) {
            // A failing handler must not cost the connection; the next event comes as usual.
            this.#logger.error({ err: error, t }, 'onDispatch threw; the shard goes on');
          }
        }
        return;
      }
      case GatewayOpcodes.HeartbeatAck:
        this.#heartbeat.ack();
        return;
      case GatewayOpcodes.Heartbeat:
        this.#heartbeat.beatNow();
        return;
      case GatewayOpcodes.Hello:
        this.#onHello(payload.d.heartbeat_interval);
        return;
      case GatewayOpcodes.Reconnect:
        this.#lost('resume', 'Discord asked to reconnect (op 7)', { immediate: true });
        return;
      case GatewayOpcodes.InvalidSession:
        if (payload.d) this.#lost('resume', 'invalid session, resumable (op 9)', { immediate: true });
        else this.#invalidSession();
        return;
    }
  };

  #onHello(interval: number): void {
    this.#clock.clearTimeout(this.#attemptTimer);
    this.#attemptTimer = undefined;
    this.#outbox.limiter.resetWindow();
    this.#heartbeat.start(interval);
    const session = this.#session;
    if (session) {
      this.state = ShardState.Resuming;
      this.#outbox.sendPriority({
        op: GatewayOpcodes.Resume,
        d: { token: this.#token, session_id: session.id, seq: this.#seq ?? 0 },
      });
      this.#awaitSession('RESUMED');
      return;
    }
    this.state = ShardState.Identifying;
    const connection = this.#connection;
    const attempt = this.#attempt!;
    this.#queue.acquire(this.id, attempt.signal).then(
      () => {
        if (this.#connection !== connection || attempt.signal.aborted) return;
        this.#identify();
      },
      (error: unknown) => {
        if (attempt.signal.aborted) return;
        this.#fail(error);
      },
    );
  }

  #identify(): void {
    const properties = this.#options.properties ?? { os: process.platform, browser: 'kokoro', device: 'kokoro' };
    const d: GatewayIdentifyData = {
      token: this.#token,
      intents: this.intents,
      properties,
      shard: [this.id, this.shardCount],
      large_threshold: this.#options.largeThreshold ?? 50,
    };
    const presence = this.#outbox.presenceForIdentify();
    if (presence) d.presence = presence;
    this.#seq = null;
    this.#logger.debug('identifying');
    this.#outbox.sendPriority({ op: GatewayOpcodes.Identify, d });
    this.#awaitSession('READY');
  }

  /** Give up on an attempt whose READY/RESUMED does not come (a stalled gateway node). */
  #awaitSession(what: 'READY' | 'RESUMED'): void {
    const connection = this.#connection;
    const timeout = this.#options.readyTimeout ?? 15_000;
    this.#clock.clearTimeout(this.#attemptTimer);
    this.#attemptTimer = this.#clock.setTimeout(() => {
      this.#attemptTimer = undefined;
      if (this.#connection !== connection || this.state === ShardState.Ready) return;
      this.#lost('keep', `no ${what} within ${timeout} ms`, { terminate: true, failed: true });
    }, timeout);
  }

  #onReady(data: GatewayReadyDispatchData): void {
    this.#session = { id: data.session_id, resumeUrl: data.resume_gateway_url || this.#options.url };
    this.#becomeReady('ready');
  }

  #onResumed(): void {
    this.#becomeReady('resumed');
  }

  #becomeReady(how: 'ready' | 'resumed'): void {
    this.state = ShardState.Ready;
    this.#clock.clearTimeout(this.#attemptTimer);
    this.#attemptTimer = undefined;
    this.#outbox.flushPresence();
    this.#outbox.limiter.resume();
    this.#clock.clearTimeout(this.#stableTimer);
    this.#stableTimer = this.#clock.setTimeout(() => this.#backoff.reset(), this.#backoff.stableAfter);
    this.#logger.info(
      { session: this.#session?.id, seq: this.#seq },
      how === 'ready' ? 'shard ready' : 'shard resumed',
    );
    this.#signals.ready();
  }

  #invalidSession(): void {
    this.#session = undefined;
    this.#seq = null;
    this.#members.failAll(new ShardClosedError(this.id, 'the members arrived (the session was invalidated)'));
    const delay = this.#options.invalidSessionDelay ?? 1000 + Math.floor(this.#random() * 4000);
    this.#logger.warn(`invalid session (op 9, not resumable); identifying anew in ${delay} ms`);
    this.#abandonConnection(RESUMABLE_CLOSE, false);
    this.#scheduleConnect(delay);
  }

  /**
   * The connection is lost or must be left: reconnect and resume (`'resume'`), identify anew
   * (`'identify'`), or keep whatever session there is (`'keep'`).
   */
  #lost(action: 'resume' | 'identify' | 'keep', reason: string, how: LossOptions = {}): void {
    const { terminate = false, failed = false, immediate = false } = how;
    if (this.state === ShardState.Closing || this.state === ShardState.Closed) return;
    if (action === 'identify') {
      this.#session = undefined;
      this.#seq = null;
      this.#members.failAll(new ShardClosedError(this.id, 'the members arrived (the session ended)'));
    }
    const wasReady = this.state === ShardState.Ready;
    this.#abandonConnection(RESUMABLE_CLOSE, terminate);
    const delay = immediate && wasReady && !failed ? 0 : this.#backoff.next();
    this.#logger.info({ delay, resume: Boolean(this.#session) }, `reconnecting: ${reason}`);
    this.#scheduleConnect(delay);
  }

  #onClose(connection: GatewayConnection, code: number, reason: string): void {
    if (connection !== this.#connection) return;
    if (this.state === ShardState.Closing) {
      this.#closeWaiter?.();
      this.#closeWaiter = undefined;
      return;
    }
    this.#connection = undefined;
    const action = closeAction(code);
    if (action === 'fatal') {
      this.#fail(new GatewayFatalError(code, this.intents, this.id));
      return;
    }
    const failed =
      this.state === ShardState.Connecting ||
      this.state === ShardState.Identifying ||
      this.state === ShardState.Resuming;
    this.#lost(action, `closed ${code}${reason ? ` (${reason})` : ''}`, { failed });
  }

  #abandonConnection(code: number, terminate: boolean): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#heartbeat.stop();
    this.#attempt?.abort(new ShardClosedError(this.id, 'identifying'));
    this.#clock.clearTimeout(this.#attemptTimer);
    this.#clock.clearTimeout(this.#stableTimer);
    this.#outbox.limiter.pause();
    if (!connection) return;
    // Always a non-1000 close frame (the session stays resumable); a dead peer is not waited for.
    connection.close(code, 'reconnecting');
    if (terminate) connection.terminate();
  }

  #scheduleConnect(delay: number): void {
    this.state = ShardState.Reconnecting;
    this.reconnectDelay = delay;
    this.#clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = this.#clock.setTimeout(() => this.#connect(), delay);
  }

  #teardown(): void {
    this.#heartbeat.stop();
    this.#attempt?.abort(new ShardClosedError(this.id, 'identifying'));
    this.#clock.clearTimeout(this.#attemptTimer);
    this.#clock.clearTimeout(this.#reconnectTimer);
    this.#clock.clearTimeout(this.#stableTimer);
    this.#outbox.limiter.pause();
  }

  #fail(error: unknown): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#teardown();
    connection?.terminate();
    this.#session = undefined;
    this.state = ShardState.Closed;
    this.#logger.error({ err: error }, (error as Error).message);
    this.#signals.failWaiters(error);
    this.#outbox.limiter.cancelAll(error);
    this.#members.failAll(error);
    this.#signals.failRun(error);
  }

  #hook(
    name: string,
    hook: (shard: Shard, payload: GatewayReceivePayload) => void,
    payload: GatewayReceivePayload,
  ): void {
    try {
      hook(this, payload);
    } catch (error) {
      this.#logger.error({ err: error }, `${name} threw; the shard goes on`);
    }
  }
}
