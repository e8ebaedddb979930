/**
 * Which events had their handlers run, so a redelivered event does not run them twice.
 *
 * Theory. JetStream delivers at least once: an event whose ack did not reach the server (the worker
 * died between its handlers finishing and the ack, the ack was lost, the connection dropped) comes
 * again, possibly to another worker. A worker records the event id once its handlers finished and
 * before it acknowledges; a delivery that JetStream marks as a redelivery is looked up first and
 * acknowledged without running anything when it was recorded. A first delivery is never looked up:
 * JetStream gave it to no one before, so nobody can have handled it, and the hot path costs no
 * round trip. Slow handlers keep their event with "in progress" acks, so a redelivery is not caused
 * by handlers merely taking longer than the ack wait.
 *
 * The record must be visible to every worker: {@link RedisHandledEvents} (a key per event with a
 * time to live). {@link LocalHandledEvents} only sees this worker's own records: enough for a single
 * worker, or where running a handler twice after a crash is acceptable.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The record of handled events (see the module comment). */
export interface HandledEvents {
  /** Whether the handlers of `id` ran (anywhere the record reaches). */
  has(id: string): Promise<boolean>;
  /** Record that the handlers of `id` ran. */
  add(id: string): Promise<void>;
  /**
   * Record several at once (a worker records the events of one event-loop turn together: one round
   * trip instead of one per event). Optional: without it, `add` is called for each.
   */
  addMany?(ids: readonly string[]): Promise<void>;
}

/** This process's handled events, the last `limit` of them (default 100 000). */
export class LocalHandledEvents implements HandledEvents {
  readonly #ids = new Set<string>();
  readonly #limit: number;

  constructor(limit = 100_000) {
    this.#limit = limit;
  }

  /** Whether `id` was recorded here. */
  has(id: string): Promise<boolean> {
    return Promise.resolve(this.#ids.has(id));
  }

  /** Record `id`, forgetting the oldest past the limit. */
  add(id: string): Promise<void> {
    this.#ids.add(id);
    if (this.#ids.size > this.#limit) this.#ids.delete(this.#ids.values().next().value as string);
    return Promise.resolve();
  }

  /** Record each of `ids`. */
  addMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) void this.add(id);
    return Promise.resolve();
  }
}

/** Options of {@link RedisHandledEvents}. */
export interface RedisHandledEventsOptions {
  /** Key prefix (default `kokoro:handled:`); the stream name follows. */
  prefix?: string;
  /** How long a record lives, in ms (default 24 h: at least the stream's max age). */
  ttl?: number;
}

/** Handled events in Redis, shared by every worker (one key per event, with a time to live). */
export class RedisHandledEvents implements HandledEvents {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttl: number;

  constructor(redis: Redis, stream: string, options: RedisHandledEventsOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${options.prefix ?? 'kokoro:handled:'}${stream}:`;
    this.#ttl = options.ttl ?? 24 * 3600_000;
  }

  /** Whether any worker recorded `id`. */
  async has(id: string): Promise<boolean> {
    return (await this.#redis.exists(this.#prefix + id)) === 1;
  }

  /** Record `id` for every worker. */
  async add(id: string): Promise<void> {
    await this.#redis.set(this.#prefix + id, '1', 'PX', this.#ttl);
  }

  /**
   * Record every one of `ids` in one script call (one command and one answer however many: the
   * per-command cost of the client and the server is paid once per batch). Each id stays its own
   * key with its own time to live, so `has` and records written by `add` work alike.
   */
  async addMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    if (ids.length === 1) return this.add(ids[0]!);
    const keys = ids.map((id) => this.#prefix + id);
    try {
      await this.#redis.evalsha(RECORD_SHA, keys.length, ...keys, this.#ttl);
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error)?.message ?? '')) throw error;
      await this.#redis.eval(RECORD_SCRIPT, keys.length, ...keys, this.#ttl);
    }
  }
}

/** Sets every key to 1 with a time to live of ARGV[1] ms. */
const RECORD_SCRIPT = "for _, key in ipairs(KEYS) do redis.call('SET', key, '1', 'PX', ARGV[1]) end return #KEYS";
const RECORD_SHA = createHash('sha1').update(RECORD_SCRIPT).digest('hex');
