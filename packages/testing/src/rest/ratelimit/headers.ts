/** The `X-RateLimit-*` headers of the fake's answers, and its opaque bucket ids. */
import { createHash } from 'node:crypto';

/** The headers of a bucket's answer: limit, remaining, reset (epoch s), reset-after (s) and the bucket id. */
export function bucketHeaders(
  limit: number,
  remaining: number,
  resetAt: number,
  now: number,
  bucket: string,
): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
    // Rounded up to the millisecond: a client waiting Reset-After from its receipt is never early.
    'x-ratelimit-reset-after': (Math.ceil(resetAt - now) / 1000).toFixed(3),
    'x-ratelimit-bucket': bucket,
  };
}

export function globalHeaders(retryAfter: number): Record<string, string> {
  return { 'x-ratelimit-global': 'true', 'retry-after': String(Math.max(1, Math.ceil(retryAfter))) };
}

/** An opaque, stable bucket id for a route, like Discord's hashes. */
export function bucketId(route: string): string {
  return createHash('sha1').update(route).digest('hex').slice(0, 32);
}
