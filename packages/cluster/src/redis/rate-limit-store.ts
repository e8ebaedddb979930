/**
 * REST rate-limit state of one token in Redis, so that N processes of the token together never
 * exceed a bucket or the global limit (see store.ts in @kokoro/rest for what the limiter asks).
 *
 * **Keys** (all under the prefix; `<t>` is a SHA-256 prefix of the token, never the token):
 * - `rl:<t>:b:<h>` — one hash per bucket and major parameter (`<h>` hashes the limiter's bucket key,
 *   which may hold a webhook token): `limit`, `remaining`, `reset` and `blocked` (Redis time, ms),
 *   `window` (the longest `Reset-After` seen, to place the next window), `pending` (a probe of a
 *   bucket whose window is not known yet is on the wire). Expires `ttl` after its reset.
 * - `rl:<t>:f:<h>` — the bucket's requests in flight: a sorted set of slots, scored by when a slot
 *   whose answer never came stops counting (`inflight` after it was taken).
 * - `rl:<t>:global` — a sorted set of global slots, scored by when each frees; `rl:<t>:gblock` — set
 *   for the length of a global 429.
 * - `rl:<t>:routes` — route key → bucket id ('' for a route without limit), expiring a day after the
 *   last route learned.
 * - `invalid:<n>` — invalid answers (401, 403, non-shared 429) in the 10-second slot `n`; Discord
 *   counts them per IP, so this count is shared by every token under the prefix. Each expires after
 *   the 10-minute window.
 *
 * **Bucket slots.** `take` runs one script: refuse while the bucket is blocked or its window is spent
 * (answering the wait), else take one of `remaining` (a window that passed starts again with
 * `limit`), and, unless exempt, a global slot — both or neither. An unknown window admits one request
 * at a time (a probe) until the answer tells the window. `settle` merges an answer's headers: within
 * the window it already knows, the stored `remaining` only goes down (another process may have taken
 * slots the answer did not count yet), so concurrent answers arriving in any order keep it exact or
 * low, never high.
 *
 * **Window edges.** Discord opens a bucket's window when a request *arrives*; the store can only
 * count when a request is *granted*. A request granted near the end of one window may arrive after
 * Discord's reset and open (and count in) the next one. So when the store starts a new window, the
 * bucket's requests still in flight count in it (`remaining = limit - in flight`), and an answer
 * that tells a window the store did not know yet leaves `remaining - in flight` (the others may
 * arrive in it after this one). Both err low: a request in flight that did arrive in the old window
 * costs a slot of the new one, never a 429. The window the store places at a rollover (now +
 * `Reset-After`) ends no later than Discord's (which opens at the arrival, later), and the first
 * answer pushes it out to where Discord says. A request by a route whose bucket another process
 * learned meanwhile is told to wait a poll (the limiter then reads the route's bucket and asks by
 * it): sent by the route, it would not count in the bucket's window.
 *
 * **Global limit.** The same model as the in-process one (global-limit.ts): a request holds a slot
 * from when it is granted until one window after its answer, and a slot is granted only while fewer
 * than `globalLimit` are held. Any `globalLimit` requests arriving at Discord within one sliding
 * second were all granted before its end and answered after its start, so their slots overlap: at
 * most `globalLimit` of them, whichever processes sent them. A slot whose answer never comes frees
 * after `inflight` ms.
 *
 * **Time** is Redis's (`TIME` in the scripts), so processes on hosts whose clocks differ agree; waits
 * come back as durations. A process waiting for something another process will settle (a probe on
 * the wire, a global slot held by a request in flight) asks again every `poll` ms at most.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '@kokoro/common';
import type { RateLimitAnswerState, RateLimitStore } from '@kokoro/rest';
import { RedisConnection, type RedisConnectionOptions, RedisScript } from './connection.js';

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions extends RedisConnectionOptions {
  /** The token whose limits these are (only a digest of it is used, in the keys). */
  token: string;
  /** A connection to share with other Redis stores; otherwise one is made from the options. */
  connection?: RedisConnection;
  /** Global requests per second of the token, across every process (default 50, Discord's). */
  globalLimit?: number;
  /** The global window, ms (default 1000). */
  globalWindow?: number;
  /** Longest time a granted global slot is held without an answer, ms (default 20 000: above REST's timeout). */
  inflight?: number;
  /** Longest wait between two asks while waiting for another process's answer, ms (default 25). */
  poll?: number;
  /** How long a bucket's state is kept after its window ends, ms (default 60 000). */
  ttl?: number;
}

// KEYS: bucket, global slots, global block, the bucket's requests in flight, the route table.
// ARGV: has bucket, global, global limit, slot, inflight, poll, ttl, the route key the bucket key
// may be made of ('' when none).
const TAKE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hasBucket = ARGV[1] == '1'
local global = ARGV[2] == '1'
local inflight = tonumber(ARGV[5])
local poll = tonumber(ARGV[6])
local ttl = tonumber(ARGV[7])
if global then
  local gb = redis.call('PTTL', KEYS[3])
  if gb > 0 then return gb end
end
local limit, remaining, reset, window
if hasBucket then
  local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset', 'blocked', 'pending', 'window')
  local blocked = tonumber(b[4]) or 0
  if blocked > now then return blocked - now end
  limit = tonumber(b[1])
  remaining = tonumber(b[2]) or 0
  reset = tonumber(b[3]) or 0
  window = tonumber(b[6])
  if limit == nil then
    if b[5] == '1' and reset > now then return math.max(1, math.min(reset - now, poll)) end
    -- A route (the key of a bucket not known yet) whose bucket another process learned meanwhile:
    -- ask by that bucket (a probe by the route would not count in its window).
    if ARGV[8] ~= '' then
      local named = redis.call('HGET', KEYS[5], ARGV[8])
      if named and named ~= '' then return math.max(1, poll) end
    end
  else
    if reset <= now then
      -- A new window. Requests still in flight were granted by an older one but may reach Discord
      -- in this one: they count here.
      redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
      remaining = limit - redis.call('ZCARD', KEYS[4])
      if window and window > 0 then reset = now + window else reset = now + inflight end
    end
    if remaining <= 0 then return math.max(1, reset - now) end
  end
end
if global then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return math.max(1, math.min(tonumber(first[2]) - now, poll))
  end
  redis.call('ZADD', KEYS[2], now + inflight, ARGV[4])
  redis.call('PEXPIRE', KEYS[2], inflight + 5000)
end
if hasBucket then
  if limit == nil then
    redis.call('HSET', KEYS[1], 'pending', '1', 'remaining', 0, 'reset', now + inflight)
    redis.call('PEXPIRE', KEYS[1], inflight + ttl)
  else
    redis.call('HSET', KEYS[1], 'remaining', remaining - 1, 'reset', reset)
    redis.call('PEXPIRE', KEYS[1], reset - now + ttl)
  end
  redis.call('ZADD', KEYS[4], now + inflight, ARGV[4])
  redis.call('PEXPIRE', KEYS[4], inflight + 5000)
end
return 0
`);

// KEYS: taken bucket, named bucket, global slots, global block, requests in flight of the taken
// bucket, and of the named one. ARGV: taken?, named?, slot, limit, remaining, reset after, block,
// global block, ttl, global window.
const SETTLE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[9])
local slot = ARGV[3]
if slot ~= '' then
  if ARGV[1] == '1' then redis.call('ZREM', KEYS[5], slot) end
  if redis.call('ZSCORE', KEYS[3], slot) then
    redis.call('ZADD', KEYS[3], 'XX', now + tonumber(ARGV[10]), slot)
  end
end
local gblock = tonumber(ARGV[8]) or 0
if gblock > 0 and redis.call('PTTL', KEYS[4]) < gblock then
  redis.call('SET', KEYS[4], '1', 'PX', gblock)
end
local limit = tonumber(ARGV[4])
if ARGV[1] == '1' and redis.call('HGET', KEYS[1], 'pending') == '1' then
  if KEYS[1] ~= KEYS[2] or limit == nil then redis.call('DEL', KEYS[1]) end
end
if ARGV[2] == '1' then
  local key = KEYS[2]
  if limit ~= nil then
    local remaining = tonumber(ARGV[5])
    local resetAfter = tonumber(ARGV[6])
    local reset = now + resetAfter
    local b = redis.call('HMGET', key, 'limit', 'remaining', 'reset', 'window')
    local storedReset = tonumber(b[3]) or 0
    local window = tonumber(b[4]) or 0
    if b[1] and tonumber(b[2]) and storedReset > now then
      -- The window the store knows: what is left only goes down (others took slots this answer did
      -- not count), and it ends no earlier than either says.
      remaining = math.min(remaining, tonumber(b[2]))
      reset = math.max(reset, storedReset)
    else
      -- A window the store did not know yet: requests in flight may have reached it after this one.
      redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
      remaining = remaining - redis.call('ZCARD', KEYS[6])
    end
    if resetAfter > window then window = resetAfter end
    redis.call('HSET', key, 'limit', limit, 'remaining', remaining, 'reset', reset, 'window', window)
    redis.call('HDEL', key, 'pending')
  end
  local block = tonumber(ARGV[7]) or 0
  if block > 0 then
    local blocked = tonumber(redis.call('HGET', key, 'blocked')) or 0
    if now + block > blocked then redis.call('HSET', key, 'blocked', now + block) end
  end
  if redis.call('EXISTS', key) == 1 then
    local s = redis.call('HMGET', key, 'reset', 'blocked')
    local until_ = math.max(tonumber(s[1]) or now, tonumber(s[2]) or now)
    redis.call('PEXPIRE', key, math.max(0, until_ - now) + ttl)
  end
end
return 1
`);

// KEYS: the invalid-answer slots of the window, the current one first. ARGV: window ms.
const RECORD_INVALID = new RedisScript(`
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local total = 0
for _, value in ipairs(redis.call('MGET', unpack(KEYS))) do total = total + (tonumber(value) or 0) end
return total
`);

/** Discord's invalid-request window, and the slot size it is counted in. */
const INVALID_WINDOW_MS = 600_000;
const INVALID_SLOT_MS = 10_000;

let stores = 0;

/** A {@link RateLimitStore} in Redis for one token. See the module comment. */
export class RedisRateLimitStore implements RateLimitStore {
  /** The connection used. */
  readonly connection: RedisConnection;
  readonly #token: string;
  readonly #globalLimit: number;
  readonly #globalWindow: number;
  readonly #inflight: number;
  readonly #poll: number;
  readonly #ttl: number;
  readonly #owned: boolean;
  readonly #id = `${process.pid}.${++stores}.${Math.random().toString(36).slice(2, 8)}`;
  #slots = 0;
  /** Slots (bucket and global) this process holds, by the bucket key they were taken for (oldest first). */
  readonly #held = new Map<string, string[]>();

  constructor(options: RedisRateLimitStoreOptions) {
    if (typeof options.token !== 'string' || options.token === '') {
      throw new ValidationError('token', 'the store keeps one token’s limits: give that token');
    }
    const globalLimit = options.globalLimit ?? 50;
    if (!Number.isInteger(globalLimit) || globalLimit < 1) {
      throw new ValidationError('globalLimit', `must be a positive integer, got ${String(globalLimit)}`);
    }
    this.#token = createHash('sha256')
      .update(options.token.replace(/^(Bot|Bearer)\s+/i, ''))
      .digest('hex')
      .slice(0, 20);
    this.#globalLimit = globalLimit;
    this.#globalWindow = options.globalWindow ?? 1000;
    this.#inflight = options.inflight ?? 20_000;
    this.#poll = options.poll ?? 25;
    this.#ttl = options.ttl ?? 60_000;
    this.#owned = options.connection === undefined;
    this.connection = options.connection ?? new RedisConnection(options);
  }

  #key(...parts: string[]): string {
    return this.connection.key('rl', this.#token, ...parts);
  }

  #bucketKey(bucket: string): string {
    return this.#key('b', createHash('sha256').update(bucket).digest('hex').slice(0, 24));
  }

  /** The requests in flight of a bucket: slot → when it counts as lost (sorted set). */
  #flightKey(bucket: string): string {
    return this.#key('f', createHash('sha256').update(bucket).digest('hex').slice(0, 24));
  }

  /** See {@link RateLimitStore.take}. */
  async take(bucket: string, global: boolean): Promise<number> {
    const slot = `${this.#id}.${++this.#slots}`;
    const wait = Number(
      await this.connection.run(
        'take a rate-limit slot',
        TAKE,
        [
          bucket ? this.#bucketKey(bucket) : this.#key('none'),
          this.#key('global'),
          this.#key('gblock'),
          bucket ? this.#flightKey(bucket) : this.#key('none'),
          this.#key('routes'),
        ],
        [
          bucket ? 1 : 0,
          global ? 1 : 0,
          this.#globalLimit,
          slot,
          this.#inflight,
          this.#poll,
          this.#ttl,
          // A bucket not known yet is keyed `METHOD /route|major`: its route key.
          bucket.includes(' ') && bucket.includes('|') ? bucket.slice(0, bucket.lastIndexOf('|')) : '',
        ],
      ),
    );
    if (wait === 0 && (global || bucket)) {
      const held = this.#held.get(bucket);
      if (held) held.push(slot);
      else this.#held.set(bucket, [slot]);
    }
    return wait;
  }

  /** See {@link RateLimitStore.settle}. */
  async settle(taken: string, bucket: string, answer: RateLimitAnswerState, _global: boolean): Promise<void> {
    // A bucket sends one request at a time in a process: the oldest slot taken for `taken` is this one's.
    const held = this.#held.get(taken);
    const slot = held?.shift() ?? '';
    if (held && held.length === 0) this.#held.delete(taken);
    const known = answer.limit !== undefined && answer.remaining !== undefined && answer.resetAfter !== undefined;
    await this.connection.run(
      'report a rate-limit answer',
      SETTLE,
      [
        taken ? this.#bucketKey(taken) : this.#key('none'),
        bucket ? this.#bucketKey(bucket) : this.#key('none'),
        this.#key('global'),
        this.#key('gblock'),
        taken ? this.#flightKey(taken) : this.#key('none'),
        bucket ? this.#flightKey(bucket) : this.#key('none'),
      ],
      [
        taken ? 1 : 0,
        bucket ? 1 : 0,
        slot,
        known ? answer.limit! : '',
        known ? answer.remaining! : '',
        known ? answer.resetAfter! : '',
        answer.block ?? 0,
        answer.globalBlock ?? 0,
        this.#ttl,
        this.#globalWindow,
      ],
    );
  }

  /** See {@link RateLimitStore.bucketOf}. */
  async bucketOf(routeKey: string): Promise<string | null | undefined> {
    const found = await this.connection.call('read a route bucket', (redis) =>
      redis.hget(this.#key('routes'), routeKey),
    );
    if (found === null) return undefined;
    return found === '' ? null : found;
  }

  /** See {@link RateLimitStore.learn}. */
  async learn(routeKey: string, bucketId: string | null): Promise<void> {
    const key = this.#key('routes');
    await this.connection.call('store a route bucket', (redis) =>
      redis
        .multi()
        .hset(key, routeKey, bucketId ?? '')
        .pexpire(key, 86_400_000)
        .exec(),
    );
  }

  #invalidKeys(): string[] {
    const slot = Math.floor(Date.now() / INVALID_SLOT_MS);
    const count = INVALID_WINDOW_MS / INVALID_SLOT_MS;
    return Array.from({ length: count }, (_, i) => this.connection.key('invalid', slot - i));
  }

  /** See {@link RateLimitStore.recordInvalid}. */
  async recordInvalid(): Promise<number> {
    return Number(
      await this.connection.run('count an invalid answer', RECORD_INVALID, this.#invalidKeys(), [
        INVALID_WINDOW_MS + INVALID_SLOT_MS,
      ]),
    );
  }

  /** See {@link RateLimitStore.invalidCount}. */
  async invalidCount(): Promise<number> {
    const values = await this.connection.call('read the invalid-answer count', (redis) =>
      redis.mget(this.#invalidKeys()),
    );
    return values.reduce((sum, value) => sum + (Number(value) || 0), 0);
  }

  /** Close the connection, if this store made it. */
  async close(): Promise<void> {
    if (this.#owned) await this.connection.close();
  }
}
