/** The typed errors of the Redis-backed shared state. */
import { KokoroError } from '@kokoro/common';

/**
 * Redis could not be reached or did not answer in time. The message names the URL (without its
 * password) and what to fix; `cause` holds ioredis's error.
 */
export class RedisUnavailableError extends KokoroError {
  /** The Redis URL, password removed. */
  readonly url: string;

  constructor(url: string, what: string, cause?: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      'KOKORO_REDIS_UNAVAILABLE',
      `Redis at ${url} could not ${what}${reason}. Is Redis running there? Start it, or point the Redis ` +
        'URL (the `url` option, KOKORO_REDIS_URL for the tests) at a reachable server.',
      { cause },
    );
    this.url = url;
  }
}

/** Redis answered a command with an error (a wrong type under a key, a script error, no permission). */
export class RedisReplyError extends KokoroError {
  /** The Redis URL, password removed. */
  readonly url: string;

  constructor(url: string, what: string, cause: Error) {
    super(
      'KOKORO_REDIS_REPLY',
      `Redis at ${url} refused to ${what}: ${cause.message}. Check that the key prefix is not used by ` +
        'something else and that the Redis user may run scripts (EVAL/EVALSHA).',
      { cause },
    );
    this.url = url;
  }
}
