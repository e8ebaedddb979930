/**
 * Reconnect backoff. A shard that cannot stay connected waits longer after each failed attempt:
 * `min(max, base * 2^(failures-1))`, scaled by a random factor in [0.5, 1) so many shards do not
 * come back in step. The count resets only once a session has stayed up for `stableAfter` ms, so
 * a connection that is accepted and then dropped at once still backs off instead of looping.
 */
import type { Random } from '@kokoro/common';

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First wait after a failure (default 1000 ms). */
  base?: number;
  /** The cap (default 60 000 ms). */
  max?: number;
  /** Connected time after which the failure count resets (default 60 000 ms). */
  stableAfter?: number;
}

/** Capped exponential backoff with jitter. */
export class Backoff {
  /** First wait after a failure, ms. */
  readonly base: number;
  /** The cap, ms. */
  readonly max: number;
  /** Connected time after which the failure count resets, ms. */
  readonly stableAfter: number;
  /** Failed attempts since the last stable session. */
  failures = 0;
  readonly #random: Random;

  constructor(random: Random, options: BackoffOptions = {}) {
    this.#random = random;
    this.base = options.base ?? 1000;
    this.max = options.max ?? 60_000;
    this.stableAfter = options.stableAfter ?? 60_000;
  }

  /** The wait before the next attempt; counts one more failure. */
  next(): number {
    this.failures++;
    const ceiling = Math.min(this.max, this.base * 2 ** Math.min(this.failures - 1, 30));
    return Math.round(ceiling * (0.5 + this.#random() * 0.5));
  }

  /** A session stayed up long enough: start again from the base. */
  reset(): void {
    this.failures = 0;
  }
}
