/**
 * The connection lifecycle of a shard: one connection attempt after another, each a fresh
 * `GatewayConnection`, driven through the states of shard-state.ts.
 *
 * An attempt opens the socket and waits for Hello (connect timeout). Hello starts the heartbeats
 * (heartbeat.ts) and sends Resume when session.ts says there is a session, else waits for the
 * identify queue and sends Identify; READY or RESUMED must follow (ready timeout). Nothing else is
 * sent before that: the outbox's limiter stays paused until the session is up. Any loss (close,
 * drop, op 7, op 9, zombie, timeout) abandons the connection with a non-1000 close frame, so the
 * session stays resumable, and schedules the next attempt: at once when Discord asked for it on a
 * ready connection, otherwise after the backoff (backoff.ts), whose count resets only once a
 * session stayed up for `stableAfter`. Op 7 is obeyed in any state, even before Hello. Fatal closes
 * (4004, 4010-4014) and a refused identify (no session starts left) end the run with one error.
 */
import type { Clock, Logger, Random } from '@kokoro/common';
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
  type GatewayReceivePayload,
} from 'discord-api-types/v10';
import { AttemptLimits } from './attempt-limits.js';
import { Backoff } from './backoff.js';
import { closeAction, RESUMABLE_CLOSE } from './close-codes.js';
import { GatewayConnection, gatewayUrl } from './connection.js';
import { AttemptDeadline } from './deadline.js';
import { GatewayFatalError, ShardClosedError } from './errors.js';
import { Heartbeat } from './heartbeat.js';
import type { IdentifyQueue } from './identify-queue.js';
import type { GatewayCompression } from './inflate.js';
import type { ShardOutbox } from './outbox.js';
import type { RawData, RawDispatch } from './raw-dispatch.js';
import { type IdentifyParts, ShardSession } from './session.js';
import { SessionPersistence } from './session-persistence.js';
import { botIdFromToken } from './session-store.js';
import type { ShardStateChange } from './shard-api.js';
import type { ShardOptions } from './shard-options.js';
import { ShardState } from './shard-state.js';

/** What the lifecycle tells the shard that runs it. */
export interface LifecycleEvents {
  /** Every inbound payload, before anything else (the raw hook). */
  payload(payload: GatewayReceivePayload): void;
  /** Every dispatch, after sequence bookkeeping; `raw`: the JSON text of `d`, when read (raw-dispatch.ts). */
  dispatch(t: string, d: unknown, s: number | null, raw?: string): void;
  /** A dispatch before parsing; `true` when taken whole (see ShardOptions.onRawDispatch). */
  rawDispatch?(t: string, data: RawData, s: number | null): boolean;
  /** READY or RESUMED: the session is up. */
  ready(how: 'ready' | 'resumed'): void;
  /** The session is gone (what was waiting on it will never come). */
  sessionEnded(why: string): void;
  /** The run ended with an error (fatal close, no session starts left). */
  failed(error: unknown): void;
  /** The state changed (after the change). */
  stateChange(change: ShardStateChange): void;
  /** An error the shard survives (undecodable data; the connection is dropped and resumed). */
  error(error: unknown): void;
}

/** Dispatches the shard itself reads: never taken before parsing. */
const OWN_EVENTS: ReadonlySet<string> = new Set(['READY', 'RESUMED', 'GUILD_MEMBERS_CHUNK', 'RATE_LIMITED']);

/** Everything a lifecycle needs from its shard. */
export interface LifecycleInit {
  options: ShardOptions;
  identify: IdentifyParts;
  compression: GatewayCompression;
  clock: Clock;
  random: Random;
  logger: Logger;
  queue: IdentifyQueue;
  outbox: ShardOutbox;
  events: LifecycleEvents;
}

/** How a connection was lost (see `lost`). */
interface LossOptions {
  /** Drop the socket right after the close frame, without waiting for the peer (zombie, timeout). */
  terminate?: boolean;
  /** The attempt failed before a session was up: back off. */
  failed?: boolean;
  /** Discord asked for it while ready: reconnect at once. */
  immediate?: boolean;
  /** The close code that ended the connection (default: the resumable code the shard closes with). */
  code?: number;
}

/** What a state change says beside its states. */
type ChangeDetail = Omit<ShardStateChange, 'shardId' | 'from' | 'to'>;

/** Connection attempts, session payloads and reconnects of one shard. */
export class ShardLifecycle {
  readonly session = new ShardSession();
  readonly heartbeat: Heartbeat;
  readonly backoff: Backoff;
  /** The wait before the last scheduled reconnect, in ms (0 before any). */
  reconnectDelay = 0;
  readonly #init: LifecycleInit;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #outbox: ShardOutbox;
  readonly #events: LifecycleEvents;
  readonly #deadline: AttemptDeadline;
  readonly #stable: AttemptDeadline;
  readonly #reconnect: AttemptDeadline;
  readonly #limits: AttemptLimits;
  #connection: GatewayConnection | undefined;
  #attempt: AbortController | undefined;
  #closeWaiter: (() => void) | undefined;
  #state = ShardState.Idle;
  /** The session store's side, when the shard has a `sessionStore`. */
  readonly #persistence: SessionPersistence | undefined;
  /** Counts runs, so a stored-session load that outlives its run is ignored. */
  #run = 0;

  constructor(init: LifecycleInit) {
    this.#init = init;
    this.#clock = init.clock;
    this.#logger = init.logger;
    this.#outbox = init.outbox;
    this.#events = init.events;
    this.#deadline = new AttemptDeadline(init.clock);
    this.#stable = new AttemptDeadline(init.clock);
    this.#reconnect = new AttemptDeadline(init.clock);
    this.backoff = new Backoff(init.random, init.options.backoff);
    this.#limits = new AttemptLimits(init.clock, init.identify.shardId, init.options);
    const store = init.options.sessionStore;
    this.#persistence = store
      ? new SessionPersistence({
          store,
          key: {
            botId: botIdFromToken(init.identify.token),
            shardId: init.identify.shardId,
            shardCount: init.identify.shardCount,
          },
          clock: init.clock,
          logger: init.logger,
          interval: init.options.sessionSaveInterval ?? 1000,
          timeout: init.options.sessionStoreTimeout ?? 5000,
        })
      : undefined;
    this.heartbeat = new Heartbeat(
      init.clock,
      init.random,
      () => this.#outbox.sendPriority({ op: GatewayOpcodes.Heartbeat, d: this.session.seq }),
      () =>
        this.#lost('resume', 'no heartbeat ACK and no frame since the last beat (zombie connection)', {
          terminate: true,
        }),
    );
  }

  /** The current state (see shard-state.ts). */
  get state(): ShardState {
    return this.#state;
  }

  /** Move to `to` and tell the shard (which tells its listeners). */
  #to(to: ShardState, detail: ChangeDetail = {}): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#events.stateChange({ shardId: this.#init.identify.shardId, from, to, ...detail });
  }

  /** Write one encoded payload on the live connection (dropped when there is none). */
  write(data: string | Buffer): void {
    this.#connection?.send(data);
  }

  /**
   * Start connecting (from idle or closed). With a session store and no session of its own, the
   * shard first loads the stored session, to resume it.
   */
  run(): void {
    const run = ++this.#run;
    this.#limits.beginRun((error) => this.fail(error));
    const persistence = this.#persistence;
    if (!persistence || this.session.resumable) {
      this.#connect();
      return;
    }
    this.#to(ShardState.Connecting);
    void persistence.load().then((stored) => {
      if (run !== this.#run || this.#state !== ShardState.Connecting || this.#connection) return;
      if (stored && !this.session.resumable) {
        this.session.restore(stored);
        this.#logger.info({ session: stored.sessionId, seq: stored.sequence }, 'resuming the stored session');
      }
      this.#connect();
    });
  }

  /**
   * Close the connection with `code` and stop. 1000/1001 end the session on Discord's side, so
   * the bookkeeping forgets it; another code keeps it resumable for the next run.
   */
  async close(code: number): Promise<void> {
    this.#to(ShardState.Closing);
    this.#limits.stop();
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
    this.#connection = undefined;
    this.#run++;
    if (code === 1000 || code === 1001) {
      this.session.forget();
      await this.#persistence?.forget();
    } else {
      await this.#persistence?.flush();
    }
    this.#to(ShardState.Closed, { code, reason: 'closed by close()' });
  }

  #connect(): void {
    const encoding = this.#init.options.encoding ?? 'json';
    const url = gatewayUrl(this.session.connectUrl(this.#init.options.url), this.#init.compression, encoding);
    this.#to(ShardState.Connecting);
    this.#attempt = new AbortController();
    this.#outbox.limiter.pause();
    this.#logger.debug({ url, resume: this.session.resumable }, 'connecting');
    const connection: GatewayConnection = new GatewayConnection(
      url,
      this.#init.compression,
      {
        onOpen: () => {},
        onFrame: () => {
          if (this.#connection === connection) this.heartbeat.frame();
        },
        onPayload: (payload, raw) => {
          if (this.#connection === connection) this.#onPayload(payload, raw);
        },
        ...(this.#init.options.onRawDispatch && this.#events.rawDispatch
          ? { onRawDispatch: (dispatch: RawDispatch) => this.#connection === connection && this.#onRaw(dispatch) }
          : {}),
        onClose: (code, reason) => this.#onClose(connection, code, reason),
        onError: (error) => {
          this.#logger.warn({ err: error }, 'gateway decoding error; dropping the connection');
          this.#events.error(error);
        },
      },
      this.#init.options.zlib,
      encoding,
      this.#init.options.userAgent,
    );
    this.#connection = connection;
    const timeout = this.#init.options.connectTimeout ?? 15_000;
    this.#deadline.arm(timeout, () => {
      if (this.#connection !== connection || this.state !== ShardState.Connecting) return;
      this.#logger.warn(`no Hello within ${timeout} ms; retrying`);
      this.#lost('keep', 'connect timeout', { terminate: true, failed: true });
    });
  }

  // A dispatch taken whole before parsing: only its sequence matters here. The shard's own events
  // (READY, RESUMED, member chunks, rate limits) are always parsed.
  readonly #onRaw = (dispatch: RawDispatch): boolean => {
    if (OWN_EVENTS.has(dispatch.t) || !this.#events.rawDispatch?.(dispatch.t, dispatch.data, dispatch.s)) return false;
    if (dispatch.s !== null) {
      this.session.seq = dispatch.s;
      this.#persistence?.advanced(this.session);
    }
    return true;
  };

  readonly #onPayload = (payload: GatewayReceivePayload, raw?: string): void => {
    this.#events.payload(payload);
    switch (payload.op) {
      case GatewayOpcodes.Dispatch: {
        const s = payload.s ?? null;
        if (s !== null) {
          this.session.seq = s;
          this.#persistence?.advanced(this.session);
        }
        const t = payload.t as string;
        if (t === GatewayDispatchEvents.Ready) this.#onReady(payload.d as GatewayReadyDispatchData);
        else if (t === GatewayDispatchEvents.Resumed) this.#becomeReady('resumed');
        this.#events.dispatch(t, payload.d, s, raw);
        return;
      }
      case GatewayOpcodes.HeartbeatAck:
        this.heartbeat.ack();
        return;
      case GatewayOpcodes.Heartbeat:
        this.heartbeat.beatNow();
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
    this.#deadline.clear();
    this.#outbox.limiter.resetWindow();
    this.heartbeat.start(interval);
    if (this.session.resumable) {
      this.#to(ShardState.Resuming);
      this.#outbox.sendPriority({ op: GatewayOpcodes.Resume, d: this.session.resumeData(this.#init.identify.token) });
      this.#awaitSession('RESUMED');
      return;
    }
    this.#to(ShardState.Identifying);
    const connection = this.#connection;
    const attempt = this.#attempt!;
    this.#limits.queueWaitBegins();
    this.#init.queue.acquire(this.#init.identify.shardId, attempt.signal).then(
      () => {
        if (this.#connection !== connection || attempt.signal.aborted) return;
        this.#limits.queueWaitEnds();
        this.#logger.debug('identifying');
        const d = this.session.identifyData(this.#init.identify, this.#outbox.presenceForIdentify());
        this.#outbox.sendPriority({ op: GatewayOpcodes.Identify, d });
        this.#awaitSession('READY');
      },
      (error: unknown) => {
        if (attempt.signal.aborted) return;
        this.fail(error);
      },
    );
  }

  /** Give up on an attempt whose READY/RESUMED does not come (a stalled gateway node). */
  #awaitSession(what: 'READY' | 'RESUMED'): void {
    const connection = this.#connection;
    const timeout = this.#init.options.readyTimeout ?? 15_000;
    this.#deadline.arm(timeout, () => {
      if (this.#connection !== connection || this.state === ShardState.Ready) return;
      this.#lost('keep', `no ${what} within ${timeout} ms`, { terminate: true, failed: true });
    });
  }

  #onReady(data: GatewayReadyDispatchData): void {
    this.session.opened(data);
    this.#becomeReady('ready');
  }

  #becomeReady(how: 'ready' | 'resumed'): void {
    this.#deadline.clear();
    this.#limits.ready();
    this.#outbox.flushPresence();
    this.#outbox.limiter.resume();
    this.#stable.arm(this.backoff.stableAfter, () => this.backoff.reset());
    this.#logger.info(
      { session: this.session.id, seq: this.session.seq },
      how === 'ready' ? 'shard ready' : 'shard resumed',
    );
    this.#persistence?.opened(this.session);
    this.#to(ShardState.Ready, { how });
    this.#events.ready(how);
  }

  #invalidSession(): void {
    this.session.forget();
    void this.#persistence?.forget();
    this.#events.sessionEnded('the session was invalidated');
    const delay = this.#init.options.invalidSessionDelay ?? 1000 + Math.floor(this.#init.random() * 4000);
    this.#logger.warn(`invalid session (op 9, not resumable); identifying anew in ${delay} ms`);
    this.#abandonConnection(false);
    this.#limits.ended(undefined, 'invalid session (op 9)');
    this.#scheduleConnect(delay, { code: RESUMABLE_CLOSE, reason: 'invalid session (op 9)' });
  }

  /**
   * The connection is lost or must be left: reconnect and resume (`'resume'`), identify anew
   * (`'identify'`), or keep whatever session there is (`'keep'`).
   */
  #lost(action: 'resume' | 'identify' | 'keep', reason: string, how: LossOptions = {}): void {
    const { terminate = false, failed = false, immediate = false, code = RESUMABLE_CLOSE } = how;
    if (this.state === ShardState.Closing || this.state === ShardState.Closed) return;
    if (how.code === undefined) this.#limits.ended(undefined, reason);
    if (action === 'identify') {
      this.session.forget();
      void this.#persistence?.forget();
      this.#events.sessionEnded('the session ended');
    }
    const wasReady = this.state === ShardState.Ready;
    this.#abandonConnection(terminate);
    const delay = immediate && wasReady && !failed ? 0 : this.backoff.next();
    this.#logger.info({ delay, resume: this.session.resumable }, `reconnecting: ${reason}`);
    this.#scheduleConnect(delay, { code, reason });
  }

  #onClose(connection: GatewayConnection, code: number, reason: string): void {
    if (connection !== this.#connection) return;
    if (this.state === ShardState.Closing) {
      this.#closeWaiter?.();
      this.#closeWaiter = undefined;
      return;
    }
    this.#connection = undefined;
    this.#limits.ended(code, reason || 'no reason given');
    const action = closeAction(code);
    if (action === 'fatal') {
      this.fail(new GatewayFatalError(code, this.#init.identify.intents, this.#init.identify.shardId));
      return;
    }
    const failed =
      this.state === ShardState.Connecting ||
      this.state === ShardState.Identifying ||
      this.state === ShardState.Resuming;
    this.#lost(action, `closed ${code}${reason ? ` (${reason})` : ''}`, { failed, code });
  }

  /** Leave the connection with a non-1000 close frame: the session stays resumable. */
  #abandonConnection(terminate: boolean): void {
    const connection = this.#connection;
    this.#connection = undefined;
    this.heartbeat.stop();
    this.#attempt?.abort(new ShardClosedError(this.#init.identify.shardId, 'identifying'));
    this.#deadline.clear();
    this.#stable.clear();
    this.#outbox.limiter.pause();
    if (!connection) return;
    connection.close(RESUMABLE_CLOSE, 'reconnecting');
    // A dead peer is not waited for.
    if (terminate) connection.terminate();
  }

  #scheduleConnect(delay: number, detail: { code: number; reason: string }): void {
    const giveUp = this.#limits.next();
    if (giveUp) {
      this.fail(giveUp);
      return;
    }
    this.reconnectDelay = delay;
    this.#reconnect.arm(delay, () => this.#connect());
    this.#to(ShardState.Reconnecting, { ...detail, delay });
  }

  #teardown(): void {
    this.heartbeat.stop();
    this.#attempt?.abort(new ShardClosedError(this.#init.identify.shardId, 'identifying'));
    this.#deadline.clear();
    this.#reconnect.clear();
    this.#stable.clear();
    this.#outbox.limiter.pause();
  }

  /** End the run with `error`: no further attempt. */
  fail(error: unknown): void {
    this.#limits.stop();
    const connection = this.#connection;
    this.#connection = undefined;
    this.#teardown();
    connection?.terminate();
    this.#run++;
    if (this.session.resumable) void this.#persistence?.forget();
    this.session.forget();
    this.#logger.error({ err: error }, (error as Error).message);
    const code = error instanceof GatewayFatalError ? error.closeCode : undefined;
    this.#to(ShardState.Closed, {
      ...(code === undefined ? {} : { code }),
      reason: error instanceof Error ? error.message : String(error),
      error,
    });
    this.#events.failed(error);
  }
}
