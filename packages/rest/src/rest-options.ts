/** The options of `Rest` and of one request, and the checks a `Rest` makes of its options. */
import type { Clock, Logger, Random } from '@kokoro/common';
import { ValidationError } from '@kokoro/common';
import type { QueryInit, RestFile } from './body.js';
import type { RestPool } from './pool.js';
import type { RateLimitStore } from './ratelimit/store.js';

/** HTTP methods Discord's API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of one request. */
export interface RequestOptions {
  /** JSON body (any JSON value), or `URLSearchParams` to send form-urlencoded (OAuth2). */
  body?: unknown;
  /** Query string parameters; `undefined` values are skipped. */
  query?: QueryInit;
  /** Files: sent as multipart, the body as `payload_json`, file n as `files[n]`. */
  files?: readonly RestFile[];
  /** Audit-log reason (1..512 characters), sent URL-encoded in `X-Audit-Log-Reason`. */
  reason?: string;
  /** Cancels the request, whether it waits in a queue or is on the wire. */
  signal?: AbortSignal;
  /** Extra headers. */
  headers?: Record<string, string>;
  /**
   * `true` (default): `Authorization: <tokenType> <token>`; `false`: no Authorization (webhooks with a
   * token in the path, OAuth2 exchanges) and no global limit; a string: that exact Authorization value.
   */
  auth?: boolean | string;
  /** Per-attempt timeout in ms, overriding the client's. */
  timeout?: number;
  /**
   * Overall limit in ms, overriding the client's: time queued for rate limits, every attempt and every
   * back-off together. When it passes, the request leaves its queue (or the wire) and fails with
   * {@link RequestDeadlineError}. (A `signal` such as `AbortSignal.timeout(ms)` does the same on the real clock.)
   */
  deadline?: number;
}

/** Options of {@link Rest}. */
export interface RestOptions {
  /** Bot token (or OAuth2 access token with `tokenType: 'Bearer'`). Never printed. */
  token?: string;
  /** Default `'Bot'`. */
  tokenType?: 'Bot' | 'Bearer';
  /** The shared HTTP pool; default: one per thread for `baseUrl` (Discord's by default). */
  pool?: RestPool;
  /** API base, if no pool is given (e.g. the fake's `fake.restUrl`). */
  baseUrl?: string;
  /** Global requests per second of this token. Default 50 (Discord's; large bots get more). */
  globalLimit?: number;
  /** Where requests, retries and rate limits are logged (default: silent). */
  logger?: Logger;
  /** The clock of every wait: rate limits, retries, timeouts (tests: `ManualClock`). */
  clock?: Clock;
  /** Jitter source of the retry back-off. */
  random?: Random;
  /**
   * Per-attempt timeout in ms: how long one exchange may wait for Discord's answer. Default 15,000.
   * Time queued behind rate limits is not counted; bound it with `deadline`.
   */
  timeout?: number;
  /** Overall limit of a request in ms, queue and retries included (see `RequestOptions.deadline`). Default none. */
  deadline?: number;
  /** Re-sends after a 5xx or network error, for requests safe to repeat. Default 3. */
  retries?: number;
  /** First retry back-off in ms (doubles each time, with jitter). Default 500. */
  retryBackoff?: number;
  /** A rate-limit wait longer than this (ms) fails with `RateLimitError` instead. Default 60,000. */
  maxRateLimitWait?: number;
  /** Default `DiscordBot (url, version)`. */
  userAgent?: string;
  /** The bot's application id (read from the token when it has the usual shape). */
  applicationId?: string;
  /** Add `nonce` + `enforce_nonce` to message creates so they can be retried safely. Default true. */
  enforceNonce?: boolean;
  /**
   * Rate-limit state shared with the other processes of this token (e.g. `RedisRateLimitStore` from
   * @kokoro/cluster), so N processes of one token never exceed a bucket or the global limit together.
   * Default none: this process alone. Like the other limiter options, the first `Rest` of a token sets it.
   */
  rateLimitStore?: RateLimitStore;
}

/** Check a `Rest`'s options; throws `ValidationError` naming the option. */
export function validateOptions(options: RestOptions): void {
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.trim() === '')) {
    throw new ValidationError('token', 'the token must be a non-empty string (without the "Bot " prefix)');
  }
  if (options.token && /^(Bot|Bearer)\s/i.test(options.token)) {
    throw new ValidationError('token', 'pass the token without its "Bot "/"Bearer " prefix; set tokenType instead');
  }
  if (options.tokenType !== undefined && options.tokenType !== 'Bot' && options.tokenType !== 'Bearer') {
    throw new ValidationError('tokenType', `must be 'Bot' or 'Bearer', got ${JSON.stringify(options.tokenType)}`);
  }
  const positive = {
    globalLimit: options.globalLimit,
    timeout: options.timeout,
    deadline: options.deadline,
    maxRateLimitWait: options.maxRateLimitWait,
  };
  for (const [name, value] of Object.entries(positive)) {
    if (value !== undefined && !(typeof value === 'number' && value > 0)) {
      throw new ValidationError(name, `must be a number above 0, got ${String(value)}`);
    }
  }
  for (const [name, value] of Object.entries({ retries: options.retries, retryBackoff: options.retryBackoff })) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new ValidationError(name, `must be a finite number of at least 0, got ${String(value)}`);
    }
  }
  if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl)) {
    throw new ValidationError('baseUrl', `not a URL: ${options.baseUrl} (expected e.g. https://discord.com/api/v10)`);
  }
}
