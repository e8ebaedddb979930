/**
 * One Redis connection for Kokoro's shared state, with the conventions every store follows: keys
 * under one prefix (`kokoro:` by default), Lua scripts loaded once and run by SHA, every command
 * bounded by a timeout, and failures turned into {@link RedisUnavailableError} naming the URL.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisReplyError, RedisUnavailableError } from './errors.js';

/** Options of {@link RedisConnection}. */
export interface RedisConnectionOptions {
  /** Redis URL (default `redis://127.0.0.1:6379`). Ignored when `redis` is given. */
  url?: string;
  /** An ioredis client to use instead of making one (it is not closed by `close()`). */
  redis?: Redis;
  /** Prefix of every key (default `kokoro:`). Give each deployment (or test run) its own. */
  prefix?: string;
  /** Longest wait for one command, and for the connection, ms (default 2000). */
  commandTimeout?: number;
}

/** A Lua script, run by SHA once Redis knows it. */
export class RedisScript {
  /** The script text. */
  readonly source: string;
  /** Its SHA-1 (what EVALSHA names it by). */
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** The URL with its password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unparsable Redis URL)';
  }
}

/** A prefixed, bounded Redis connection shared by the Redis stores of one process. */
export class RedisConnection {
  /** The ioredis client. */
  readonly redis: Redis;
  /** The key prefix. */
  readonly prefix: string;
  /** The URL, password removed (for messages). */
  readonly url: string;
  readonly #owned: boolean;

  constructor(options: RedisConnectionOptions = {}) {
    const url = options.url ?? 'redis://127.0.0.1:6379';
    const timeout = options.commandTimeout ?? 2000;
    this.prefix = options.prefix ?? 'kokoro:';
    this.#owned = options.redis === undefined;
    if (options.redis) {
      this.redis = options.redis;
      const { host, port } = options.redis.options;
      this.url = `redis://${host ?? '127.0.0.1'}:${port ?? 6379}`;
    } else {
      this.url = redactRedisUrl(url);
      this.redis = new Redis(url, {
        lazyConnect: true,
        connectTimeout: timeout,
        commandTimeout: timeout,
        // A command fails after one reconnect attempt rather than queueing forever while Redis is down.
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
      });
      // ioredis reports connection errors as events too; the commands' rejections carry them.
      this.redis.on('error', () => {});
    }
  }

  /** `prefix + parts.join(':')`. */
  key(...parts: (string | number)[]): string {
    return this.prefix + parts.join(':');
  }

  /** Connect now (commands connect on first use anyway); rejects with {@link RedisUnavailableError}. */
  async connect(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await this.call('connect', async (redis) => {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    });
  }

  /**
   * Run `command` on the client. An error answer becomes a {@link RedisReplyError}; any other failure
   * (no connection, a timeout) a {@link RedisUnavailableError}; both say `what` failed.
   */
  async call<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.redis);
    } catch (error) {
      if (error instanceof Error && error.name === 'ReplyError') throw new RedisReplyError(this.url, what, error);
      throw new RedisUnavailableError(this.url, what, error);
    }
  }

  /** Run a Lua script by SHA, loading it first when Redis does not know it (after a restart or flush). */
  run(
    what: string,
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    return this.call(what, async (redis) => {
      try {
        return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
        return await redis.eval(script.source, keys.length, ...keys, ...args);
      }
    });
  }

  /** Close the connection (if this object made it). */
  async close(): Promise<void> {
    if (!this.#owned) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
