/**
 * The global limit of one token: at most `limit` requests per second across all its buckets.
 * Modelled as a fixed window opened by the first request sent in it. The window's end is anchored
 * on the *response* to that first request (+1 s): Discord starts counting when the request arrives,
 * which is after we sent it and before we hear back, so anchoring on the response never ends our
 * window before Discord's. Symmetrically, no permit is given later than 1 s after the first request
 * left: a request sent in the window's tail could arrive after Discord's window closed, count in
 * Discord's next window and overfill it together with ours. A global 429 blocks the whole token for
 * its `retry_after`.
 *
 * **Who gets a permit when the window is spent.** Each waiting bucket asks with one request at a
 * time and says how much work it still holds (`backlog`: its queue length, each request weighed as
 * 100 ms of waiting). Permits go to the largest `backlog + time waited` first. The backlog part
 * serves the long queues first: a bucket with 100 requests cannot catch up at the end, while a
 * bucket with one request can be served in any window — so the whole load finishes closest to what
 * the limits allow (first come, first served left busy buckets for last: the REST benchmark ended
 * 3 % later). The time-waited part bounds how long a small request can be passed over: after
 * waiting as long as a big bucket's backlog, it goes first.
 *
 * Ranking alone is not enough: a bucket sends one request at a time, so when a window opens every
 * waiting bucket would take one permit at once and a long queue would get one request per window.
 * So a bucket that will ask again as soon as its request is answered (more queued, room left in its
 * own window) is *returning*, and permits are held back for returning buckets ranked above the best
 * waiter until they ask again: the long queues get several requests per window, the short ones
 * fill what is left.
 * Holding back never sends more than `limit` per window, so it can cost time, never a 429. A hold
 * lasts until its bucket asks again, has to wait for its own window, or runs empty — at the longest,
 * its request's timeout.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/**
 * A permit: 0 for an ordinary one, or a positive window id when the request opens a window and
 * must report its answer with {@link GlobalLimit.settle}.
 */
export type GlobalPermit = number;

/** Permits kept for a returning bucket: how many, and its rank. */
interface Hold {
  rank: number;
  count: number;
}

/** A request waiting for a permit; `rank` = arrival time - backlog (lower goes first). */
interface Waiter {
  rank: number;
  bucket: object | undefined;
  returning: number;
  resolve(permit: GlobalPermit): void;
}

/** Per-token global limiter. */
export class GlobalLimit {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  #used = 0;
  /** End of the current window; NaN while the window's first request is still in flight. */
  #windowEnd = 0;
  /** When the current window's first request was sent. */
  #windowStart = 0;
  #windowId = 0;
  #blockedUntil = 0;
  /** Buckets that will ask again as soon as their request on the wire is answered, with their rank. */
  readonly #returning = new Map<object, Hold>();
  /** Waiting requests, best first: sorted by `since - backlog` ascending (see the module comment). */
  readonly #waiters: Waiter[] = [];
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

  /**
   * A permit now (a number) or a promise of one. `backlog`: the asking bucket's claim, in ms of
   * waiting (0 for a lone request); when permits are short, larger `backlog + time waited` goes
   * first, ties in arrival order. `bucket` identifies the asker; `returning`: how many more requests
   * it will ask for, one as soon as each answer is in, in the current window of its own limit. That
   * many permits are held for it meanwhile; its next `acquire` renews the hold, {@link release} ends it.
   */
  acquire(backlog = 0, bucket?: object, returning = 0): GlobalPermit | Promise<GlobalPermit> {
    const now = this.#clock.now();
    const rank = now - backlog;
    if (bucket !== undefined) this.#returning.delete(bucket);
    if (this.#waiters.length === 0 && this.#free(now) > this.#heldFor(rank)) {
      if (bucket !== undefined && returning > 0) this.#returning.set(bucket, { rank, count: returning });
      return this.#take(now);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { rank, bucket, returning, resolve };
      const waiters = this.#waiters;
      // Binary search for the first waiter ranked after this one (equal ranks keep arrival order).
      let low = 0;
      let high = waiters.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((waiters[mid] as Waiter).rank <= waiter.rank) low = mid + 1;
        else high = mid;
      }
      waiters.splice(low, 0, waiter);
      this.#drain();
    });
  }

  /** Report that the request holding `permit` got its answer (or failed): this fixes the window's end. */
  settle(permit: GlobalPermit): void {
    if (permit <= 0 || permit !== this.#windowId || !Number.isNaN(this.#windowEnd)) return;
    this.#windowEnd = this.#clock.now() + this.#windowMs;
    this.#drain();
  }

  /** The bucket will not ask again right away (it waits, or its queue is empty): end its hold. */
  release(bucket: object): void {
    if (this.#returning.delete(bucket)) this.#drain();
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

  /** Permits left to hand out at `now`. */
  #free(now: number): number {
    if (now < this.#blockedUntil) return 0;
    if (this.#used === 0 || now >= this.#windowEnd) return this.#limit;
    if (now >= this.#windowStart + this.#windowMs) return 0; // the window's tail: see #take
    return this.#limit - this.#used;
  }

  /** Permits to keep for returning requests ranked before `rank`. */
  #heldFor(rank: number): number {
    if (this.#returning.size === 0) return 0;
    let held = 0;
    for (const hold of this.#returning.values()) if (hold.rank < rank) held += hold.count;
    return held;
  }

  #take(now: number): GlobalPermit {
    if (now < this.#blockedUntil) return -1;
    if (this.#used === 0 || now >= this.#windowEnd) {
      this.#used = 1;
      this.#windowStart = now;
      this.#windowEnd = Number.NaN; // fixed by settle()
      return ++this.#windowId;
    }
    // Between 1 s after the window's first request left and 1 s after its answer, a request could reach
    // Discord after its window closed and count in the next one, which ours would then overfill: wait.
    if (this.#used < this.#limit && now < this.#windowStart + this.#windowMs) {
      this.#used++;
      return 0;
    }
    return -1;
  }

  /** Hand out permits to waiters in order; if some remain, arm one timer for when a permit frees. */
  #drain(): void {
    const now = this.#clock.now();
    let free = this.#free(now);
    while (this.#waiters.length > 0) {
      const best = this.#waiters[0] as Waiter;
      // Waiters are sorted, so when the best one must leave its permit to returning requests, all must.
      if (free <= this.#heldFor(best.rank)) break;
      this.#waiters.shift();
      if (best.bucket !== undefined && best.returning > 0) {
        this.#returning.set(best.bucket, { rank: best.rank, count: best.returning });
      }
      best.resolve(this.#take(now));
      free--;
    }
    if (this.#waiters.length === 0) return;
    const due = now < this.#blockedUntil ? this.#blockedUntil : this.#windowEnd;
    // NaN: the window's first answer is awaited; due <= now: permits are held for returning
    // requests. Either way a settle() drains again.
    if (Number.isNaN(due) || due <= now) return;
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
