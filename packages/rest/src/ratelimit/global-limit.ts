/**
 * The global limit of one token: at most `limit` requests per second across all its buckets.
 * Modelled as a fixed window opened by the first request sent in it. The window's end is anchored
 * on the *response* to that first request (+1 s): Discord starts counting when the request arrives,
 * which is after we sent it and before we hear back, so anchoring on the response never ends our
 * window before Discord's. Requests that find the window spent wait; the limiter hands permits to
 * them first come, first served — in effect round-robin over the waiting buckets, since a bucket
 * waits with one request at a time. (Serving the oldest request first instead was tried: it finished
 * the REST benchmark 2-3 % later, piling busy buckets' work into the same windows.)
 * A global 429 blocks the whole token for its `retry_after`.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/**
 * A permit: 0 for an ordinary one, or a positive window id when the request opens a window and
 * must report its answer with {@link GlobalLimit.settle}.
 */
export type GlobalPermit = number;

/** Per-token global limiter. */
export class GlobalLimit {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  #used = 0;
  /** End of the current window; NaN while the window's first request is still in flight. */
  #windowEnd = 0;
  #windowId = 0;
  #blockedUntil = 0;
  readonly #waiters: ((permit: GlobalPermit) => void)[] = [];
  #timer: TimerHandle | undefined;
  #timerDue = 0;

  constructor(clock: Clock, limit: number, windowMs = 1000) {
    this.#clock = clock;
    this.#limit = Math.max(1, Math.floor(limit));
    this.#windowMs = windowMs;
  }

  /** Requests per window. */
  get limit(): number {
    return this.#limit;
  }

  /** Requests waiting for a permit. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** A permit now (a number) or a promise of one, in arrival order. */
  acquire(): GlobalPermit | Promise<GlobalPermit> {
    if (this.#waiters.length === 0) {
      const permit = this.#take(this.#clock.now());
      if (permit >= 0) return permit;
    }
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#drain();
    });
  }

  /** Report that the request holding `permit` got its answer (or failed): this fixes the window's end. */
  settle(permit: GlobalPermit): void {
    if (permit <= 0 || permit !== this.#windowId || !Number.isNaN(this.#windowEnd)) return;
    this.#windowEnd = this.#clock.now() + this.#windowMs;
    this.#drain();
  }

  /** Give back a permit that was not used (its request was aborted before being sent). */
  refund(permit: GlobalPermit): void {
    if (this.#used > 0) this.#used--;
    if (permit > 0 && permit === this.#windowId && Number.isNaN(this.#windowEnd)) {
      // The window's opener was never sent: with nothing else sent, the window never opened;
      // otherwise anchor it now (the others left before now, so Discord's window started earlier).
      this.#windowEnd = this.#used === 0 ? 0 : this.#clock.now() + this.#windowMs;
    }
    this.#drain();
  }

  /** Block every request of this token until `until` (after a global 429). */
  block(until: number): void {
    if (until <= this.#blockedUntil) return;
    this.#blockedUntil = until;
    // A 429 means Discord's window and ours disagree: also close ours until the block ends.
    this.#used = this.#limit;
    if (!Number.isNaN(this.#windowEnd) && this.#windowEnd < until) this.#windowEnd = until;
  }

  #take(now: number): GlobalPermit {
    if (now < this.#blockedUntil) return -1;
    if (this.#used === 0 || now >= this.#windowEnd) {
      this.#used = 1;
      this.#windowEnd = Number.NaN; // fixed by settle()
      return ++this.#windowId;
    }
    if (this.#used < this.#limit) {
      this.#used++;
      return 0;
    }
    return -1;
  }

  /** Hand out permits to waiters in order; if some remain, arm one timer for when a permit frees. */
  #drain(): void {
    const now = this.#clock.now();
    while (this.#waiters.length > 0) {
      const permit = this.#take(now);
      if (permit < 0) break;
      (this.#waiters.shift() as (permit: GlobalPermit) => void)(permit);
    }
    if (this.#waiters.length === 0) return;
    const due = now < this.#blockedUntil ? this.#blockedUntil : this.#windowEnd;
    if (Number.isNaN(due)) return; // settle() will drain again
    if (this.#timer !== undefined && this.#timerDue <= due) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timerDue = due;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain();
      },
      Math.max(0, due - now),
    );
  }
}
