/**
 * The send limit of one connection: Discord disconnects a client that sends more than 120 payloads
 * in 60 s. The limiter keeps a window of send times; ordinary sends may use the budget minus a
 * reserve kept for heartbeats (which must never wait), and wait in order for a free slot when the
 * window is full. A new connection starts a fresh window.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/** Options of {@link SendLimiter}. */
export interface SendLimiterOptions {
  /** Sends per window (default 120). */
  limit?: number;
  /** Window length (default 60 000 ms). */
  window?: number;
  /** Slots kept for heartbeats and session payloads (default 5). */
  reserve?: number;
}

interface Pending {
  run: () => void;
  cancel: (error: unknown) => void;
}

/** A sliding-window send limiter for one gateway connection. */
export class SendLimiter {
  /** Sends per window. */
  readonly limit: number;
  /** The window's length (ms). */
  readonly window: number;
  /** Slots only heartbeats and session payloads may use. */
  readonly reserve: number;
  readonly #clock: Clock;
  #times: number[] = [];
  #queue: Pending[] = [];
  #timer: TimerHandle | undefined;
  #paused = true;

  constructor(clock: Clock, options: SendLimiterOptions = {}) {
    this.#clock = clock;
    this.limit = options.limit ?? 120;
    this.window = options.window ?? 60_000;
    this.reserve = options.reserve ?? 5;
  }

  /** Sends still free in the window for ordinary payloads. */
  get available(): number {
    this.#prune(this.#clock.now());
    return Math.max(0, this.limit - this.reserve - this.#times.length);
  }

  /** Count a priority send (heartbeat, identify, resume): never waits. */
  takePriority(): void {
    this.#times.push(this.#clock.now());
  }

  /** Run `send` now if the window allows, else when it does, after the sends queued before. */
  schedule(send: () => void, cancel: (error: unknown) => void): void {
    this.#queue.push({ run: send, cancel });
    this.#flush();
  }

  /** A new connection: a fresh window (queued sends stay queued). */
  resetWindow(): void {
    this.#times = [];
    this.#flush();
  }

  /** Hold queued sends (no connection); `resume()` lets them go. */
  pause(): void {
    this.#paused = true;
  }

  /** Let queued sends go (a connection is ready). */
  resume(): void {
    this.#paused = false;
    this.#flush();
  }

  /** Drop every queued send with `error`. */
  cancelAll(error: unknown): void {
    const queue = this.#queue;
    this.#queue = [];
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const pending of queue) pending.cancel(error);
  }

  #prune(now: number): void {
    let drop = 0;
    while (drop < this.#times.length && this.#times[drop]! <= now - this.window) drop++;
    if (drop > 0) this.#times.splice(0, drop);
  }

  #flush(): void {
    if (this.#paused || this.#timer !== undefined) return;
    const now = this.#clock.now();
    this.#prune(now);
    while (this.#queue.length > 0 && !this.#paused) {
      if (this.#times.length >= this.limit - this.reserve) {
        const wait = this.#times[0]! + this.window - now;
        this.#timer = this.#clock.setTimeout(
          () => {
            this.#timer = undefined;
            this.#flush();
          },
          Math.max(1, wait),
        );
        return;
      }
      this.#times.push(now);
      this.#queue.shift()!.run();
    }
  }
}
