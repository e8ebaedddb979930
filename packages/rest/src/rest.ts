import { randomBytes } from 'node:crypto';
import { type Clock, registerSecret, silentLogger, systemClock, ValidationError } from '@kokoro/common';
import type { FormData } from 'undici';
import { encodeAuditLogReason, encodeBody, encodeQuery, type QueryInit, type RestFile } from './body.js';
import { RestClosedError } from './closed-error.js';
import { DiscordAPIError, NetworkError, RequestDeadlineError } from './errors.js';
import { needsReading, readFiles } from './files.js';
import { defaultRestPool, RestPool } from './pool.js';
import type { IncomingHttpHeaders, RawResponse, RestJob } from './ratelimit/job.js';
import { RateLimiter } from './ratelimit/limiter.js';
import { type HttpMethod, type RequestOptions, type RestOptions, validateOptions } from './rest-options.js';
import { applicationIdFromToken, parseRoute, type Route } from './route.js';
import { DEFAULT_USER_AGENT } from './version.js';

/** A job plus what the transport needs to send it. */
interface HttpJob extends RestJob {
  /** The `Rest` that made the job (the limiter may be shared by several of one token). */
  readonly owner: Rest;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | FormData | undefined;
  readonly timeout: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const MESSAGE_CREATE = 'POST /channels/:id/messages';

/**
 * Discord's REST API for one token: builds requests (JSON, form-urlencoded, multipart), queues them
 * through the token's rate limiter, sends them on the shared {@link RestPool}, and turns error answers
 * into {@link DiscordAPIError}. Also offers SmallD-style raw calls: `rest.post('/channels/1/messages', { content })`.
 */
export class Rest {
  /** The shared HTTP pool. */
  readonly pool: RestPool;
  /**
   * This token's rate limiter, shared by every `Rest` of the same token on the same pool (and clock):
   * two clients of one bot never double its limits. The first one's limiter options stay in force.
   */
  readonly limiter: RateLimiter;
  /** `'Bot'` or `'Bearer'`. */
  readonly tokenType: 'Bot' | 'Bearer';
  /** The application id, when known. */
  readonly applicationId: string | undefined;
  readonly #authorization: string | undefined;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #clock: Clock;
  readonly #timeout: number;
  readonly #deadline: number | undefined;
  readonly #userAgent: string;
  readonly #enforceNonce: boolean;
  readonly #ownsPool: boolean;
  #nonceCounter = 0;
  readonly #noncePrefix = randomBytes(9).toString('base64url');
  #closed = false;
  /** The limiter's transport: each job goes out through the `Rest` that made it (a shared limiter serves several). */
  static readonly #dispatch = (job: RestJob): Promise<RawResponse> => {
    const http = job as HttpJob;
    return http.owner.#send(http);
  };
  readonly #routes = new Map<string, Route>();

  constructor(options: RestOptions = {}) {
    registerSecret(options.token);
    validateOptions(options);
    this.tokenType = options.tokenType ?? 'Bot';
    this.#authorization = options.token ? `${this.tokenType} ${options.token}` : undefined;
    this.#ownsPool = !options.pool && options.baseUrl !== undefined;
    this.pool =
      options.pool ?? (options.baseUrl !== undefined ? new RestPool({ baseUrl: options.baseUrl }) : defaultRestPool());
    const base = new URL(options.baseUrl ?? this.pool.baseUrl);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#clock = options.clock ?? systemClock;
    this.#timeout = options.timeout ?? 15_000;
    this.#deadline = options.deadline;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#enforceNonce = options.enforceNonce ?? true;
    this.applicationId =
      options.applicationId ?? (this.tokenType === 'Bot' ? applicationIdFromToken(options.token) : undefined);
    const make = (): RateLimiter =>
      new RateLimiter({
        clock: this.#clock,
        logger: options.logger ?? silentLogger,
        random: options.random ?? Math.random,
        globalLimit: options.globalLimit ?? 50,
        guard: this.pool.guard,
        maxRateLimitWait: options.maxRateLimitWait ?? 60_000,
        retries: options.retries ?? 3,
        retryBackoff: options.retryBackoff ?? 500,
        send: Rest.#dispatch,
        ...(options.rateLimitStore ? { store: options.rateLimitStore } : {}),
      });
    this.limiter = this.#authorization
      ? this.pool.limiterFor(this.#authorization, this.#clock, make, this.#origin + this.#basePath)
      : make();
  }

  /**
   * Send a request and return the parsed answer (`undefined` for 204). `path` is relative to the API
   * base: `/channels/123/messages`. Rejects with `DiscordAPIError` for an error answer,
   * `RateLimitError` when a limit would make it wait too long, `NetworkError` when Discord could not be
   * reached, `ValidationError` for bad options, or the signal's reason when aborted.
   */
  request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new RestClosedError(method, path.split('?')[0]!));
    try {
      if (needsReading(options.files)) {
        // Streams and paths become Blobs first: a request may be sent more than once.
        return readFiles(options.files as readonly RestFile[], options.signal).then((files) =>
          this.#request<T>(method, path, { ...options, files }),
        );
      }
      return this.#request<T>(method, path, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #request<T>(method: HttpMethod, rawPath: string, options: RequestOptions): Promise<T> {
    const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
    const route = this.#route(method, path);
    let body = options.body;
    let retryable = IDEMPOTENT.has(route.method);
    if (route.key === MESSAGE_CREATE && isPlainObject(body)) {
      let message = body;
      if (message.nonce === undefined && this.#enforceNonce) {
        message = { ...message, nonce: this.#nonce(), enforce_nonce: true };
      }
      retryable = message.nonce !== undefined && message.enforce_nonce === true;
      body = message;
    }
    const encoded = encodeBody(body, options.files);
    const headers: Record<string, string> = { 'user-agent': this.#userAgent };
    const auth = options.auth ?? true;
    if (auth === true) {
      if (this.#authorization) headers.authorization = this.#authorization;
    } else if (typeof auth === 'string') {
      headers.authorization = auth;
    }
    if (encoded.contentType) headers['content-type'] = encoded.contentType;
    if (options.reason !== undefined) headers['x-audit-log-reason'] = encodeAuditLogReason(options.reason);
    if (options.headers) Object.assign(headers, options.headers);
    const deadline = options.deadline ?? this.#deadline;
    if (deadline !== undefined && !(typeof deadline === 'number' && deadline > 0)) {
      throw new ValidationError('deadline', `must be a number of ms above 0, got ${String(deadline)}`);
    }
    const bound = deadline === undefined ? undefined : this.#bound(route, deadline, options.signal);
    const sent = new Promise<RawResponse>((resolve, reject) => {
      const job: HttpJob = {
        owner: this,
        route,
        signal: bound ? bound.signal : options.signal,
        retryable,
        useGlobal: auth !== false && !route.globalExempt,
        state: 'queued',
        failures: 0,
        rateLimited: 0,
        slowed: false,
        onAbort: undefined,
        resolve,
        reject,
        path: this.#basePath + path + encodeQuery(options.query),
        headers,
        body: encoded.body,
        timeout: options.timeout ?? this.#timeout,
      };
      this.limiter.schedule(job);
    });
    return (bound ? sent.finally(bound.end) : sent).then((response) => {
      if (response.status < 300) return response.body as T;
      throw new DiscordAPIError(response.status, route.method, route.template, response.body, response.headers);
    });
  }

  /** A signal that fires at the deadline (on this client's clock) or with the caller's signal; `end` disarms it. */
  #bound(route: Route, deadline: number, signal: AbortSignal | undefined): { signal: AbortSignal; end: () => void } {
    const controller = new AbortController();
    const timer = this.#clock.setTimeout(
      () => controller.abort(new RequestDeadlineError(route.method, route.template, deadline)),
      deadline,
    );
    const forward = (): void => controller.abort(signal?.reason);
    if (signal?.aborted) forward();
    else signal?.addEventListener('abort', forward, { once: true });
    return {
      signal: controller.signal,
      end: () => {
        this.#clock.clearTimeout(timer);
        signal?.removeEventListener('abort', forward);
      },
    };
  }

  /** Raw `GET`; the second argument is the query string (`{ limit: 10 }`). */
  get<T = unknown>(path: string, query?: QueryInit, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, query === undefined ? options : { ...options, query });
  }

  /** Raw `POST`. */
  post<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body === undefined ? options : { ...options, body });
  }

  /** Raw `PUT`. */
  put<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, body === undefined ? options : { ...options, body });
  }

  /** Raw `PATCH`. */
  patch<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body === undefined ? options : { ...options, body });
  }

  /** Raw `DELETE`. */
  delete<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, body === undefined ? options : { ...options, body });
  }

  /** Shown by the console and `util.inspect`: where it sends and as whom (never the token). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Rest(${this.tokenType}${this.applicationId ? ` application ${this.applicationId}` : ''}, ${this.#origin}${this.#basePath})`;
  }

  /**
   * Stop: later requests reject at once with `RestClosedError`; the pool is closed if this `Rest`
   * made its own (given `baseUrl` without `pool`). Requests already queued go on.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#ownsPool) await this.pool.close();
  }

  /** Routes are parsed once per distinct path (a bounded cache; old-message deletes are never cached). */
  #route(method: HttpMethod, path: string): Route {
    const key = method + path;
    let route = this.#routes.get(key);
    if (route === undefined) {
      route = parseRoute(method, path, this.applicationId, this.#clock.now());
      if (method !== 'DELETE') {
        if (this.#routes.size >= 4096) this.#routes.clear();
        this.#routes.set(key, route);
      }
    }
    return route;
  }

  /**
   * A nonce unique across every Rest of this bot, in this process or another: a random prefix drawn
   * once per instance and a counter. (A time-based nonce repeats when two instances create a message
   * in the same channel in the same millisecond, and with `enforce_nonce` Discord would then answer the
   * second create with the first message: the second message would be lost.)
   */
  #nonce(): string {
    this.#nonceCounter += 1;
    return `${this.#noncePrefix}${this.#nonceCounter.toString(36)}`;
  }

  /** One HTTP exchange, bounded by the timeout and the caller's signal. */
  #send(job: HttpJob): Promise<RawResponse> {
    // With the real clock, undici's own timers bound the exchange (no controller, no timer per request);
    // with an injected clock, a clock timer aborts it, so tests can drive timeouts.
    return this.#clock === systemClock ? this.#sendFast(job) : this.#sendWithClock(job);
  }

  async #sendFast(job: HttpJob): Promise<RawResponse> {
    try {
      return await this.#exchange(job, job.signal, job.timeout);
    } catch (error) {
      if (job.signal?.aborted) throw job.signal.reason;
      const code = (error as { code?: unknown }).code;
      const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      throw this.#networkError(job, error, timedOut);
    }
  }

  async #sendWithClock(job: HttpJob): Promise<RawResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.#clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, job.timeout);
    const onAbort = (): void => controller.abort();
    job.signal?.addEventListener('abort', onAbort);
    try {
      return await this.#exchange(job, controller.signal, undefined);
    } catch (error) {
      if (job.signal?.aborted) throw job.signal.reason;
      throw this.#networkError(job, error, timedOut);
    } finally {
      this.#clock.clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Send the request and read the whole answer; `timeout` (ms) bounds headers and body with undici's timers. */
  async #exchange(job: HttpJob, signal: AbortSignal | undefined, timeout: number | undefined): Promise<RawResponse> {
    const response = await this.pool.dispatcher.request({
      origin: this.#origin,
      path: job.path,
      method: job.route.method as HttpMethod,
      headers: job.headers,
      body: job.body,
      signal,
      ...(timeout === undefined ? {} : { headersTimeout: timeout, bodyTimeout: timeout }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: parseBody(text, response.headers) };
  }

  #networkError(job: HttpJob, error: unknown, timedOut: boolean): NetworkError {
    const detail = timedOut ? `no answer within ${job.timeout} ms` : describe(error);
    return new NetworkError(job.route.method, job.route.template, detail, { cause: error, timedOut });
  }
}

function parseBody(text: string, headers: IncomingHttpHeaders): unknown {
  if (text.length === 0) return undefined;
  const type = headers['content-type'];
  if (typeof type === 'string' && type.startsWith('application/json')) return JSON.parse(text);
  return text;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof URLSearchParams);
}

export type { HttpMethod, RequestOptions, RestOptions, Route };
