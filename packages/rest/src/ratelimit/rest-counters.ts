/**
 * What a rate limiter has sent, counted for metrics: HTTP exchanges (every attempt, retries
 * included) and 429 answers by scope (`X-RateLimit-Scope`: a `user` or `global` 429 counts toward
 * Discord's invalid-request ban, a `shared` one does not). Plain counters, read by the runtime's
 * metrics (`.stats`, the Prometheus endpoint); they only grow.
 */
import type { RateLimitScope } from '../errors.js';
import { readRateLimit } from './decide.js';
import type { RawResponse } from './job.js';

/** The scopes a 429 answer names. */
export type RateLimitAnswerScope = Exclude<RateLimitScope, 'invalid-requests'>;

/** Counters of one rate limiter (one token on one pool). */
export class RestCounters {
  /** HTTP exchanges attempted (each retry counts), whatever their outcome. */
  requests = 0;
  /** 429 answers received, by scope. */
  readonly rateLimited: Record<RateLimitAnswerScope, number> = { user: 0, global: 0, shared: 0 };

  /** Count one exchange and its answer (undefined when it failed without one). */
  record(response: RawResponse | undefined): void {
    this.requests += 1;
    if (response?.status === 429) this.rateLimited[readRateLimit(response).scope as RateLimitAnswerScope] += 1;
  }
}
