import type { Clock } from '@kokoro/common';

/**
 * Discord's invalid-request counter, per IP (here: per fake): answers with status 401, 403, or 429
 * other than shared-scope, in a sliding window. Reaching the limit bans for `banMs`.
 */
export class InvalidRequestCounter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #banMs: number;
  /** Times of the invalid answers still in the window, oldest first. */
  #times: number[] = [];
  #head = 0;
  #bannedUntil = 0;

  constructor(clock: Clock, options: { limit: number; windowMs: number; banMs: number }) {
    this.#clock = clock;
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#banMs = options.banMs;
  }

  /** Invalid answers in the window. */
  get count(): number {
    this.#expire(this.#clock.now());
    return this.#times.length - this.#head;
  }

  /** Whether requests are refused (banned). */
  get banned(): boolean {
    return this.#clock.now() < this.#bannedUntil;
  }

  /** Milliseconds left of the ban. */
  bannedFor(): number {
    return Math.max(0, this.#bannedUntil - this.#clock.now());
  }

  /** Count one invalid answer; ban when the limit is reached. */
  record(): void {
    const now = this.#clock.now();
    this.#expire(now);
    this.#times.push(now);
    if (this.#times.length - this.#head >= this.#limit && now >= this.#bannedUntil)
      this.#bannedUntil = now + this.#banMs;
  }

  /** Forget everything, including a ban. */
  reset(): void {
    this.#times = [];
    this.#head = 0;
    this.#bannedUntil = 0;
  }

  #expire(now: number): void {
    const oldest = now - this.#windowMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= oldest) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
