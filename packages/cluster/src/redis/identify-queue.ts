/**
 * The identify queue of a bot shared by every process through Redis. Discord admits one Identify
 * per `max_concurrency` bucket (`shard_id % max_concurrency`) per 5 s, counted per application, not
 * per process: gateway processes that each keep their own queue identify too fast together and earn
 * op 9. Here each bucket is one Redis key, `<prefix>identify:<botId>:<bucket>of<maxConcurrency>`,
 * taken with one atomic script (`SET … PX window` when absent): whoever sets it may identify, and
 * the key's own expiry is the end of the bucket's window, so a crashed process never holds a bucket
 * longer than one window. A process that finds the bucket taken sleeps for the key's remaining time
 * (plus a little jitter, so processes do not all ask at once) and asks again: no busy polling.
 * Within one process, shards of a bucket ask one after another, in order of arrival.
 *
 * With `sessionStartLimit` (or `updateLimit`), the day's remaining session starts are kept in Redis
 * too (`<prefix>identify:<botId>:starts`, expiring at Discord's reset): the script takes one start
 * with the bucket and refuses with `SessionStartLimitError` when only the reserve is left, whichever
 * process asks (also processes that never fetched the limit themselves).
 */
import { type Clock, type Random, systemClock, ValidationError } from '@kokoro/common';
import {
  botIdFromToken,
  type IdentifyQueue,
  type LocalIdentifyQueueOptions,
  SessionStartLimitError,
} from '@kokoro/gateway';
import { RedisConnection, type RedisConnectionOptions, RedisScript } from './connection.js';
import { RedisUnavailableError } from './errors.js';

/** `session_start_limit` of `GET /gateway/bot`. */
type SessionStartLimit = NonNullable<LocalIdentifyQueueOptions['sessionStartLimit']>;

/** Options of {@link RedisIdentifyQueue}. */
export interface RedisIdentifyQueueOptions extends RedisConnectionOptions {
  /** The bot token (only its user id part is used, for the keys), or give `botId`. */
  token?: string;
  /** The bot's user id (default: decoded from `token`). */
  botId?: string;
  /** A connection to share with other Redis stores; otherwise one is made from the options. */
  connection?: RedisConnection;
  /**
   * `max_concurrency` from `GET /gateway/bot`. Default: 1 until `updateLimit` tells it (a
   * `ShardManager` passes what it fetched); when given, it stays.
   */
  maxConcurrency?: number;
  /** Window of one bucket, ms (default 5000, Discord's; shorter only in tests against a fake). */
  window?: number;
  /** `session_start_limit` from `GET /gateway/bot`: the day's starts are then counted in Redis. */
  sessionStartLimit?: SessionStartLimit;
  /** Session starts never spent (default: 2, or fewer when the total is small). */
  reserve?: number;
  /** Times a Redis failure is retried (1 s apart) before `acquire` rejects with it (default 5). */
  retries?: number;
  /** The clock of the waits between identifies (tests: `ManualClock`). */
  clock?: Clock;
  /** Jitter source of the waits between attempts (up to 250 ms). */
  random?: Random;
}

// KEYS: bucket, starts. ARGV: owner, window ms, reserve. The starts key, when present, holds the day's
// session starts left (set from Discord's count by any process that fetched it).
// Returns {0} granted, {1, wait ms} bucket busy, {2, remaining, reset ms} no start left to spend.
const TAKE = new RedisScript(`
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, tonumber(ARGV[2])}
end
if ttl > 0 then return {1, ttl} end
local remaining = tonumber(redis.call('GET', KEYS[2]) or '-1')
if remaining >= 0 then
  if remaining <= tonumber(ARGV[3]) then
    return {2, remaining, redis.call('PTTL', KEYS[2])}
  end
  redis.call('DECR', KEYS[2])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {0}
`);

let owners = 0;

/** An {@link IdentifyQueue} shared through Redis by every process of a bot. See the module comment. */
export class RedisIdentifyQueue implements IdentifyQueue {
  /** `max_concurrency`: the number of buckets. */
  get maxConcurrency(): number {
    return this.#maxConcurrency;
  }
  /** Session starts this queue never spends. */
  readonly reserve: number;
  /** The connection used. */
  readonly connection: RedisConnection;
  #maxConcurrency: number;
  readonly #fixedConcurrency: boolean;
  readonly #botId: string;
  readonly #window: number;
  readonly #retries: number;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #owner = `${process.pid}-${++owners}-${Math.random().toString(36).slice(2, 8)}`;
  readonly #owned: boolean;
  readonly #tails = new Map<number, Promise<void>>();
  #limitSet: Promise<void> = Promise.resolve();

  constructor(options: RedisIdentifyQueueOptions) {
    const botId = options.botId ?? (options.token ? botIdFromToken(options.token) : undefined);
    if (!botId) throw new ValidationError('botId', 'give the bot token or its user id: the queue is per bot');
    const concurrency = options.maxConcurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new ValidationError('maxConcurrency', `must be a positive integer, got ${String(concurrency)}`);
    }
    const window = options.window ?? 5000;
    if (!(window > 0)) throw new ValidationError('window', `must be a number of ms above 0, got ${String(window)}`);
    this.#botId = botId;
    this.#maxConcurrency = concurrency;
    this.#fixedConcurrency = options.maxConcurrency !== undefined;
    this.#window = Math.ceil(window);
    this.#retries = options.retries ?? 5;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#owned = options.connection === undefined;
    this.connection = options.connection ?? new RedisConnection(options);
    const total = options.sessionStartLimit?.total ?? Number.POSITIVE_INFINITY;
    this.reserve = options.reserve ?? Math.min(2, Math.max(0, Math.floor(total / 10)));
    if (options.sessionStartLimit) void this.updateLimit(options.sessionStartLimit);
  }

  /** The bucket of a shard. */
  bucketOf(shardId: number): number {
    return shardId % this.maxConcurrency;
  }

  /**
   * A fresher `session_start_limit` from `GET /gateway/bot`: Discord's count replaces the one in
   * Redis (for every process), expiring at Discord's reset, and its `max_concurrency` becomes the
   * bucket count unless one was given. Resolves once stored (never rejects:
   * a failure shows in the next `acquire`); `acquire` waits for it.
   */
  updateLimit(limit: SessionStartLimit): Promise<void> {
    if (!this.#fixedConcurrency && Number.isInteger(limit.max_concurrency) && limit.max_concurrency >= 1) {
      this.#maxConcurrency = limit.max_concurrency;
    }
    const key = this.connection.key('identify', this.#botId, 'starts');
    const ttl = Math.max(1, Math.ceil(limit.reset_after));
    this.#limitSet = this.connection
      .call('store the session start limit', (redis) => redis.set(key, limit.remaining, 'PX', ttl))
      .then(
        () => {},
        () => {}, // acquire() reports Redis failures; the count is set again by the next update
      );
    return this.#limitSet;
  }

  /**
   * See {@link IdentifyQueue.acquire}: waits for the shard's bucket in Redis. Rejects with
   * `SessionStartLimitError` (only the reserve left), `RedisUnavailableError` (Redis failed
   * `retries` times in a row), or the signal's reason when aborted.
   */
  acquire(shardId: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const bucket = this.bucketOf(shardId);
    const previous = this.#tails.get(bucket) ?? Promise.resolve();
    const mine = previous.then(() => this.#take(bucket, signal));
    const tail = mine.then(
      () => {},
      () => {},
    );
    this.#tails.set(bucket, tail);
    void tail.then(() => {
      if (this.#tails.get(bucket) === tail) this.#tails.delete(bucket);
    });
    if (!signal) return mine;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      mine.then(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  async #take(bucket: number, signal: AbortSignal | undefined): Promise<void> {
    await this.#limitSet;
    const keys = [
      this.connection.key('identify', this.#botId, `${bucket}of${this.maxConcurrency}`),
      this.connection.key('identify', this.#botId, 'starts'),
    ];
    const args = [this.#owner, this.#window, this.reserve];
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      let answer: number[];
      try {
        answer = (await this.connection.run('take an identify bucket', TAKE, keys, args)) as number[];
        failures = 0;
      } catch (error) {
        if (!(error instanceof RedisUnavailableError) || ++failures > this.#retries) throw error;
        await this.#sleep(1000, signal);
        continue;
      }
      const [status, a = 0, b = 0] = answer.map(Number);
      if (status === 0) return;
      if (status === 2) throw new SessionStartLimitError(a, Math.max(0, b), this.reserve);
      // Busy: sleep out the bucket's window, plus up to 5 % jitter so processes do not ask together.
      await this.#sleep(a + Math.ceil(this.#random() * Math.min(250, this.#window / 20)), signal);
    }
  }

  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        this.#clock.clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = this.#clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Close the connection, if this queue made it. */
  async close(): Promise<void> {
    if (this.#owned) await this.connection.close();
  }
}
