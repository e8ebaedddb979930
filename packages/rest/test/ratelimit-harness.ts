/**
 * A deterministic stage for the rate limiter: the client's {@link RateLimiter} talks to the fake
 * Discord's rate-limit engine in memory, both on one {@link ManualClock}, with a simulated network
 * latency. Nothing waits for real time; every send is recorded in order.
 */
import { ManualClock, silentLogger } from '@kokoro/common';
import {
  InvalidRequestGuard,
  type InvalidRequestGuardOptions,
  parseRoute,
  RateLimiter,
  type RawResponse,
  type RestJob,
} from '../src/index.js';

/** What the harness needs of `@kokoro/testing`'s FakeRateLimiter (loaded at run time, see fake.ts). */
export interface FakeRateLimiterLike {
  check(request: { route: string; majorParameter: string; botId: string | undefined; globalExempt: boolean }): {
    headers: Record<string, string>;
    limited?: { retryAfter: number; global: boolean; scope: string; code?: number };
  };
  setLimit(route: string, limit: { limit: number; windowMs: number; bucket?: string }): void;
  setSublimit(route: string, sublimit: { limit: number; windowMs: number } | undefined): void;
  setGlobalLimit(perWindow: number, windowMs?: number, model?: 'fixed' | 'sliding'): void;
  injectRateLimit(injection?: { route?: string; scope?: string; retryAfter?: number; count?: number }): void;
  readonly stats: { requests: number; user: number; global: number; shared: number; sublimit: number };
  readonly invalidRequests: number;
}

/** `@kokoro/testing`, typed by what the tests use; imported at run time so this package's build does not depend on it. */
export async function loadTesting(): Promise<{
  FakeRateLimiter: new (options: {
    clock: ManualClock | unknown;
    globalLimit?: number;
    globalWindow?: 'fixed' | 'sliding';
  }) => FakeRateLimiterLike;
  // biome-ignore lint/suspicious/noExplicitAny: typed at the use sites
  FakeDiscord: any;
}> {
  const specifier = '@kokoro/testing';
  return import(specifier);
}

/** One recorded send. */
export interface Sent {
  tag: string;
  at: number;
  status?: number;
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  globalLimit?: number;
  serverGlobalLimit?: number;
  /** The fake's global window model (default `fixed`). */
  serverGlobalWindow?: 'fixed' | 'sliding';
  /** Time from the request to its arrival at the fake, in ms (default 1). */
  latency?: number;
  /** Time from the fake's verdict to the answer reaching the client, per request (default 0). */
  answerDelay?: (tag: string, attempt: number) => number;
  maxRateLimitWait?: number;
  guard?: InvalidRequestGuardOptions;
  /** Replace the answer of a send (fault injection); return undefined to let the fake answer. */
  fault?: (tag: string, attempt: number) => RawResponse | Error | undefined;
}

/** A limiter wired to an in-memory fake, on one manual clock. */
export async function createHarness(options: HarnessOptions = {}) {
  const { FakeRateLimiter } = await loadTesting();
  const clock = new ManualClock();
  const server = new FakeRateLimiter({
    clock,
    globalLimit: options.serverGlobalLimit ?? 50,
    globalWindow: options.serverGlobalWindow ?? 'fixed',
  });
  const guard = new InvalidRequestGuard({ clock, ...options.guard });
  const sent: Sent[] = [];
  const attempts = new Map<string, number>();
  const latency = options.latency ?? 1;
  const tags = new WeakMap<RestJob, { tag: string; bot: string }>();

  const limiter = (bot: string, globalLimit = options.globalLimit ?? 50) =>
    new RateLimiter({
      clock,
      logger: silentLogger,
      random: () => 0.5,
      globalLimit,
      guard,
      maxRateLimitWait: options.maxRateLimitWait ?? 60_000,
      retries: 3,
      retryBackoff: 100,
      send: async (job) => {
        const { tag } = tags.get(job) as { tag: string; bot: string };
        const attempt = (attempts.get(tag) ?? 0) + 1;
        attempts.set(tag, attempt);
        const record: Sent = { tag, at: clock.now() };
        sent.push(record);
        await new Promise<void>((resolve, reject) => {
          const timer = clock.setTimeout(resolve, latency);
          job.signal?.addEventListener('abort', () => {
            clock.clearTimeout(timer);
            reject(job.signal?.reason);
          });
        });
        const fault = options.fault?.(tag, attempt);
        if (fault instanceof Error) throw fault;
        if (fault) {
          record.status = fault.status;
          return fault;
        }
        const verdict = server.check({
          route: job.route.key,
          majorParameter: job.route.major,
          botId: bot,
          globalExempt: job.route.globalExempt,
        });
        const back = options.answerDelay?.(tag, attempt) ?? 0;
        if (back > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, back));
        if (verdict.limited) {
          record.status = 429;
          const { retryAfter, global } = verdict.limited;
          return {
            status: 429,
            headers: verdict.headers,
            body: { message: 'rate limited', retry_after: retryAfter, global },
          };
        }
        record.status = 200;
        return { status: 200, headers: verdict.headers, body: tag };
      },
    });

  const limiters = new Map<string, RateLimiter>();
  const bots = new Map<RateLimiter, string>();
  /** The limiter of a bot (one per token). */
  const of = (bot = 'bot1', globalLimit?: number): RateLimiter => {
    let found = limiters.get(bot);
    if (!found) {
      found = limiter(bot, globalLimit);
      limiters.set(bot, found);
      bots.set(found, bot);
    }
    return found;
  };

  /** Queue a request; resolves with its tag (or the response status for errors). */
  const request = (
    method: string,
    path: string,
    tag: string,
    extra: { bot?: string; signal?: AbortSignal; retryable?: boolean; useGlobal?: boolean } = {},
  ): Promise<RawResponse> => {
    const bot = extra.bot ?? 'bot1';
    const route = parseRoute(method, path, undefined, clock.now());
    return new Promise<RawResponse>((resolve, reject) => {
      const job: RestJob = {
        route,
        signal: extra.signal,
        retryable: extra.retryable ?? method === 'GET',
        useGlobal: extra.useGlobal ?? !route.globalExempt,
        state: 'queued',
        failures: 0,
        rateLimited: 0,
        slowed: false,
        onAbort: undefined,
        resolve,
        reject,
      };
      tags.set(job, { tag, bot });
      of(bot).schedule(job);
    });
  };

  return { clock, server, guard, sent, request, of, attempts };
}

/** Settle every promise, keeping outcomes: a value, or the error. */
export function settleAll<T>(promises: Promise<T>[]): Promise<(T | Error)[]> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (v) => v,
        (e: Error) => e,
      ),
    ),
  );
}

/** Snowflake-looking ids for paths. */
export const CHANNEL_A = '100000000000000001';
export const CHANNEL_B = '100000000000000002';
export const GUILD_A = '200000000000000001';
