/**
 * The fake Discord's rate limiter, faithful to what Discord tells clients.
 *
 * Theory, as Discord applies it: every route (method + template) belongs to a bucket, named by the
 * opaque `X-RateLimit-Bucket` id; several routes may share one bucket (and so one window). A bucket
 * allows `limit` requests per window, counted separately for each bot and each major parameter
 * (channel id, guild id, webhook id + token). Some routes also have a hidden *sublimit*, tighter and
 * longer than the bucket's (renaming a channel: 2 per 10 minutes): a request over it gets a 429 even
 * though the bucket's `Remaining` is above 0. Independently, each bot has a global limit of requests
 * per second across all routes (50 by default), which interaction callbacks and follow-ups do not
 * count against. Every answer carries the bucket's `X-RateLimit-*` headers; a request over a limit
 * gets a 429 whose body is `{message, retry_after, global, code?}` and whose headers say
 * `Retry-After`, `X-RateLimit-Scope` (`user`, `global` or `shared`) and, for the global limit,
 * `X-RateLimit-Global`. A `shared` 429 means the resource is busy for everyone (here: injected
 * with {@link FakeRateLimiter.injectRateLimit}). Finally Discord counts invalid answers (401, 403,
 * and 429 except shared ones) per IP; 10,000 in 10 minutes ban the IP: this fake counts them too, and
 * bans (answers every request with a 429) when the count reaches `invalidRequestLimit`.
 *
 * Windows are fixed and open at the first request (Discord's `Reset-After` counts down from there).
 * Where Discord's global second starts is not documented, so the global limit has two models:
 * `fixed` (a window opened by the first request, as the buckets) and `sliding`, the strictest
 * reading: at most `limit` requests *admitted* in any window-long span ending now (a request is
 * refused while `limit` others arrived in the last second). A client safe against `sliding` is safe
 * against any placement of Discord's second. A third, `sent`, is the fixed window placed where a
 * client that starts its window when it *sends* would place it (@discordjs/rest's model): windows
 * open and count by the time the client says it sent the request (`RateLimitRequest.sentAt`, from
 * the `X-Fake-Sent-At` header the benchmarks add), not by arrival.
 * Defaults are lenient, so tests that do not care never meet a 429; {@link FakeRateLimiter.useDiscordLimits}
 * applies Discord-like limits, optionally with time scaled down so tests and benchmarks run fast.
 */
import type { Clock } from '@kokoro/common';
import { type BucketLimit, DISCORD_LIKE_LIMITS, DISCORD_LIKE_SUBLIMITS, type Sublimit } from './discord-like.js';
import { bucketHeaders, bucketId, globalHeaders } from './headers.js';
import { InvalidRequestCounter } from './invalid-requests.js';

export { type BucketLimit, DISCORD_LIKE_LIMITS, DISCORD_LIKE_SUBLIMITS, type Sublimit } from './discord-like.js';
export { bucketId } from './headers.js';

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
  /** When the client sent the request (on the fake's clock), if it says so; the `sent` model uses it. */
  sentAt?: number;
}

/** Scope of a 429. */
export type RateLimitScope = 'user' | 'global' | 'shared';

/** A 429 decision. */
export interface RateLimited {
  /** Seconds to wait. */
  retryAfter: number;
  /** The global limit (the `X-RateLimit-Global` header). */
  global: boolean;
  /** `user`, `global` or `shared` (the `X-RateLimit-Scope` header). */
  scope: RateLimitScope;
  /** A JSON error code for the body, for some limits. */
  code?: number;
}

/** The limiter's answer: headers for the response, and `limited` when the request must get a 429. */
export interface RateLimitVerdict {
  /** The `X-RateLimit-*` headers to send. */
  headers: Record<string, string>;
  /** Set when the request gets a 429. */
  limited?: RateLimited;
}

/** A 429 forced on the next matching requests (fault injection). */
export interface InjectedRateLimit {
  /** Only requests to this route (`'POST /channels/:channel_id/messages'`); any route if absent. */
  route?: string;
  /** Default `'shared'`. */
  scope?: RateLimitScope;
  /** Seconds; default 0.01. */
  retryAfter?: number;
  /** How many requests get it; default 1. */
  count?: number;
  /** JSON error code in the body. */
  code?: number;
}

/** Options of {@link FakeRateLimiter}. */
export interface FakeRateLimiterOptions {
  /** The clock of the windows (the fake's). */
  clock: Clock;
  /** Limit of routes not given one with `setLimit`; default 10,000 per second (headers, no 429s in practice). */
  defaultLimit?: BucketLimit;
  /** Requests per window per bot across routes; default unlimited. Discord's is 50 per second. */
  globalLimit?: number;
  /** The global window; default 1,000 ms. */
  globalWindowMs?: number;
  /** How the global window is placed (see the module comment); default `fixed`. */
  globalWindow?: GlobalWindowModel;
  /** Invalid answers (401/403/non-shared 429) per `invalidWindowMs` that get the "IP" banned; default 10,000. */
  invalidRequestLimit?: number;
  /** Default 10 minutes. */
  invalidWindowMs?: number;
  /** How long a ban lasts; default 1 hour. */
  banMs?: number;
}

/** Counters for assertions. */
export interface RateLimitStats {
  /** Requests checked. */
  requests: number;
  /** 429s answered, by scope. */
  user: number;
  /** 429s of the global limit. */
  global: number;
  /** 429s of shared (per-resource) limits. */
  shared: number;
  /** 429s caused by a sublimit (also counted in `user`). */
  sublimit: number;
}

/**
 * Where the global window lies: opened by the first request's arrival (`fixed`), by the time the
 * client sent it (`sent`), or any span ending now (`sliding`). See the module comment.
 */
export type GlobalWindowModel = 'fixed' | 'sent' | 'sliding';

interface Window {
  count: number;
  resetAt: number;
}

/** Per-route, per-bot, per-major-parameter and global rate limits of the fake REST API. See the module comment. */
export class FakeRateLimiter {
  /** When false, headers are still sent but nothing is ever limited. */
  enabled = true;
  /** How many 429s were answered. */
  rateLimitedCount = 0;
  /** Counters by scope. */
  readonly stats: RateLimitStats = { requests: 0, user: 0, global: 0, shared: 0, sublimit: 0 };
  readonly #clock: Clock;
  #defaultLimit: BucketLimit;
  #globalLimit: number;
  #globalWindowMs: number;
  #globalModel: GlobalWindowModel;
  readonly #limits = new Map<string, BucketLimit>();
  readonly #sublimits = new Map<string, Sublimit>();
  readonly #windows = new Map<string, Window>();
  readonly #subWindows = new Map<string, Window>();
  readonly #globalWindows = new Map<string, Window>();
  /** Sliding model: per bot, the arrival times of the admitted requests of the last window, oldest first. */
  readonly #globalArrivals = new Map<string, number[]>();
  readonly #bucketIds = new Map<string, string>();
  readonly #unlimited = new Set<string>();
  #injected: (InjectedRateLimit & { left: number })[] = [];
  readonly #invalid: InvalidRequestCounter;

  constructor(options: FakeRateLimiterOptions) {
    this.#clock = options.clock;
    this.#defaultLimit = options.defaultLimit ?? { limit: 10_000, windowMs: 1000 };
    this.#globalLimit = options.globalLimit ?? Number.POSITIVE_INFINITY;
    this.#globalWindowMs = options.globalWindowMs ?? 1000;
    this.#globalModel = options.globalWindow ?? 'fixed';
    this.#invalid = new InvalidRequestCounter(options.clock, {
      limit: options.invalidRequestLimit ?? 10_000,
      windowMs: options.invalidWindowMs ?? 600_000,
      banMs: options.banMs ?? 3_600_000,
    });
  }

  /** Give a route (`'POST /channels/:channel_id/messages'`) its limit; routes given one `bucket` share a window. */
  setLimit(route: string, limit: BucketLimit): void {
    this.#limits.set(route, limit);
  }

  /** Make a route unlimited: no `X-RateLimit-*` headers, never a bucket 429 (the global limit still applies). */
  setUnlimited(route: string): void {
    this.#unlimited.add(route);
  }

  /** Set the limit of routes without their own. */
  setDefaultLimit(limit: BucketLimit): void {
    this.#defaultLimit = limit;
  }

  /**
   * Set the per-bot global limit (requests per window, 1 s by default); `Infinity` turns it off.
   * `model`: `fixed` or `sliding` (see the module comment); unchanged when absent.
   */
  setGlobalLimit(perWindow: number, windowMs = 1000, model?: GlobalWindowModel): void {
    this.#globalLimit = perWindow;
    this.#globalWindowMs = windowMs;
    if (model) this.#globalModel = model;
  }

  /** Give a route a hidden sublimit (tighter than its bucket); `undefined` removes it. */
  setSublimit(route: string, sublimit: Sublimit | undefined): void {
    if (sublimit) this.#sublimits.set(route, sublimit);
    else this.#sublimits.delete(route);
  }

  /**
   * Apply Discord-like limits (messages 5 per 5 s per channel, reactions 1 per 250 ms, a channel-rename
   * sublimit, global 50 per second). `scale` > 1 shortens every window by that factor (a "fast clock")
   * so tests and benchmarks need no real waiting; limits stay the same.
   */
  useDiscordLimits(options: { scale?: number; globalLimit?: number; globalWindow?: GlobalWindowModel } = {}): void {
    const scale = options.scale ?? 1;
    for (const [route, limit] of Object.entries(DISCORD_LIKE_LIMITS)) {
      this.setLimit(route, { ...limit, windowMs: limit.windowMs / scale });
    }
    for (const [route, sub] of Object.entries(DISCORD_LIKE_SUBLIMITS)) {
      this.setSublimit(route, { ...sub, windowMs: sub.windowMs / scale });
    }
    this.setGlobalLimit(options.globalLimit ?? 50, 1000 / scale, options.globalWindow);
  }

  /** Force a 429 (shared scope by default) on the next matching request(s). */
  injectRateLimit(injection: InjectedRateLimit = {}): void {
    this.#injected.push({ ...injection, left: injection.count ?? 1 });
  }

  /** Invalid answers (401, 403, non-shared 429) counted in the sliding window. */
  get invalidRequests(): number {
    return this.#invalid.count;
  }

  /** Whether the fake "banned the IP" after too many invalid answers. */
  get banned(): boolean {
    return this.#invalid.banned;
  }

  /** Forget every window, counter, injection and ban (all limits start afresh; configured limits stay). */
  reset(): void {
    this.#windows.clear();
    this.#subWindows.clear();
    this.#globalWindows.clear();
    this.#globalArrivals.clear();
    this.#injected = [];
    this.#invalid.reset();
    this.rateLimitedCount = 0;
    Object.assign(this.stats, { requests: 0, user: 0, global: 0, shared: 0, sublimit: 0 });
  }

  /** The server reports each answer's status, so 401s and 403s count as invalid requests. */
  observe(status: number): void {
    if (status === 401 || status === 403) this.#invalid.record();
  }

  /** Count a request and decide its fate. */
  check(request: RateLimitRequest): RateLimitVerdict {
    const now = this.#clock.now();
    this.stats.requests++;
    if (this.#unlimited.has(request.route)) return this.#checkUnlimited(request, now);
    const limit = this.#limits.get(request.route) ?? this.#defaultLimit;
    const bucket = limit.bucket ?? this.#bucketId(request.route);
    const who = request.botId ?? '';
    const key = `${who}|${bucket}|${request.majorParameter}`;
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      this.#windows.set(key, window);
    }
    const headers = bucketHeaders(
      limit.limit,
      Math.max(0, limit.limit - window.count - 1),
      window.resetAt,
      now,
      bucket,
    );
    if (!this.enabled) return { headers };

    if (this.#invalid.banned) {
      return this.#limit(
        { headers: globalHeaders(this.#invalid.bannedFor() / 1000) },
        'global',
        this.#invalid.bannedFor() / 1000,
        false,
      );
    }

    const injected = this.#takeInjection(request.route);
    if (injected) {
      const scope = injected.scope ?? 'shared';
      const retryAfter = injected.retryAfter ?? 0.01;
      const extra = scope === 'global' ? globalHeaders(retryAfter) : { 'retry-after': String(Math.ceil(retryAfter)) };
      return this.#limit({ headers: { ...headers, ...extra } }, scope, retryAfter, false, injected.code);
    }

    const global = this.#checkGlobal(request, now);
    if (global) return global;

    if (window.count >= limit.limit) {
      const retryAfter = (window.resetAt - now) / 1000;
      headers['x-ratelimit-remaining'] = '0';
      headers['retry-after'] = String(Math.ceil(retryAfter));
      return this.#limit({ headers }, 'user', retryAfter, false);
    }

    const sublimit = this.#sublimits.get(request.route);
    if (sublimit) {
      const subKey = `${who}|${request.route}|${request.majorParameter}`;
      let sub = this.#subWindows.get(subKey);
      if (!sub || sub.resetAt <= now) {
        sub = { count: 0, resetAt: now + sublimit.windowMs };
        this.#subWindows.set(subKey, sub);
      }
      if (sub.count >= sublimit.limit) {
        // The bucket still has room (Remaining > 0): only this action is limited, for longer.
        const retryAfter = (sub.resetAt - now) / 1000;
        headers['retry-after'] = String(Math.ceil(retryAfter));
        return this.#limit({ headers }, 'user', retryAfter, true);
      }
      sub.count++;
    }
    window.count++;
    return { headers };
  }

  /** An unlimited route: only the ban and the global limit apply; no bucket headers. */
  #checkUnlimited(request: RateLimitRequest, now: number): RateLimitVerdict {
    if (!this.enabled) return { headers: {} };
    if (this.#invalid.banned) {
      const retryAfter = this.#invalid.bannedFor() / 1000;
      return this.#limit({ headers: globalHeaders(retryAfter) }, 'global', retryAfter, false);
    }
    return this.#checkGlobal(request, now) ?? { headers: {} };
  }

  /** Count a request against its bot's global window; a verdict if it is over. */
  #checkGlobal(request: RateLimitRequest, now: number): RateLimitVerdict | undefined {
    if (request.botId === undefined || request.globalExempt || !Number.isFinite(this.#globalLimit)) return undefined;
    if (this.#globalModel === 'sliding') return this.#checkSliding(request.botId, now);
    // `sent`: the window opens, and a request belongs to it, by when the client sent it.
    const at = this.#globalModel === 'sent' ? Math.min(now, request.sentAt ?? now) : now;
    let global = this.#globalWindows.get(request.botId);
    if (!global || global.resetAt <= at) {
      global = { count: 0, resetAt: at + this.#globalWindowMs };
      this.#globalWindows.set(request.botId, global);
    }
    if (global.count >= this.#globalLimit) {
      const retryAfter = (global.resetAt - now) / 1000;
      return this.#limit({ headers: globalHeaders(retryAfter) }, 'global', retryAfter, false);
    }
    global.count++;
    return undefined;
  }

  /** The sliding model: refused while `limit` admitted requests arrived in the last window. */
  #checkSliding(botId: string, now: number): RateLimitVerdict | undefined {
    let arrivals = this.#globalArrivals.get(botId);
    if (!arrivals) {
      arrivals = [];
      this.#globalArrivals.set(botId, arrivals);
    }
    let expired = 0;
    while (expired < arrivals.length && (arrivals[expired] as number) <= now - this.#globalWindowMs) expired++;
    if (expired > 0) arrivals.splice(0, expired);
    if (arrivals.length >= this.#globalLimit) {
      // Room again when the oldest admitted request leaves the window.
      const retryAfter = ((arrivals[0] as number) + this.#globalWindowMs - now) / 1000;
      return this.#limit({ headers: globalHeaders(retryAfter) }, 'global', retryAfter, false);
    }
    arrivals.push(now);
    return undefined;
  }

  #limit(
    verdict: RateLimitVerdict,
    scope: RateLimitScope,
    retryAfter: number,
    sublimit: boolean,
    code?: number,
  ): RateLimitVerdict {
    this.rateLimitedCount++;
    this.stats[scope]++;
    if (sublimit) this.stats.sublimit++;
    if (scope !== 'shared') this.#invalid.record();
    verdict.headers['x-ratelimit-scope'] = scope;
    const seconds = Math.max(0.001, Math.ceil(retryAfter * 1000) / 1000);
    verdict.limited = {
      retryAfter: seconds,
      global: scope === 'global',
      scope,
      ...(code !== undefined ? { code } : {}),
    };
    return verdict;
  }

  #takeInjection(route: string): InjectedRateLimit | undefined {
    const index = this.#injected.findIndex((i) => i.route === undefined || i.route === route);
    if (index === -1) return undefined;
    const injection = this.#injected[index] as InjectedRateLimit & { left: number };
    if (--injection.left <= 0) this.#injected.splice(index, 1);
    return injection;
  }

  #bucketId(route: string): string {
    let id = this.#bucketIds.get(route);
    if (id === undefined) {
      id = bucketId(route);
      this.#bucketIds.set(route, id);
    }
    return id;
  }
}
