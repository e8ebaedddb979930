/**
 * Shard leases: which worker owns which shard of a bot, when workers own shards instead of sharing
 * every event (see `WorkerConnectorOptions.shardLeases`).
 *
 * Theory. A lease is a Redis key per bot, group and shard holding the owner's id with a time to live;
 * the owner renews it (a script that extends only a key it still holds) well before it expires. A
 * worker that dies stops renewing, so its leases expire and the others claim them (`SET NX`). Each
 * worker also keeps a heartbeat in a sorted set (score: when it expires), so every worker counts the
 * live ones and aims at its fair share, `ceil(shards / live workers)`: a new worker makes the others
 * give shards back, a dead one makes them take more.
 */
import type { RedisConnection } from './connection.js';
import { RedisScript } from './connection.js';

/** Where workers hold shard leases (the Redis implementation is {@link RedisShardLeases}). */
export interface ShardLeases {
  /** How long a lease and a heartbeat live without renewal, ms. */
  readonly ttl: number;
  /** Record that `owner` is alive; resolves to the number of live workers of the group and bot. */
  heartbeat(scope: string, owner: string): Promise<number>;
  /** Take shard `shard` for `owner` if nobody holds it; resolves whether it is now `owner`'s. */
  claim(scope: string, shard: number, owner: string): Promise<boolean>;
  /** Extend `owner`'s lease; false when it is no longer `owner`'s (it expired and another took it). */
  renew(scope: string, shard: number, owner: string): Promise<boolean>;
  /** Give the lease up, if `owner` still holds it. */
  release(scope: string, shard: number, owner: string): Promise<void>;
  /** Remove `owner`'s heartbeat (it stops). */
  leave(scope: string, owner: string): Promise<void>;
}

/** Options of {@link RedisShardLeases}. */
export interface RedisShardLeasesOptions {
  /** The connection (its key prefix applies). */
  connection: RedisConnection;
  /** How long a lease lives without renewal, ms (default 5000; renewed every third of it). */
  ttl?: number;
}

const RENEW = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`);

const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`);

// KEYS[1]: the sorted set of heartbeats; ARGV: owner, ttl. Scores are expiry times in Redis's clock.
const HEARTBEAT = new RedisScript(`
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return redis.call('ZCARD', KEYS[1])`);

/** Shard leases in Redis (see the module comment). */
export class RedisShardLeases implements ShardLeases {
  readonly ttl: number;
  readonly #connection: RedisConnection;

  constructor(options: RedisShardLeasesOptions) {
    this.#connection = options.connection;
    this.ttl = options.ttl ?? 5000;
    if (!Number.isFinite(this.ttl) || this.ttl < 100)
      throw new RangeError(`ttl must be at least 100 ms, got ${this.ttl}`);
  }

  #lease(scope: string, shard: number): string {
    return this.#connection.key('lease', scope, shard);
  }

  async heartbeat(scope: string, owner: string): Promise<number> {
    const live = await this.#connection.run(
      'record a worker heartbeat',
      HEARTBEAT,
      [this.#connection.key('workers', scope)],
      [owner, this.ttl],
    );
    return Number(live);
  }

  async claim(scope: string, shard: number, owner: string): Promise<boolean> {
    const key = this.#lease(scope, shard);
    const answer = await this.#connection.call('claim a shard lease', (redis) =>
      redis.set(key, owner, 'PX', this.ttl, 'NX'),
    );
    return answer === 'OK';
  }

  async renew(scope: string, shard: number, owner: string): Promise<boolean> {
    const renewed = await this.#connection.run(
      'renew a shard lease',
      RENEW,
      [this.#lease(scope, shard)],
      [owner, this.ttl],
    );
    return Number(renewed) === 1;
  }

  async release(scope: string, shard: number, owner: string): Promise<void> {
    await this.#connection.run('release a shard lease', RELEASE, [this.#lease(scope, shard)], [owner]);
  }

  async leave(scope: string, owner: string): Promise<void> {
    await this.#connection.call('remove a worker heartbeat', (redis) =>
      redis.zrem(this.#connection.key('workers', scope), owner),
    );
  }
}
