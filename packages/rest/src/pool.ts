import { createHash } from 'node:crypto';
import type { Clock, Logger } from '@kokoro/common';
import { Agent, type Dispatcher } from 'undici';
import { type InvalidRequestGuard, processInvalidRequestGuard } from './ratelimit/invalid-request-guard.js';
import type { RateLimiter } from './ratelimit/limiter.js';
import { DEFAULT_BASE_URL } from './version.js';

/** Options of {@link RestPool}. */
export interface RestPoolOptions {
  /** API base including the version, e.g. `https://discord.com/api/v10` or the fake's `fake.restUrl`. */
  baseUrl?: string;
  /** Connections kept per origin. Default 32. */
  connections?: number;
  /** Logger of the thread's invalid-request guard, if this pool is the first to use it. */
  logger?: Logger;
  /**
   * The invalid-request guard. Default: the one guard of this thread, since Discord counts invalid
   * requests per IP. Pass your own only in tests or to give a pool its own budget.
   */
  guard?: InvalidRequestGuard;
  /** Use this undici dispatcher instead of making an `Agent` (e.g. a `MockAgent`). */
  dispatcher?: Dispatcher;
}

/**
 * The HTTP side shared by every client of a runtime: one undici dispatcher (keep-alive connections
 * reused by all bots), the per-process invalid-request guard, and the rate limiter of each token:
 * Discord limits per token, so every `Rest` of one token on this pool shares one limiter (its
 * buckets and global limit), whoever created it.
 */
export class RestPool {
  /** The API base (`https://discord.com/api/v10`). */
  readonly baseUrl: string;
  /** The undici dispatcher all requests go through. */
  readonly dispatcher: Dispatcher;
  /** Counts 401/403/429 answers of the whole process and throttles before Discord's IP ban. */
  readonly guard: InvalidRequestGuard;
  readonly #ownsDispatcher: boolean;
  /** Rate limiters by token digest; weak, so a token no longer used is forgotten. */
  readonly #limiters = new Map<string, WeakRef<RateLimiter>>();
  readonly #forget = new FinalizationRegistry<string>((key) => {
    if (this.#limiters.get(key)?.deref() === undefined) this.#limiters.delete(key);
  });

  constructor(options: RestPoolOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({ connections: options.connections ?? 32, keepAliveTimeout: 30_000, pipelining: 1 });
    this.guard = options.guard ?? processInvalidRequestGuard(options.logger);
  }

  /**
   * The rate limiter of `authorization` (`'Bot <token>'`) for the API at `api` (default: the pool's
   * base URL; a fake is another API) on this pool, made with `make` if the token has none yet (or only
   * one on another clock). The first maker's options (global limit, retries, logger) stay in force for
   * every later `Rest` of the token.
   */
  limiterFor(authorization: string, clock: Clock, make: () => RateLimiter, api = this.baseUrl): RateLimiter {
    const key = createHash('sha256').update(`${api} ${authorization}`).digest('base64');
    const existing = this.#limiters.get(key)?.deref();
    if (existing && existing.clock === clock) return existing;
    const limiter = make();
    if (!existing) {
      this.#limiters.set(key, new WeakRef(limiter));
      this.#forget.register(limiter, key);
    }
    return limiter;
  }

  /** Close the connections (if the pool made its dispatcher). Requests in flight finish first. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.dispatcher.close();
  }
}

let sharedPool: RestPool | undefined;

/** The pool used by a {@link Rest} created without one: one per thread, for Discord's default base URL. */
export function defaultRestPool(): RestPool {
  sharedPool ??= new RestPool();
  return sharedPool;
}
