/**
 * The deadline of a connection attempt. An attempt that stalls is given up and retried with
 * backoff: a socket that never says Hello (the connect timeout), or an Identify or Resume that
 * READY/RESUMED never answers (the ready timeout: a stalled gateway node). One attempt has at most
 * one deadline running.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/** One replaceable timer. */
export class AttemptDeadline {
  readonly #clock: Clock;
  #timer: TimerHandle | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Run `onExpire` in `ms` unless cleared or re-armed first. */
  arm(ms: number, onExpire: () => void): void {
    this.clear();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      onExpire();
    }, ms);
  }

  /** Stop the running deadline, if any. */
  clear(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
