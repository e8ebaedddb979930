/**
 * Waiting for a bot without sleeping. A condition is checked once at once, then again after every
 * change that could make it true: each world dispatch (a message posted, a reaction, a voice
 * state...) and each REST response the fake finished sending (an interaction callback, which
 * dispatches nothing). So a wait ends on the event that satisfies it, never on a poll interval.
 * The timeout runs on the world's clock: with a `ManualClock` it fires only when the test
 * advances time, so a slow machine never fails a test by itself.
 */
import type { Clock, TimerHandle } from '@kokoro/common';
import { FakeDiscordError } from '../world/errors.js';
import type { World, WorldDispatch } from '../world/world.js';

/** How long the actor API waits by default (ms, on the world's clock). */
export const DEFAULT_WAIT_TIMEOUT = 5_000;

/** Thrown when a wait of the actor API ends without its condition; the message lists what arrived. */
export class FakeTimeoutError extends FakeDiscordError {
  /** What did arrive while waiting (event names, messages), oldest first. */
  readonly arrived: readonly string[];

  constructor(message: string, arrived: readonly string[]) {
    super(message);
    this.arrived = arrived;
  }
}

/** Options of every wait of the actor API. */
export interface WaitOptions {
  /** Milliseconds on the fake's clock before the wait fails; defaults to 5,000. */
  timeout?: number;
}

/** The source of "something changed" signals of one fake: its world and its REST responses. */
export class Activity {
  readonly #world: World;
  readonly #listeners = new Set<(dispatch: WorldDispatch | undefined) => void>();

  constructor(world: World) {
    this.#world = world;
    world.onDispatch((dispatch) => this.#emit(dispatch));
  }

  /**
   * Call `listener` after every change (a dispatch, or `undefined` for a REST response) until the
   * returned function is called.
   */
  subscribe(listener: (dispatch: WorldDispatch | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Tell waiters that a REST response went out (called by the fake's HTTP server). */
  restResponded(): void {
    this.#emit(undefined);
  }

  #emit(dispatch: WorldDispatch | undefined): void {
    for (const listener of [...this.#listeners]) listener(dispatch);
  }

  /**
   * Resolve with the first truthy value of `check`, evaluated now and after every change. On
   * timeout, reject with a {@link FakeTimeoutError} whose message is `describe(arrived)`, where
   * `arrived` lists the dispatches seen meanwhile (by `label`, default the event name).
   */
  until<T>(
    check: (dispatch: WorldDispatch | undefined) => T | undefined | null | false,
    options: WaitOptions & {
      describe: (arrived: readonly string[]) => string;
      label?: (dispatch: WorldDispatch) => string | undefined;
    },
  ): Promise<T> {
    const first = check(undefined);
    if (first) return Promise.resolve(first);
    const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT;
    if (!Number.isFinite(timeout) || timeout < 0) {
      return Promise.reject(new FakeDiscordError(`timeout must be a number of milliseconds >= 0, got ${timeout}.`));
    }
    const clock: Clock = this.#world.clock;
    const arrived: string[] = [];
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const listener = (dispatch: WorldDispatch | undefined) => {
        if (dispatch) {
          const label = options.label ? options.label(dispatch) : dispatch.t;
          if (label !== undefined) arrived.push(label);
        }
        let value: T | undefined | null | false;
        try {
          value = check(dispatch);
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const finish = () => {
        this.#listeners.delete(listener);
        clock.clearTimeout(timer);
      };
      this.#listeners.add(listener);
      timer = clock.setTimeout(() => {
        finish();
        reject(new FakeTimeoutError(options.describe(arrived), arrived));
      }, timeout);
    });
  }
}

/** `a, b, c` or `nothing`, at most `max` items (then `… and N more`). */
export function listArrived(arrived: readonly string[], max = 10): string {
  if (arrived.length === 0) return 'nothing arrived';
  const shown = arrived.slice(-max);
  const more = arrived.length > max ? ` (and ${arrived.length - max} earlier)` : '';
  return `arrived: ${shown.join('; ')}${more}`;
}
