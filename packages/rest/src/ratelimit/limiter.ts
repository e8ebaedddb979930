/**
 * # How Discord limits REST requests, and how this limiter follows
 *
 * **Buckets.** Each route has a limit ("5 requests per 5 s"). Several routes may share one limit;
 * Discord names it with an opaque id in `X-RateLimit-Bucket`, and tells the state of its current
 * window with `X-RateLimit-Limit`, `-Remaining` and `-Reset-After` (seconds). Nothing says in
 * advance which route falls into which bucket: it is learned from responses, keyed by method and
 * route template (`POST /channels/:id/messages`).
 *
 * **Major parameters.** A bucket is counted separately for each value of the route's major parameter
 * (the channel id, the guild id, or the webhook id + token): posting in channel A does not use up
 * channel B's window. So our unit of limiting is `bucket id | major`, one {@link Bucket} each.
 *
 * **Unknown routes.** Until a route's bucket id is known, its requests (per major) go to a provisional
 * bucket keyed by the route itself, which — like every bucket — sends one request at a time. The first
 * response names the bucket; the waiting requests move over, in order, to the real one.
 * A route answered successfully without any bucket header has no limit: it is sent without a queue.
 * An unknown route may share its bucket with a known one (create and edit message do): so while a
 * known bucket of the same major parameter is spent, the unknown route's first request waits for it to
 * reset (once, and at most `maxRateLimitWait`). What remains possible is a 429 when that shared window
 * still had room but is spent by the known route's request sent at the same moment: at most one per
 * route and major parameter, while the route is being learned; it is counted, waited out and retried
 * in order like any 429.
 *
 * **Order.** A bucket sends its head request, reads the answer, then the next: requests in one bucket
 * keep their order even across 429s and retries (a retried request stays at the head), and the window
 * state is always exact, so a well-behaved bucket never sees a 429. Different buckets run in parallel.
 *
 * **Global limit.** Each token may make 50 requests per second overall (more for large bots;
 * `globalLimit`). See `global-limit.ts`: when permits are short, buckets with long queues go first and
 * get permits held while they come back, so a large load finishes close to what the limits allow.
 * Interaction callbacks and follow-ups are exempt. Limits are per token: every `Rest` of one token on a
 * `RestPool` shares one limiter (`RestPool.limiterFor`).
 * (What to do after each answer — retry, wait, fail — is in `decide.ts`.)
 *
 * **429s** carry `retry_after` and a scope (`X-RateLimit-Scope`):
 * - `user`: this token exceeded this bucket (or a hidden *sublimit*, e.g. renaming a channel twice in
 *   10 minutes, recognisable by a `Remaining` above 0): the bucket waits `retry_after`, then retries.
 * - `global` (or `global: true`): the token exceeded its global limit: every bucket of the token waits.
 * - `shared`: the resource is busy for everyone; not our fault, not counted as invalid; the bucket waits.
 * A wait longer than `maxRateLimitWait` is not waited: the request fails with {@link RateLimitError}.
 *
 * **Invalid requests.** 401, 403 and non-shared 429 answers count toward an IP ban at 10,000 per
 * 10 minutes. The process-wide {@link InvalidRequestGuard} (held by the `RestPool`) warns, slows down,
 * then refuses.
 *
 * **Several processes of one token** share what they took through a {@link RateLimitStore} (`store`,
 * see store.ts; @kokoro/cluster has one in Redis): before a request leaves, the store must grant it a
 * slot of its bucket's window and of the global limit; every answer is reported to it; route → bucket
 * mappings and the invalid-request count are shared. Without a store, none of this runs.
 *
 * **Robustness.** An aborted request leaves its queue at once, and a request in flight is bounded by a
 * timeout, so a queue is never stranded (an overall `deadline` is an abort like any other). 5xx answers
 * and network errors are retried with exponential back-off only when a second send is harmless:
 * idempotent methods, or message creates that carry a `nonce` with `enforce_nonce` (Discord then
 * returns the first message instead of posting twice).
 */
import type { Clock, Logger, Random } from '@kokoro/common';
import { InvalidRequestLimitError, RateLimitError } from '../errors.js';
import type { Route } from '../route.js';
import { Bucket } from './bucket.js';
import { decide, readRateLimit } from './decide.js';
import { GlobalLimit, type GlobalPermit } from './global-limit.js';
import type { InvalidRequestGuard } from './invalid-request-guard.js';
import { header, type RawResponse, type RestJob } from './job.js';
import { RestCounters } from './rest-counters.js';
import type { RateLimitAnswerState, RateLimitStore } from './store.js';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** The clock of every wait (reset times, retry back-off). */
  clock: Clock;
  /** Where rate-limit hits and retries are logged. */
  logger: Logger;
  /** Jitter source of the retry back-off. */
  random: Random;
  /** Requests per second for this token. */
  globalLimit: number;
  /** Counts 401/403/429 answers so the token never reaches Discord's invalid-request ban. */
  guard: InvalidRequestGuard;
  /** Longest rate-limit wait accepted before failing with {@link RateLimitError}, ms. */
  maxRateLimitWait: number;
  /** How many times a retryable request is re-sent after a 5xx or network error. */
  retries: number;
  /** First back-off delay, ms; doubles each retry. */
  retryBackoff: number;
  /** Perform one HTTP exchange. Throws a `NetworkError`, or the abort reason when aborted. */
  send(job: RestJob): Promise<RawResponse>;
  /**
   * State shared with the other processes of this token (see store.ts); default none. A request the
   * store cannot grant (its service is down) fails with the store's error rather than risk 429s.
   */
  store?: RateLimitStore;
}

/** How often the shared invalid-request count is read when a store is used (clock ms). */
const INVALID_POLL_EVERY = 5000;

/** Idle buckets are forgotten this often (clock ms). */
const SWEEP_EVERY = 60_000;

/** The rate limiter of one token: buckets by route and major parameter, and the global limit. */
export class RateLimiter {
  /** The token's global limit (requests per second). */
  readonly global: GlobalLimit;
  /** Exchanges and 429s by scope, for metrics. */
  readonly counters = new RestCounters();
  readonly #options: RateLimiterOptions;
  readonly #clock: Clock;
  /** Route key -> bucket id; null: the route has no limit. Absent: unknown yet. */
  readonly #hashes = new Map<string, string | null>();
  readonly #buckets = new Map<string, Bucket>();
  /** Known buckets by major parameter (for routes still unknown, see #spentNearby). */
  readonly #knownByMajor = new Map<string, Set<Bucket>>();
  /** The bucket each queued job waits in, so an abort finds it at once. */
  readonly #queuedIn = new WeakMap<RestJob, Bucket>();
  #lastSweep: number;
  #lastInvalidPoll = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#clock = options.clock;
    this.global = new GlobalLimit(options.clock, options.globalLimit);
    this.#lastSweep = options.clock.now();
  }

  /** The clock this limiter runs on. */
  get clock(): Clock {
    return this.#clock;
  }

  /** Number of live buckets (for inspection and tests). */
  get bucketCount(): number {
    return this.#buckets.size;
  }

  /** Requests waiting in a bucket's queue (the one on the wire included), for metrics. */
  get queued(): number {
    let queued = 0;
    for (const bucket of this.#buckets.values()) queued += bucket.queue.length;
    return queued;
  }

  /** The bucket id learned for a route key (`'POST /channels/:id/messages'`), null for no limit. */
  bucketIdOf(routeKey: string): string | null | undefined {
    return this.#hashes.get(routeKey);
  }

  /** Queue a job; it settles through its own resolve/reject. */
  schedule(job: RestJob): void {
    const now = this.#clock.now();
    if (now - this.#lastSweep >= SWEEP_EVERY) this.#sweep(now);
    if (this.#options.store && now - this.#lastInvalidPoll >= INVALID_POLL_EVERY) this.#pollInvalid(now);
    if (job.signal) {
      if (job.signal.aborted) {
        job.state = 'done';
        job.reject(job.signal.reason);
        return;
      }
      job.onAbort = () => this.#abort(job);
      job.signal.addEventListener('abort', job.onAbort, { once: true });
    }
    const bucket = this.#home(job.route);
    if (bucket === null) void this.#runAlone(job);
    else this.#enqueue(bucket, job);
  }

  /** The bucket serving a route now, or null for a route without limit. */
  #home(route: Route): Bucket | null {
    const hash = this.#hashes.get(route.key);
    if (hash === null) return null;
    const key = hash === undefined ? `${route.key}|${route.major}` : `${hash}|${route.major}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(key, hash !== undefined, route.major);
      this.#buckets.set(key, bucket);
      if (bucket.known && route.major !== '') {
        const known = this.#knownByMajor.get(route.major);
        if (known) known.add(bucket);
        else this.#knownByMajor.set(route.major, new Set([bucket]));
      }
    }
    return bucket;
  }

  #enqueue(bucket: Bucket, job: RestJob): void {
    bucket.queue.push(job);
    if (job.signal) this.#queuedIn.set(job, bucket);
    if (bucket.state === 'idle') {
      bucket.state = 'running';
      void this.#run(bucket);
    }
  }

  /** A job's signal fired: a queued job leaves its queue now; one on the wire is aborted by the transport. */
  #abort(job: RestJob): void {
    if (job.state !== 'queued') return;
    const queue = this.#queuedIn.get(job)?.queue;
    const index = queue ? queue.indexOf(job) : -1;
    if (queue && index !== -1) queue.splice(index, 1);
    this.#finish(job, undefined, job.signal?.reason);
  }

  #finish(job: RestJob, response: RawResponse | undefined, error?: unknown): void {
    if (job.state === 'done') return;
    job.state = 'done';
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (response) job.resolve(response);
    else job.reject(error);
  }

  /** The loop of one bucket: send the head request when everything allows, one at a time. */
  async #run(bucket: Bucket): Promise<void> {
    try {
      // Start on the next microtask: the requests of a synchronous burst are all queued by then, so the
      // first one already claims the bucket's whole backlog on the global limit.
      await undefined;
      while (bucket.queue.length > 0) {
        const job = bucket.queue[0] as RestJob;
        if (!bucket.known) {
          // Another major parameter's answer may have named this route's bucket meanwhile: move over.
          const home = this.#home(job.route);
          if (home !== bucket) {
            this.#migrate(bucket, home, job.route);
            continue;
          }
          if (this.#options.store && !bucket.consulted) {
            // Another process may have learned the route's bucket already.
            bucket.consulted = true;
            await this.#consult(job.route);
            continue;
          }
        }
        const now = this.#clock.now();
        const wait = bucket.known
          ? bucket.waitTime(now)
          : Math.max(bucket.waitTime(now), this.#spentNearby(bucket, now));
        if (wait > 0) {
          this.global.release(bucket);
          if (wait > this.#options.maxRateLimitWait) {
            bucket.queue.shift();
            this.#finish(job, undefined, new RateLimitError(job.route.method, job.route.template, wait, 'user'));
            continue;
          }
          await this.#sleep(wait);
          continue;
        }
        const admitted = this.#admit(job);
        if (admitted !== true) {
          if (admitted instanceof Error) {
            bucket.queue.shift();
            this.#finish(job, undefined, admitted);
          } else {
            this.global.release(bucket);
            await this.#sleep(admitted);
          }
          continue;
        }
        // Returning: the bucket will ask again as soon as this answer is in (see global-limit.ts).
        const returning = bucket.followers(now);
        const permit = job.useGlobal ? await this.global.acquire(bucket.backlog(), bucket, returning) : 0;
        if (bucket.queue[0] !== job || job.state !== 'queued') {
          this.global.refund(permit); // the job was aborted while waiting for the global limit
          continue;
        }
        const shared = await this.#takeShared(bucket.key, job, () => bucket.queue[0] === job);
        if (shared !== true) {
          this.global.refund(permit);
          this.global.release(bucket);
          if (shared instanceof Error) {
            bucket.queue.shift();
            this.#finish(job, undefined, shared);
          } else if (shared > 0) {
            // An unknown route waits for another process's probe: that answer may name its bucket.
            if (!bucket.known) bucket.consulted = false;
            await this.#sleep(shared);
          }
          continue;
        }
        bucket.take(this.#clock.now());
        const { response, error } = await this.#exchange(job, permit);
        const at = this.#clock.now();
        let home: Bucket | null = bucket;
        if (response) {
          home = this.#learn(job.route, response);
          (home ?? bucket).update(response.headers, at);
        }
        const decision = decide(this.#options, this.global, job, response, error, at);
        await this.#settleShared(bucket.key, home?.key ?? '', job, response, decision);
        const limited = home ?? bucket;
        if (decision.block > 0) limited.blockedUntil = Math.max(limited.blockedUntil, at + decision.block);
        if (decision.kind === 'retry') {
          if (decision.after > 0) bucket.blockedUntil = Math.max(bucket.blockedUntil, at + decision.after);
        } else {
          bucket.queue.shift();
          this.#finish(
            job,
            decision.kind === 'resolve' ? response : undefined,
            decision.kind === 'reject' ? decision.error : undefined,
          );
        }
        if (home !== bucket) {
          // The route's bucket is now known (or known to be unlimited): hand its queued requests over, in order.
          this.#migrate(bucket, home, job.route);
        }
      }
    } catch (error) {
      // A bug, not a Discord answer: fail what is queued rather than strand it.
      // The bucket key may hold a webhook token: log the route template only.
      const route = bucket.queue[0]?.route.template;
      this.#options.logger.error({ err: error, route }, 'rate-limit bucket loop failed');
      for (const job of bucket.queue.splice(0)) this.#finish(job, undefined, error);
    } finally {
      this.global.release(bucket);
      if (bucket.queue.length === 0) bucket.state = 'idle';
    }
  }

  /**
   * For a route whose bucket is unknown: how long until every known bucket of the same major parameter
   * has room again (0 if none is spent). The route may turn out to share one of them; waiting for a spent
   * one costs its first request at most that bucket's window, once per route and major, and spares a 429.
   */
  #spentNearby(unknown: Bucket, now: number): number {
    if (unknown.major === '' || unknown.deferred) return 0;
    let wait = 0;
    const known = this.#knownByMajor.get(unknown.major);
    if (!known) return 0;
    for (const bucket of known) {
      const other = bucket.waitTime(now);
      if (other > wait && other <= this.#options.maxRateLimitWait) wait = other;
    }
    // Once: a busy neighbour spent again by the time this one wakes must not starve it.
    if (wait > 0) unknown.deferred = true;
    return wait;
  }

  /** A request to a route without limit: no queue, only the global limit and the guard. */
  async #runAlone(job: RestJob): Promise<void> {
    try {
      for (;;) {
        if (job.state !== 'queued') return;
        const admitted = this.#admit(job);
        if (admitted instanceof Error) return this.#finish(job, undefined, admitted);
        if (admitted !== true) {
          await this.#sleep(admitted);
          continue;
        }
        const permit = job.useGlobal ? await this.global.acquire() : 0;
        if (job.state !== 'queued') {
          this.global.refund(permit);
          return;
        }
        const shared = await this.#takeShared('', job, () => true);
        if (shared !== true) {
          this.global.refund(permit);
          if (shared instanceof Error) return this.#finish(job, undefined, shared);
          if (shared > 0) await this.#sleep(shared);
          continue;
        }
        const { response, error } = await this.#exchange(job, permit);
        const at = this.#clock.now();
        const home = response ? this.#learn(job.route, response) : null;
        if (response) home?.update(response.headers, at);
        const decision = decide(this.#options, this.global, job, response, error, at);
        await this.#settleShared('', home?.key ?? '', job, response, decision);
        if (home && decision.block > 0) home.blockedUntil = Math.max(home.blockedUntil, at + decision.block);
        if (decision.kind !== 'retry') {
          return this.#finish(
            job,
            decision.kind === 'resolve' ? response : undefined,
            decision.kind === 'reject' ? decision.error : undefined,
          );
        }
        if (home) {
          // The route turned out to be limited after all: queue the retry in its bucket.
          home.blockedUntil = Math.max(home.blockedUntil, at + decision.after);
          return this.#enqueue(home, job);
        }
        await this.#sleep(Math.max(decision.after, decision.block));
      }
    } catch (error) {
      this.#finish(job, undefined, error);
    }
  }

  /**
   * Ask the shared store (if any) for a slot of `key` ('' for a route without limit: global only):
   * true (go), a wait in ms, or the error to fail the job with (the store failed, or the wait is
   * longer than `maxRateLimitWait`). `stillHead`: whether the job still leads its queue.
   */
  async #takeShared(key: string, job: RestJob, stillHead: () => boolean): Promise<true | number | Error> {
    const store = this.#options.store;
    if (!store || (key === '' && !job.useGlobal)) return true;
    let wait: number;
    try {
      wait = await store.take(key, job.useGlobal);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    if (!stillHead() || job.state !== 'queued') {
      // Aborted while asking: give the slot back (the bucket's stays spent, to be safe).
      if (wait === 0) void this.#settle(store, key, key, {}, job.useGlobal);
      return 0;
    }
    if (wait <= 0) return true;
    if (wait > this.#options.maxRateLimitWait) {
      return new RateLimitError(job.route.method, job.route.template, wait, 'user', 'the shared limit of the token');
    }
    return wait;
  }

  /** Report an exchange to the shared store (if any): its bucket's window, a 429's block, an invalid answer. */
  async #settleShared(
    taken: string,
    named: string,
    job: RestJob,
    response: RawResponse | undefined,
    decision: { block: number },
  ): Promise<void> {
    const store = this.#options.store;
    if (!store || (taken === '' && !job.useGlobal && named === '')) return;
    const answer: RateLimitAnswerState = {};
    if (response) {
      const limit = header(response.headers, 'x-ratelimit-limit');
      const remaining = header(response.headers, 'x-ratelimit-remaining');
      const resetAfter = header(response.headers, 'x-ratelimit-reset-after');
      if (limit !== undefined && remaining !== undefined && resetAfter !== undefined) {
        answer.limit = Number(limit) || 1;
        answer.remaining = Number(remaining) || 0;
        answer.resetAfter = Math.ceil(Number(resetAfter) * 1000) || 0;
      }
      if (response.status === 429) {
        const { scope, retryAfter } = readRateLimit(response);
        if (scope === 'global') answer.globalBlock = retryAfter;
        else answer.block = Math.max(decision.block, retryAfter);
        if (scope !== 'shared') this.#recordInvalid(store);
      } else if (response.status === 401 || response.status === 403) {
        this.#recordInvalid(store);
      }
    }
    await this.#settle(store, taken, named || taken, answer, job.useGlobal);
  }

  async #settle(
    store: RateLimitStore,
    taken: string,
    named: string,
    answer: RateLimitAnswerState,
    global: boolean,
  ): Promise<void> {
    try {
      await store.settle(taken, named, answer, global);
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'could not report an answer to the shared rate-limit store');
    }
  }

  /** Learn a route's bucket from the shared store, if another process found it. */
  async #consult(route: Route): Promise<void> {
    try {
      const hash = await this.#options.store!.bucketOf(route.key);
      if (hash !== undefined && !this.#hashes.has(route.key)) this.#hashes.set(route.key, hash);
    } catch (error) {
      this.#options.logger.warn({ err: error, route: route.template }, 'could not read the shared route buckets');
    }
  }

  #recordInvalid(store: RateLimitStore): void {
    store.recordInvalid().then(
      (count) => this.#options.guard.observeShared(count),
      (error: unknown) => this.#options.logger.warn({ err: error }, 'could not count an invalid answer in the store'),
    );
  }

  #pollInvalid(now: number): void {
    this.#lastInvalidPoll = now;
    this.#options.store!.invalidCount().then(
      (count) => this.#options.guard.observeShared(count),
      () => {}, // a store that is down shows in take()
    );
  }

  /** Ask the invalid-request guard: true (go), a delay in ms, or the refusal error. */
  #admit(job: RestJob): true | number | Error {
    const verdict = this.#options.guard.admit(job.slowed);
    if (verdict === 0) return true;
    if (verdict < 0) {
      return new InvalidRequestLimitError(job.route.method, job.route.template, -verdict, this.#options.guard.count);
    }
    job.slowed = true;
    return verdict;
  }

  async #exchange(job: RestJob, permit: GlobalPermit): Promise<{ response?: RawResponse; error?: unknown }> {
    job.state = 'sending';
    job.slowed = false; // a retry takes a new slot of its own
    try {
      const response = await this.#options.send(job);
      this.counters.record(response);
      return { response };
    } catch (error) {
      this.counters.record(undefined);
      return { error };
    } finally {
      this.global.settle(permit);
      if (job.state === 'sending') job.state = 'queued';
    }
  }

  /** Record the bucket id (or its absence) a response reveals; return the bucket now serving the route. */
  #learn(route: Route, response: RawResponse): Bucket | null {
    const hash = header(response.headers, 'x-ratelimit-bucket');
    const known = this.#hashes.get(route.key);
    if (hash !== undefined) {
      if (known !== hash) {
        this.#hashes.set(route.key, hash);
        this.#share(route, hash);
      }
    } else if (known === undefined && response.status < 300) {
      this.#hashes.set(route.key, null);
      this.#share(route, null);
    }
    return this.#home(route);
  }

  /** Tell the other processes (through the store, if any) the bucket of a route. */
  #share(route: Route, hash: string | null): void {
    this.#options.store?.learn(route.key, hash).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, route: route.template }, 'could not share a route bucket');
    });
  }

  /**
   * Move the jobs of `route` queued in `from` to `to` (or to unqueued sending), keeping their order;
   * jobs of other routes stay, and `from`'s loop goes on if any remain.
   */
  #migrate(from: Bucket, to: Bucket | null, route: Route): void {
    const moving: RestJob[] = [];
    const staying: RestJob[] = [];
    for (const job of from.queue) (job.route.key === route.key ? moving : staying).push(job);
    from.queue.length = 0;
    from.queue.push(...staying);
    if (staying.length === 0 && !from.known && this.#buckets.get(from.key) === from) this.#buckets.delete(from.key);
    for (const job of moving) {
      if (to === null) void this.#runAlone(job);
      else this.#enqueue(to, job);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ms));
  }

  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) {
      if (!bucket.isStale(now)) continue;
      this.#buckets.delete(key);
      const known = this.#knownByMajor.get(bucket.major);
      if (known?.delete(bucket) && known.size === 0) this.#knownByMajor.delete(bucket.major);
    }
  }
}
