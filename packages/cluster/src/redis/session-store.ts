/**
 * Gateway sessions in Redis, so that a restarted gateway process resumes its shards instead of
 * identifying anew (see session-store.ts in @kokoro/gateway for when a shard loads, saves and
 * deletes). One hash per session, `<prefix>session:<botId>:<shardId>:<shardCount>`, with fields
 * `sessionId`, `sequence`, `resumeUrl`, expiring `ttl` after the last save: a session not saved for
 * that long is past resuming anyway. A save is a script that never moves the sequence of the same
 * session backwards, so a late save of an old process cannot undo a newer one.
 */
import type { GatewaySessionKey, GatewaySessionStore, StoredGatewaySession } from '@kokoro/gateway';
import { RedisConnection, type RedisConnectionOptions, RedisScript } from './connection.js';

/** Options of {@link RedisGatewaySessionStore}. */
export interface RedisGatewaySessionStoreOptions extends RedisConnectionOptions {
  /** A connection to share with other Redis stores; otherwise one is made from the options. */
  connection?: RedisConnection;
  /** How long a saved session is kept without a new save, ms (default 600 000: 10 minutes). */
  ttl?: number;
}

// KEYS[1] session hash. ARGV: sessionId, sequence, resumeUrl, ttl ms.
const SAVE = new RedisScript(`
local current = redis.call('HMGET', KEYS[1], 'sessionId', 'sequence')
local sequence = tonumber(ARGV[2])
if current[1] == ARGV[1] and tonumber(current[2] or '0') > sequence then
  sequence = tonumber(current[2])
end
redis.call('HSET', KEYS[1], 'sessionId', ARGV[1], 'sequence', sequence, 'resumeUrl', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return sequence
`);

/** A {@link GatewaySessionStore} in Redis; shared by every process that may run a shard of the bot. */
export class RedisGatewaySessionStore implements GatewaySessionStore {
  /** The connection used. */
  readonly connection: RedisConnection;
  readonly #ttl: number;
  readonly #owned: boolean;

  constructor(options: RedisGatewaySessionStoreOptions = {}) {
    this.#owned = options.connection === undefined;
    this.connection = options.connection ?? new RedisConnection(options);
    this.#ttl = Math.max(1, Math.floor(options.ttl ?? 600_000));
  }

  #key(key: GatewaySessionKey): string {
    return this.connection.key('session', key.botId, key.shardId, key.shardCount);
  }

  /** See {@link GatewaySessionStore.load}. */
  async load(key: GatewaySessionKey): Promise<StoredGatewaySession | undefined> {
    const found = await this.connection.call('load a gateway session', (redis) => redis.hgetall(this.#key(key)));
    if (!found.sessionId) return undefined;
    return { sessionId: found.sessionId, sequence: Number(found.sequence) || 0, resumeUrl: found.resumeUrl ?? '' };
  }

  /** See {@link GatewaySessionStore.save}. */
  async save(key: GatewaySessionKey, session: StoredGatewaySession): Promise<void> {
    await this.connection.run(
      'save a gateway session',
      SAVE,
      [this.#key(key)],
      [session.sessionId, session.sequence, session.resumeUrl, this.#ttl],
    );
  }

  /** See {@link GatewaySessionStore.delete}. */
  async delete(key: GatewaySessionKey): Promise<void> {
    await this.connection.call('delete a gateway session', (redis) => redis.del(this.#key(key)));
  }

  /** Close the connection, if this store made it. */
  async close(): Promise<void> {
    if (this.#owned) await this.connection.close();
  }
}
