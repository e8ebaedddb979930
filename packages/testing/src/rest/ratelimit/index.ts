/**
 * The fake Discord's rate limiter: a first, simple engine. (The rest engineer takes this folder
 * over and grows it into Discord's full behaviour: shared buckets, sublimits, scopes, invalid-request
 * counting.)
 *
 * Theory, as Discord applies it: every route (method + template) belongs to a bucket, named by the
 * opaque `X-RateLimit-Bucket` id. A bucket allows `limit` requests per window, counted separately for
 * each major parameter (channel id, guild id, webhook id + token) and each bot. Independently, each
 * bot has a global limit of requests per second across all routes, which interaction callbacks and
 * follow-ups do not count against. Every response carries the bucket's `X-RateLimit-*` headers; a
 * request over a limit gets a 429 with `retry_after` and the scope of the limit.
 *
 * Here: fixed windows that open at the first request; defaults are lenient (so tests that do not
 * care never meet a 429) and each route can be given Discord-like limits with {@link FakeRateLimiter.setLimit}.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '@kokoro/common';

/** What the router tells the limiter about a request. */
export interface RateLimitRequest {
  /** Method and route template: `POST /channels/:channel_id/messages`. */
  route: string;
  /** The major parameter's value ('' when the route has none). */
  majorParameter: string;
  /** The bot making the request; undefined for unauthenticated routes (webhook tokens). */
  botId: string | undefined;
  /** Interaction callbacks and follow-ups are exempt from the global limit. */
  globalExempt: boolean;
}

/** A 429 decision. */
export interface RateLimited {
  /** Seconds to wait. */
  retryAfter: number;
  global: boolean;
  scope: 'user' | 'global' | 'shared';
}

/** The limiter's answer: headers for the response, and `limited` when the request must get a 429. */
export interface RateLimitVerdict {
  headers: Record<string, string>;
  limited?: RateLimited;
}

/** A bucket's limit. */
export interface BucketLimit {
  limit: number;
  windowMs: number;
  /** A bucket id shared with other routes; defaults to one derived from the route. */
  bucket?: string;
}

/** Options of {@link FakeRateLimiter}. */
export interface FakeRateLimiterOptions {
  clock: Clock;
  /** Limit of routes not given one with `setLimit`; default 10,000 per second (headers, no 429s in practice). */
  defaultLimit?: BucketLimit;
  /** Requests per second per bot across routes; default unlimited. Discord's is 50. */
  globalLimit?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** Per-route and global rate limits of the fake REST API. See the module comment. */
export class FakeRateLimiter {
  /** When false, headers are still sent but nothing is ever limited. */
  enabled = true;
  /** How many 429s were answered. */
  rateLimitedCount = 0;
  readonly #clock: Clock;
  #defaultLimit: BucketLimit;
  #globalLimit: number;
  readonly #limits = new Map<string, BucketLimit>();
  readonly #windows = new Map<string, Window>();
  readonly #globalWindows = new Map<string, Window>();

  constructor(options: FakeRateLimiterOptions) {
    this.#clock = options.clock;
    this.#defaultLimit = options.defaultLimit ?? { limit: 10_000, windowMs: 1000 };
    this.#globalLimit = options.globalLimit ?? Number.POSITIVE_INFINITY;
  }

  /** Give a route (`'POST /channels/:channel_id/messages'`) its limit. */
  setLimit(route: string, limit: BucketLimit): void {
    this.#limits.set(route, limit);
  }

  /** Set the limit of routes without their own. */
  setDefaultLimit(limit: BucketLimit): void {
    this.#defaultLimit = limit;
  }

  /** Set the per-bot global limit (requests per second); `Infinity` turns it off. */
  setGlobalLimit(perSecond: number): void {
    this.#globalLimit = perSecond;
  }

  /** Forget every window (all limits start afresh). */
  reset(): void {
    this.#windows.clear();
    this.#globalWindows.clear();
    this.rateLimitedCount = 0;
  }

  /** Count a request and decide its fate. */
  check(request: RateLimitRequest): RateLimitVerdict {
    const now = this.#clock.now();
    const limit = this.#limits.get(request.route) ?? this.#defaultLimit;
    const bucket = limit.bucket ?? bucketId(request.route);
    const key = `${request.botId ?? ''}|${bucket}|${request.majorParameter}`;
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      this.#windows.set(key, window);
    }
    const resetAfter = (window.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(Math.max(0, limit.limit - window.count - 1)),
      'x-ratelimit-reset': (window.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
    };
    if (!this.enabled) return { headers };

    if (request.botId !== undefined && !request.globalExempt && Number.isFinite(this.#globalLimit)) {
      let global = this.#globalWindows.get(request.botId);
      if (!global || global.resetAt <= now) {
        global = { count: 0, resetAt: now + 1000 };
        this.#globalWindows.set(request.botId, global);
      }
      if (global.count >= this.#globalLimit) {
        const retryAfter = (global.resetAt - now) / 1000;
        this.rateLimitedCount++;
        return {
          headers: {
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
            'retry-after': String(Math.ceil(retryAfter)),
          },
          limited: { retryAfter, global: true, scope: 'global' },
        };
      }
      global.count++;
    }

    if (window.count >= limit.limit) {
      this.rateLimitedCount++;
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-scope'] = 'user';
      headers['retry-after'] = String(Math.ceil(resetAfter));
      return { headers, limited: { retryAfter: resetAfter, global: false, scope: 'user' } };
    }
    window.count++;
    return { headers };
  }
}

/** An opaque, stable bucket id for a route, like Discord's hashes. */
export function bucketId(route: string): string {
  return createHash('sha1').update(route).digest('hex').slice(0, 32);
}
