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
 * The record must be visible to every worker: {@link RedisHandledEvents} (a bit per event in
 * bitmaps with a time to live). {@link LocalHandledEvents} only sees this worker's own records:
 * enough for a single worker, or where running a handler twice after a crash is acceptable.
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
  /** How long a record lives after its last write, in ms (default 24 h: at least the stream's max age). */
  ttl?: number;
}

/**
 * Sequences per bitmap key: 2^20 bits, at most 128 KiB a key. A session's sequences grow without end,
 * so its bits are spread over keys of this many, each with its own time to live: the old ones expire
 * while the session goes on.
 */
export const BITS_PER_KEY = 2 ** 20;

/**
 * Handled events in Redis, shared by every worker.
 *
 * An event id is `<session>:<seq>` (a gateway session and the dispatch's sequence in it, see
 * subjects.ts): its record is bit `seq` of the session's bitmap, split into keys of
 * {@link BITS_PER_KEY} bits (`<prefix><stream>:<session>:b<seq / 2^20>`). One bit per event: 1,000
 * handled events a second make 11 MB a day, where a key per event made ~13 GB. An id of another
 * shape (not ending in a sequence) gets a key of its own.
 */
export class RedisHandledEvents implements HandledEvents {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttl: number;

  constructor(redis: Redis, stream: string, options: RedisHandledEventsOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${options.prefix ?? 'kokoro:handled:'}${stream}:`;
    this.#ttl = options.ttl ?? 24 * 3600_000;
  }

  /**
   * Whether any worker recorded `id`. Its bit, and in the same round trip the key of its own that
   * workers before 2026-12-07 wrote per event (so a rolling upgrade recognises what they handled;
   * those keys expire with their time to live).
   */
  async has(id: string): Promise<boolean> {
    const bit = this.#bit(id);
    if (!bit) return (await this.#redis.exists(this.#prefix + id)) === 1;
    const answers =
      (await this.#redis
        .pipeline()
        .getbit(bit.key, bit.offset)
        .exists(this.#prefix + id)
        .exec()) ?? [];
    for (const [error] of answers) if (error) throw error;
    return answers.some(([, value]) => value === 1);
  }

  /** Record `id` for every worker. */
  add(id: string): Promise<void> {
    return this.addMany([id]);
  }

  /**
   * Record every one of `ids` in one script call (one command and one answer however many: the
   * per-command cost of the client and the server is paid once per batch): a bit each, and each
   * key written gets the time to live again.
   */
  async addMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const bits = new Map<string, number[]>();
    const others: string[] = [];
    for (const id of ids) {
      const bit = this.#bit(id);
      if (!bit) {
        others.push(this.#prefix + id);
        continue;
      }
      const list = bits.get(bit.key);
      if (list) list.push(bit.offset);
      else bits.set(bit.key, [bit.offset]);
    }
    const args: (string | number)[] = [this.#ttl, others.length];
    for (const offsets of bits.values()) args.push(offsets.length, ...offsets);
    const keys = [...others, ...bits.keys()];
    try {
      await this.#redis.evalsha(RECORD_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error)?.message ?? '')) throw error;
      await this.#redis.eval(RECORD_SCRIPT, keys.length, ...keys, ...args);
    }
  }

  /** The key and bit of an id that ends in a sequence. */
  #bit(id: string): { key: string; offset: number } | undefined {
    const at = id.lastIndexOf(':');
    if (at <= 0) return undefined;
    const tail = id.slice(at + 1);
    if (!/^\d{1,15}$/.test(tail)) return undefined;
    const seq = Number(tail);
    const chunk = Math.floor(seq / BITS_PER_KEY);
    return { key: `${this.#prefix}${id.slice(0, at)}:b${chunk}`, offset: seq - chunk * BITS_PER_KEY };
  }
}

/**
 * KEYS: the keys of ids of another shape (ARGV[2] of them; set to 1), then bitmap keys. ARGV: the
 * time to live in ms, the count of the first keys, then for each bitmap key the count of its bits and
 * the bits.
 */
const RECORD_SCRIPT = `
local ttl = ARGV[1]
local plain = tonumber(ARGV[2])
local at = 3
for i, key in ipairs(KEYS) do
  if i <= plain then
    redis.call('SET', key, '1', 'PX', ttl)
  else
    local n = tonumber(ARGV[at])
    for j = at + 1, at + n do redis.call('SETBIT', key, ARGV[j], 1) end
    at = at + n + 1
    redis.call('PEXPIRE', key, ttl)
  end
end
return #KEYS`;
const RECORD_SHA = createHash('sha1').update(RECORD_SCRIPT).digest('hex');
