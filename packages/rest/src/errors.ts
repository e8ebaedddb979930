import { KokoroError } from '@kokoro/common';
import type { RESTErrorData } from 'discord-api-types/v10';

/**
 * Discord answered with an error status (4xx other than a handled 429, or a 5xx after the retries).
 * `discordCode` is Discord's JSON error code (`RESTJSONErrorCodes`, e.g. 50035 invalid form body,
 * 50013 missing permissions), 0 when the body had none. For a 50035, `fieldErrors` holds one
 * `path: message` line per invalid field of the request body, and the message lists them.
 */
export class DiscordAPIError extends KokoroError {
  /** The HTTP status (400, 403, 404, 500...). */
  readonly status: number;
  /** Discord's JSON error code, 0 if the body had none. */
  readonly discordCode: number;
  /** Discord's own message (`'Invalid Form Body'`, `'Missing Permissions'`...). */
  readonly discordMessage: string;
  /** The request method. */
  readonly method: string;
  /** The route template, ids replaced (`/channels/:id/messages`); never holds a token. */
  readonly route: string;
  /** A 50035's field errors flattened to `path: message` lines (`embeds[0].title: ...`). */
  readonly fieldErrors: readonly string[];
  /** The response body as Discord sent it. */
  readonly body: unknown;
  /**
   * The response headers (lower-case names): `x-ratelimit-*`, `retry-after`, `via`, `cf-ray`...
   * Responses carry no token; `set-cookie` (Cloudflare's cookies) is left out all the same.
   */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;

  constructor(
    status: number,
    method: string,
    route: string,
    body: unknown,
    headers: Readonly<Record<string, string | string[] | undefined>> = {},
  ) {
    const data = (typeof body === 'object' && body !== null ? body : {}) as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
    };
    const discordCode = typeof data.code === 'number' ? data.code : 0;
    const discordMessage =
      typeof data.message === 'string' ? data.message : typeof body === 'string' && body ? body : 'no message';
    const fieldErrors = data.errors === undefined ? [] : flattenErrors(data.errors as RESTErrorData);
    const head = `Discord answered ${status} to ${method} ${route}: ${discordMessage}${discordCode ? ` (code ${discordCode})` : ''}`;
    super('KOKORO_DISCORD_API', fieldErrors.length ? `${head}\n${fieldErrors.map((l) => `  ${l}`).join('\n')}` : head);
    this.status = status;
    this.discordCode = discordCode;
    this.discordMessage = discordMessage;
    this.method = method;
    this.route = route;
    this.fieldErrors = fieldErrors;
    this.body = body;
    const { 'set-cookie': _cookies, ...kept } = headers;
    this.headers = Object.freeze(kept);
  }
}

/** Scope of a rate limit: a bucket of this token, the token's global limit, a shared resource, or the process's invalid-request budget. */
export type RateLimitScope = 'user' | 'global' | 'shared' | 'invalid-requests';

/**
 * A request was not sent (or not retried) because a rate limit would make it wait longer than
 * `maxRateLimitWait`, or kept answering 429. `retryAfter` says, in milliseconds, when trying again can succeed.
 */
export class RateLimitError extends KokoroError {
  /** Milliseconds until the limit resets. */
  readonly retryAfter: number;
  /** Which limit was hit. */
  readonly scope: RateLimitScope;
  /** The request method. */
  readonly method: string;
  /** The route template. */
  readonly route: string;

  constructor(method: string, route: string, retryAfter: number, scope: RateLimitScope, detail?: string) {
    super(
      'KOKORO_RATE_LIMITED',
      `${method} ${route} is rate limited (${scope}) for ${(retryAfter / 1000).toFixed(3)} s${detail ? `: ${detail}` : ''}; try again later or raise maxRateLimitWait`,
    );
    this.retryAfter = retryAfter;
    this.scope = scope;
    this.method = method;
    this.route = route;
  }
}

/**
 * The process is close to Discord's invalid-request ban (10,000 responses 401/403/429 in 10 minutes
 * per IP, which bans the IP for hours), so Kokoro refuses to send more until the count falls.
 * Fix what causes the 401/403/429s (a bad token, missing permissions, a loop).
 */
export class InvalidRequestLimitError extends RateLimitError {
  /** Invalid responses counted in the last 10 minutes. */
  readonly count: number;

  constructor(method: string, route: string, retryAfter: number, count: number) {
    super(
      method,
      route,
      retryAfter,
      'invalid-requests',
      `${count} responses with status 401/403/429 in the last 10 minutes; Discord bans the IP at 10,000. Fix the requests that fail`,
    );
    this.count = count;
  }
}

/** The request could not reach Discord or got no complete answer: connection refused or reset, DNS failure, timeout. */
export class NetworkError extends KokoroError {
  /** The request method. */
  readonly method: string;
  /** The route template. */
  readonly route: string;
  /** Whether the per-attempt timeout expired. */
  readonly timedOut: boolean;

  constructor(method: string, route: string, detail: string, options: { cause?: unknown; timedOut?: boolean } = {}) {
    super('KOKORO_NETWORK', `${method} ${route} failed: ${detail}`, { cause: options.cause });
    this.method = method;
    this.route = route;
    this.timedOut = options.timedOut ?? false;
  }
}

/**
 * Flatten Discord's nested `errors` object (it mirrors the JSON path of the request body; leaves are
 * `{ _errors: [{ code, message }] }`) into `path: message` lines: `embeds[0].fields[1].name: ...`.
 */
export function flattenErrors(errors: RESTErrorData, path = ''): string[] {
  const lines: string[] = [];
  if (typeof errors === 'string') {
    lines.push(path ? `${path}: ${errors}` : errors);
    return lines;
  }
  if (typeof errors !== 'object' || errors === null) return lines;
  if ('message' in errors && typeof errors.message === 'string' && 'code' in errors) {
    lines.push(`${path || '(body)'}: ${errors.message}`);
    return lines;
  }
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const item of value) lines.push(...flattenErrors(item as RESTErrorData, path));
      continue;
    }
    const next = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    lines.push(...flattenErrors(value as RESTErrorData, next));
  }
  return lines;
}

/**
 * A request passed its `deadline` (overall limit: time queued for rate limits, attempts and back-offs)
 * before it got an answer. It left its queue, or was cancelled on the wire, and was not retried.
 * Raise `deadline` if the limits of the route make it wait longer, or send fewer requests to it.
 */
export class RequestDeadlineError extends KokoroError {
  /** The request method. */
  readonly method: string;
  /** The route template. */
  readonly route: string;
  /** The deadline that passed, ms. */
  readonly deadline: number;

  constructor(method: string, route: string, deadline: number) {
    super(
      'KOKORO_REQUEST_DEADLINE',
      `${method} ${route} got no answer within its deadline of ${deadline} ms (rate-limit waits and retries included); raise deadline or send fewer requests to this route`,
    );
    this.method = method;
    this.route = route;
    this.deadline = deadline;
  }
}
