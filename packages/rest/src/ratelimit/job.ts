import type { Route } from '../route.js';

/** Response headers, lower-case names, as undici gives them. */
export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** A response as the limiter sees it: status, lower-case headers, parsed body. */
export interface RawResponse {
  /** The HTTP status. */
  status: number;
  /** The response headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (text when it is not JSON; undefined when empty). */
  body: unknown;
}

/** Where a job stands: waiting in a queue, on the wire, or finished. */
export type JobState = 'queued' | 'sending' | 'done';

/** One request travelling through the rate limiter. */
export interface RestJob {
  /** The route: method, path and the bucket key it is limited by. */
  readonly route: Route;
  /** Aborts the job while it waits or is in flight. */
  readonly signal: AbortSignal | undefined;
  /** Safe to send again after a 5xx or a network error (idempotent, or a create with an enforced nonce). */
  readonly retryable: boolean;
  /** Counts against the token's global limit. */
  readonly useGlobal: boolean;
  /** Where the job is in its life (queued, in flight, done). */
  state: JobState;
  /** Sends so far that failed with a 5xx or a network error. */
  failures: number;
  /** 429s received so far. */
  rateLimited: number;
  /** Whether this job already waited for its slot from the invalid-request guard (for this send). */
  slowed: boolean;
  /** Abort listener, removed when the job ends. */
  onAbort: (() => void) | undefined;
  /** Settle the caller's promise with Discord's response. */
  resolve(response: RawResponse): void;
  /** Reject the caller's promise (a typed `@kokoro/rest` or `@kokoro/common` error). */
  reject(error: unknown): void;
}

/** The value of a header that may repeat, as one string. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
