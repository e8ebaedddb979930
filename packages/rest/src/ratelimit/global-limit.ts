/**
 * The global limit of one token: at most `limit` requests per second across all its buckets.
 *
 * **Window model.** Discord documents "50 requests per second" without saying where its second
 * starts. The strictest reading is a sliding one: at most `limit` requests *arriving* in any second.
 * We cannot see arrivals, only when a request left (before it arrived) and when its answer came back
 * (after it arrived). So each request holds a *slot* from the moment it is sent until 1 s after its
 * own answer, and a request is sent only while fewer than `limit` slots are held. That is safe under
 * any reading: the requests that arrive within one second [t, t + 1 s) were all sent before t + 1 s
 * and answered after t, so their slots all cover the instant just before t + 1 s — at most `limit`
 * of them. (A fixed window anchored on the answer to its *first* request is not safe: a request of
 * the window answered late arrives late, and the next window, opened 1 s after the first answer,
 * overlaps it in a sliding second.) The cost is one round trip per `limit` requests: slots free
 * 1 s + latency after they were taken, which is also what the fixed windows cost. Slots free in the
 * order answers come back, so their ends form a queue in time order. A global 429 blocks the whole
 * token for its `retry_after`.
 *
 * **Who gets a permit when slots are short.** Each waiting bucket asks with one request at a
 * time and says how much work it still holds (`backlog`: its queue length, each request weighed as
 * 100 ms of waiting). Permits go to the largest `backlog + time waited` first. The backlog part
 * serves the long queues first: a bucket with 100 requests cannot catch up at the end, while a
 * bucket with one request can be served in any window — so the whole load finishes closest to what
 * the limits allow (first come, first served left busy buckets for last: the REST benchmark ended
 * 3 % later). The time-waited part bounds how long a small request can be passed over: after
 * waiting as long as a big bucket's backlog, it goes first.
 *
 * Ranking alone is not enough: a bucket sends one request at a time, so when a window opens every
 * waiting bucket would take one permit as soon as slots free and a long queue would get one request per second.
 * So a bucket that will ask again as soon as its request is answered (more queued, room left in its
 * own window) is *returning*, and permits are held back for returning buckets ranked above the best
 * waiter until they ask again: the long queues get several requests per window, the short ones
 * fill what is left.
 * Holding back never holds more than `limit` slots, so it can cost time, never a 429. A hold
 * lasts until its bucket asks again, has to wait for its own window, or runs empty — at the longest,
 * its request's timeout.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/**
 * A permit: 1 when the request holds a slot (it must report its answer with
 * {@link GlobalLimit.settle} or give the slot back with {@link GlobalLimit.refund}); 0 for none.
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
  /** Slots of requests sent and not answered yet. */
  #inFlight = 0;
  /** When the slots of answered requests free, in time order (a queue: `#endsHead` is its first). */
  #ends: number[] = [];
  #endsHead = 0;
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

  /** Slots held now: requests on the wire, and answered ones until 1 s after their answer. */
  get held(): number {
    this.#expire(this.#clock.now());
    return this.#inFlight + this.#ends.length - this.#endsHead;
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
      return this.#take();
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

  /** Report that the request holding `permit` got its answer (or failed): its slot frees 1 s from now. */
  settle(permit: GlobalPermit): void {
    if (permit <= 0 || this.#inFlight === 0) return;
    this.#inFlight--;
    this.#ends.push(this.#clock.now() + this.#windowMs);
    this.#drain();
  }

  /** The bucket will not ask again right away (it waits, or its queue is empty): end its hold. */
  release(bucket: object): void {
    if (this.#returning.delete(bucket)) this.#drain();
  }

  /** Give back a permit that was not used (its request was aborted before being sent). */
  refund(permit: GlobalPermit): void {
    if (permit > 0 && this.#inFlight > 0) this.#inFlight--;
    this.#drain();
  }

  /** Block every request of this token until `until` (after a global 429). */
  block(until: number): void {
    if (until > this.#blockedUntil) this.#blockedUntil = until;
  }

  /** Forget the slots that freed by `now`. */
  #expire(now: number): void {
    const ends = this.#ends;
    while (this.#endsHead < ends.length && (ends[this.#endsHead] as number) <= now) this.#endsHead++;
    if (this.#endsHead > 1024 && this.#endsHead * 2 > ends.length) {
      this.#ends = ends.slice(this.#endsHead);
      this.#endsHead = 0;
    }
  }

  /** Permits left to hand out at `now`. */
  #free(now: number): number {
    if (now < this.#blockedUntil) return 0;
    this.#expire(now);
    return Math.max(0, this.#limit - this.#inFlight - (this.#ends.length - this.#endsHead));
  }

  /** Permits to keep for returning requests ranked before `rank`. */
  #heldFor(rank: number): number {
    if (this.#returning.size === 0) return 0;
    let held = 0;
    for (const hold of this.#returning.values()) if (hold.rank < rank) held += hold.count;
    return held;
  }

  #take(): GlobalPermit {
    this.#inFlight++;
    return 1;
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
      best.resolve(this.#take());
      free--;
    }
    if (this.#waiters.length === 0) return;
    // Next chance: the block's end, else the next slot to free. With no answered slot to wait for
    // (all on the wire) or permits held for returning requests, a settle() or release() drains again.
    const nextEnd = this.#endsHead < this.#ends.length ? (this.#ends[this.#endsHead] as number) : Number.NaN;
    const due = now < this.#blockedUntil ? this.#blockedUntil : nextEnd;
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
