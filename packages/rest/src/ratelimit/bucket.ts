import type { IncomingHttpHeaders, RestJob } from './job.js';
import { header } from './job.js';

/**
 * When global permits are short, each request queued in a bucket counts as this much waiting:
 * a bucket holding 50 requests goes before a lone request that has waited less than 5 s.
 */
export const BACKLOG_WEIGHT_MS = 100;

/** Whether a bucket's loop is running. */
export type BucketState = 'idle' | 'running';

/**
 * One rate-limit bucket for one major parameter (or, until Discord names the bucket, one route for
 * one major parameter). It owns a FIFO queue; its loop (in the limiter) sends the head request once
 * the bucket, the global limit and the invalid-request guard allow, one request at a time, so the
 * order is kept and every response's headers are known before the next request leaves.
 */
export class Bucket {
  /** `hash|major`, or `METHOD /template|major` while the route's bucket is unknown. */
  readonly key: string;
  /** Whether Discord has named this bucket (false: the route's bucket is still unknown). */
  readonly known: boolean;
  /** The major parameter's value ('' for none). May hold a webhook token: never print it. */
  readonly major: string;
  /** Jobs waiting for this bucket, in order. */
  readonly queue: RestJob[] = [];
  /** `running` while its queue is being worked through, else `idle`. */
  state: BucketState = 'idle';
  /** Requests per window, as last told by Discord (1 until told). */
  limit = 1;
  /** Requests left in the current window. */
  remaining = 1;
  /** When the window resets (clock ms). */
  resetAt = 0;
  /** An unknown route's bucket waited once for a spent neighbour (see the limiter); it does not wait twice. */
  deferred = false;
  /** No request before this time (a 429, or a back-off after a 5xx or network error). */
  blockedUntil = 0;
  /** An unknown route's bucket asked the shared store (if any) whether another process knows its bucket. */
  consulted = false;

  constructor(key: string, known: boolean, major: string) {
    this.key = key;
    this.known = known;
    this.major = major;
  }

  /** Milliseconds to wait before the head request may be sent (0: now). */
  waitTime(now: number): number {
    let wait = this.blockedUntil - now;
    if (this.remaining <= 0) wait = Math.max(wait, this.resetAt - now);
    return Math.max(wait, 0);
  }

  /** How many requests after the head this bucket may send in its current window, one answer at a time. */
  followers(now: number): number {
    const remaining = this.remaining <= 0 || now >= this.resetAt ? this.limit : this.remaining;
    return Math.max(0, Math.min(this.queue.length, remaining) - 1);
  }

  /** Take one request from the window (call when sending). */
  take(now: number): void {
    if (this.remaining <= 0 && now >= this.resetAt) this.remaining = this.limit;
    this.remaining--;
  }

  /** Learn the window from `X-RateLimit-*` headers received at `now`. */
  update(headers: IncomingHttpHeaders, now: number): void {
    const limit = header(headers, 'x-ratelimit-limit');
    const remaining = header(headers, 'x-ratelimit-remaining');
    const resetAfter = header(headers, 'x-ratelimit-reset-after');
    if (limit !== undefined) this.limit = Number(limit) || 1;
    if (remaining !== undefined) this.remaining = Number(remaining);
    // Reset-After is relative to Discord's clock at answer time; measured from our receipt it can only be later.
    if (resetAfter !== undefined) this.resetAt = now + Number(resetAfter) * 1000;
  }

  /** This bucket's claim on the global limit when permits are short: its queue, in ms of waiting (see global-limit.ts). */
  backlog(): number {
    return this.queue.length * BACKLOG_WEIGHT_MS;
  }

  /** Whether the bucket holds nothing worth remembering at `now`. */
  isStale(now: number): boolean {
    return this.state === 'idle' && this.queue.length === 0 && now >= this.resetAt && now >= this.blockedUntil;
  }
}
