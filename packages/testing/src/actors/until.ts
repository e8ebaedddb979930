/**
 * `fake.until(predicate)`: wait for any condition, including one on state the fake cannot see
 * change (a bot's cache, its own variables, a counter in the test). The predicate is checked at
 * once, after every change of the fake (each dispatch, each REST response it sent), and every
 * `interval` ms of real time in between, since a bot's state changes when its socket reads, not
 * when the fake writes. A check that throws counts as "not yet" (so `() => assert.equal(...)`
 * works); its error is kept for the timeout's message.
 *
 * Two limits end the wait, so it never pends forever: `timeout` on the fake's clock (with a
 * `ManualClock` it fires only when the test advances time, as every wait of the actor API), and
 * `realTimeLimit` ms of real time, a guard for a clock that nobody advances.
 */
import type { Clock, TimerHandle } from '@kokoro/common';
import { FakeDiscordError } from '../world/errors.js';
import { type Activity, DEFAULT_WAIT_TIMEOUT, FakeTimeoutError, listArrived, type WaitOptions } from './activity.js';

/** How often `until` checks its predicate in real time, besides after the fake's changes (ms). */
export const DEFAULT_UNTIL_INTERVAL = 5;
/** The least real-time guard of `until` (ms); it is never shorter than the timeout. */
export const DEFAULT_UNTIL_REAL_TIME_LIMIT = 30_000;

/** Options of {@link FakeDiscord.until}. */
export interface UntilOptions extends WaitOptions {
  /**
   * What is awaited, in words, for the timeout's message (`'the bot cached 3 guilds'`); defaults
   * to the predicate's source text.
   */
  what?: string;
  /** Real milliseconds between two checks besides those after the fake's changes; default 5. */
  interval?: number;
  /**
   * Real milliseconds after which the wait fails even if the fake's clock has not reached
   * `timeout` (a `ManualClock` nobody advances); default the larger of 30,000 and `timeout`.
   */
  realTimeLimit?: number;
}

/** Thrown by {@link FakeDiscord.until} when its predicate did not hold in time. */
export class FakeUntilTimeoutError extends FakeTimeoutError {
  /** What was awaited (`what`, or the predicate's source text). */
  readonly awaited: string;
  /** Which limit ended the wait: the fake's clock or the real-time guard. */
  readonly limit: 'fake clock' | 'real time';
  /** What the predicate returned last (a falsy value), when its last check did not throw. */
  readonly lastValue: unknown;

  constructor(
    message: string,
    details: { arrived: readonly string[]; awaited: string; limit: 'fake clock' | 'real time'; lastValue: unknown },
    cause?: unknown,
  ) {
    super(message, details.arrived);
    this.awaited = details.awaited;
    this.limit = details.limit;
    this.lastValue = details.lastValue;
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, configurable: true, writable: true });
  }
}

/** Wait until `predicate` returns a truthy value; see the module comment. */
export function until<T>(
  activity: Activity,
  clock: Clock,
  predicate: () => T | undefined | null | false,
  options: UntilOptions = {},
): Promise<T> {
  if (typeof predicate !== 'function') {
    return Promise.reject(new FakeDiscordError('until: give a function of the state, e.g. () => bot.cache.ready.'));
  }
  const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT;
  const interval = options.interval ?? DEFAULT_UNTIL_INTERVAL;
  const realTimeLimit = options.realTimeLimit ?? Math.max(DEFAULT_UNTIL_REAL_TIME_LIMIT, timeout);
  for (const [name, value, least] of [
    ['timeout', timeout, 0],
    ['interval', interval, 1],
    ['realTimeLimit', realTimeLimit, 0],
  ] as const) {
    if (!Number.isFinite(value) || value < least) {
      return Promise.reject(
        new FakeDiscordError(`until: ${name} must be a number of milliseconds >= ${least}, got ${value}.`),
      );
    }
  }
  const awaited = options.what ?? describePredicate(predicate);
  let lastError: unknown;
  let lastValue: unknown;
  const check = (): T | undefined => {
    try {
      const value = predicate();
      lastError = undefined;
      lastValue = value;
      return value || undefined;
    } catch (error) {
      lastError = error;
      lastValue = undefined;
      return undefined;
    }
  };
  const first = check();
  if (first !== undefined) return Promise.resolve(first);
  const arrived: string[] = [];
  return new Promise<T>((resolve, reject) => {
    let clockTimer: TimerHandle | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let guardTimer: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    let settled = false;
    const finish = () => {
      settled = true;
      unsubscribe();
      clock.clearTimeout(clockTimer);
      clearTimeout(pollTimer);
      clearTimeout(guardTimer);
    };
    const attempt = () => {
      if (settled) return;
      const value = check();
      if (value !== undefined) {
        finish();
        resolve(value);
      }
    };
    const fail = (limit: 'fake clock' | 'real time') => {
      if (settled) return;
      // A last look on the fake's clock: the change may have come with the tick that ends the wait.
      if (limit === 'fake clock') attempt();
      if (settled) return;
      finish();
      const ms = limit === 'fake clock' ? timeout : realTimeLimit;
      const last =
        lastError !== undefined
          ? `its last check threw ${errorText(lastError)}`
          : `its last check returned ${safeText(lastValue)}`;
      const hint =
        limit === 'real time'
          ? ` (the fake's clock had not reached the ${timeout} ms timeout: a ManualClock nobody advanced?)`
          : '';
      reject(
        new FakeUntilTimeoutError(
          `until: ${awaited} did not hold within ${ms} ms (${limit})${hint}; ${last}; ${listArrived(arrived)}.`,
          { arrived, awaited, limit, lastValue },
          lastError,
        ),
      );
    };
    guardTimer = setTimeout(() => fail('real time'), realTimeLimit);
    unsubscribe = activity.subscribe((dispatch) => {
      if (dispatch) arrived.push(dispatch.t);
      attempt();
    });
    const poll = () => {
      attempt();
      if (!settled) pollTimer = setTimeout(poll, interval);
    };
    pollTimer = setTimeout(poll, interval);
    clockTimer = clock.setTimeout(() => fail('fake clock'), timeout);
  });
}

/** The predicate's source, on one line and shortened: what the timeout's message names. */
function describePredicate(predicate: () => unknown): string {
  const source = Function.prototype.toString.call(predicate).replace(/\s+/g, ' ').trim();
  const text = source.length > 120 ? `${source.slice(0, 117)}...` : source;
  return `the condition \`${text}\``;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return safeText(error);
}

function safeText(value: unknown): string {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value;
  }
}
