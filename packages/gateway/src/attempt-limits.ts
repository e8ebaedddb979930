/**
 * How long a shard keeps trying. `start()` must always settle: before the run's first READY, a shard
 * that keeps being refused (closes before READY, HTTP errors on the upgrade, connection refused,
 * timeouts) gives up after `startAttempts` attempts or `startTimeout` ms, whichever comes first,
 * and the run fails with one `GatewayConnectError` naming the last close code and reason. Time
 * spent waiting for the identify queue is not counted: with many shards and one bucket, the last
 * shard legitimately waits minutes for its turn. After READY, a shard that loses its connection
 * reconnects with backoff as long as it takes, unless `maxAttempts` bounds the attempts made
 * without getting a session back (RustCord's configurable maximum).
 */
import type { Clock, TimerHandle } from '@kokoro/common';
import { GatewayConnectError } from './errors.js';

/** The limits, from the shard options. */
export interface AttemptLimitOptions {
  /** Attempts before the first READY of a run (default 8). */
  startAttempts?: number;
  /** Ms before the first READY of a run, queue waits excluded (default 120 000). */
  startTimeout?: number;
  /** Attempts after a session was lost, without a new one (default: no limit). */
  maxAttempts?: number;
}

/** Attempt counting and the start deadline of one shard. */
export class AttemptLimits {
  readonly #clock: Clock;
  readonly #shardId: number;
  readonly #startAttempts: number;
  readonly #startTimeout: number;
  readonly #maxAttempts: number | undefined;
  #attempts = 0;
  #wasReady = false;
  #lastCode: number | undefined;
  #lastReason = 'no attempt ended yet';
  #budget = 0;
  #armedAt = 0;
  #timer: TimerHandle | undefined;
  #onTimeout: ((error: GatewayConnectError) => void) | undefined;

  constructor(clock: Clock, shardId: number, options: AttemptLimitOptions) {
    this.#clock = clock;
    this.#shardId = shardId;
    this.#startAttempts = options.startAttempts ?? 8;
    this.#startTimeout = options.startTimeout ?? 120_000;
    this.#maxAttempts = options.maxAttempts;
  }

  /** A run begins with its first attempt; `onTimeout` ends it when the start deadline passes. */
  beginRun(onTimeout: (error: GatewayConnectError) => void): void {
    this.#attempts = 1;
    this.#wasReady = false;
    this.#lastCode = undefined;
    this.#lastReason = 'no attempt ended yet';
    this.#onTimeout = onTimeout;
    this.#budget = this.#startTimeout;
    this.#arm();
  }

  /** How the last attempt ended (its close code, if any, and why). */
  ended(code: number | undefined, reason: string): void {
    this.#lastCode = code;
    this.#lastReason = reason;
  }

  /** Another attempt is about to be scheduled: undefined when allowed, else the error to stop with. */
  next(): GatewayConnectError | undefined {
    const limit = this.#wasReady ? this.#maxAttempts : this.#startAttempts;
    if (limit === undefined || this.#attempts < limit) {
      this.#attempts++;
      return undefined;
    }
    return this.#error(
      `${this.#attempts} attempt(s) ${this.#wasReady ? 'since the session was lost' : 'without a READY'}`,
      this.#wasReady ? 'maxAttempts' : 'startAttempts',
    );
  }

  /** The identify queue is being waited for: its time does not count. */
  queueWaitBegins(): void {
    if (this.#timer === undefined) return;
    this.#budget -= this.#clock.now() - this.#armedAt;
    this.#disarm();
  }

  /** The identify queue admitted the shard: the start deadline runs again. */
  queueWaitEnds(): void {
    if (!this.#wasReady && this.#onTimeout) this.#arm();
  }

  /** READY or RESUMED: the run has been ready; the attempt count starts again. */
  ready(): void {
    this.#wasReady = true;
    this.#attempts = 0;
    this.#disarm();
  }

  /** The run ended (closed or failed). */
  stop(): void {
    this.#onTimeout = undefined;
    this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    this.#armedAt = this.#clock.now();
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        const onTimeout = this.#onTimeout;
        this.#onTimeout = undefined;
        onTimeout?.(this.#error(`no READY within ${this.#startTimeout} ms`, 'startTimeout'));
      },
      Math.max(0, this.#budget),
    );
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #error(why: string, option: string): GatewayConnectError {
    return new GatewayConnectError({
      shardId: this.#shardId,
      attempts: this.#attempts,
      wasReady: this.#wasReady,
      why,
      ...(this.#lastCode === undefined ? {} : { closeCode: this.#lastCode }),
      reason: this.#lastReason,
      fix: `Check the gateway URL, the network and Discord's status; the limit is the shard option ${option}.`,
    });
  }
}
