import type { Logger, Random } from '@kokoro/common';
import { NetworkError, RateLimitError, type RateLimitScope } from '../errors.js';
import type { GlobalLimit } from './global-limit.js';
import type { InvalidRequestGuard } from './invalid-request-guard.js';
import { header, type RawResponse, type RestJob } from './job.js';

/**
 * What to do with a job after one exchange. `block`: how long the route's bucket must pause (a
 * non-global 429); `after`: how long before this job is re-sent (back-off after a 5xx or network error).
 */
export type Decision =
  | { kind: 'resolve'; block: 0 }
  | { kind: 'reject'; error: unknown; block: number }
  | { kind: 'retry'; after: number; block: number };

/** What {@link decide} needs of the limiter's options. */
export interface DecideOptions {
  logger: Logger;
  random: Random;
  guard: InvalidRequestGuard;
  maxRateLimitWait: number;
  retries: number;
  retryBackoff: number;
}

/** 429s tolerated for one request before giving up (the guard protects the process; this protects the caller). */
export const MAX_429_PER_REQUEST = 10;

/** A 429 as Discord describes it. */
export interface RateLimitAnswer {
  /** `user` (this bucket), `global` (the token), or `shared` (the resource, not counted against the bot). */
  scope: RateLimitScope;
  /** Milliseconds. */
  retryAfter: number;
  /** The bucket still had room: a hidden sublimit was hit. */
  sublimit: boolean;
}

/** Read a 429: scope from `X-RateLimit-Scope` / `global`, wait from the body's `retry_after` or `Retry-After`. */
export function readRateLimit(response: RawResponse): RateLimitAnswer {
  const body = response.body as { retry_after?: unknown; global?: unknown } | undefined;
  const scopeHeader = header(response.headers, 'x-ratelimit-scope');
  const global =
    scopeHeader === 'global' || body?.global === true || header(response.headers, 'x-ratelimit-global') === 'true';
  const scope: RateLimitScope = global ? 'global' : scopeHeader === 'shared' ? 'shared' : 'user';
  const seconds = Number(body?.retry_after ?? header(response.headers, 'retry-after') ?? 1);
  const retryAfter = Math.max(0, Math.ceil((Number.isFinite(seconds) ? seconds : 1) * 1000));
  const remaining = header(response.headers, 'x-ratelimit-remaining');
  return { scope, retryAfter, sublimit: scope === 'user' && remaining !== undefined && Number(remaining) > 0 };
}

/** After one exchange: hand the answer over, fail, or try again (after how long). */
export function decide(
  options: DecideOptions,
  globalLimit: GlobalLimit,
  job: RestJob,
  response: RawResponse | undefined,
  error: unknown,
  now: number,
): Decision {
  const { route } = job;
  if (!response) {
    if (!(error instanceof NetworkError) || !job.retryable || job.failures >= options.retries) {
      return { kind: 'reject', error, block: 0 };
    }
    return { kind: 'retry', after: backoff(options, job.failures++), block: 0 };
  }
  const status = response.status;
  if (status === 429) {
    const { scope, retryAfter, sublimit } = readRateLimit(response);
    if (scope !== 'shared') options.guard.record();
    options.logger.warn(
      { method: route.method, route: route.template, scope, retryAfter, sublimit },
      'rate limited (429)',
    );
    if (scope === 'global') globalLimit.block(now + retryAfter);
    const block = scope === 'global' ? 0 : retryAfter;
    if (++job.rateLimited > MAX_429_PER_REQUEST) {
      const detail = `${job.rateLimited} 429s in a row`;
      return {
        kind: 'reject',
        error: new RateLimitError(route.method, route.template, retryAfter, scope, detail),
        block,
      };
    }
    if (retryAfter > options.maxRateLimitWait) {
      return { kind: 'reject', error: new RateLimitError(route.method, route.template, retryAfter, scope), block };
    }
    return { kind: 'retry', after: 0, block };
  }
  if (status === 401 || status === 403) options.guard.record();
  if (status >= 500 && job.retryable && job.failures < options.retries) {
    return { kind: 'retry', after: backoff(options, job.failures++), block: 0 };
  }
  return { kind: 'resolve', block: 0 };
}

/** Exponential back-off with jitter: base * 2^n * [0.5, 1). */
export function backoff(options: DecideOptions, failures: number): number {
  const base = options.retryBackoff * 2 ** Math.min(failures, 10);
  return Math.round(base * (0.5 + options.random() / 2));
}
