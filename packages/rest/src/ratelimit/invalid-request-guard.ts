/**
 * Discord bans an IP for hours after 10,000 invalid responses (status 401, 403, or 429 except
 * shared-scope 429s) within 10 minutes. The count is per IP, so one guard serves every client of a
 * process. It counts invalid responses in a sliding window of one-second slots and, as the count
 * grows, first warns, then slows every request down, then refuses to send anything with
 * {@link InvalidRequestLimitError} until old responses fall out of the window — long before the ban.
 * Slowing spaces the process's requests `slowInterval` apart (10 per second by default): that caps
 * how fast the count can still grow and leaves time for the warnings to be read. Processes that share
 * one IP share a count through a rate-limit store (store.ts): the guard then follows the larger of
 * its own count and the shared one it was last told ({@link InvalidRequestGuard.observeShared}).
 */
import { type Clock, createLogger, type Logger, silentLogger, systemClock } from '@kokoro/common';

/** Options of {@link InvalidRequestGuard}. */
export interface InvalidRequestGuardOptions {
  /** The clock of the 10-minute window (default: the system's). */
  clock?: Clock;
  /** Where the warning is logged. */
  logger?: Logger;
  /** Count at which a warning is logged (once per crossing). Default 1,000. */
  warnAt?: number;
  /** Count from which the process's requests are spaced `slowInterval` apart. Default 5,000. */
  slowAt?: number;
  /** Count from which requests are refused. Default 9,000 (Discord bans at 10,000). */
  refuseAt?: number;
  /** Time between two requests of the process once `slowAt` is reached. Default 100 ms. */
  slowInterval?: number;
  /** Window length. Default 10 minutes, as Discord's. */
  windowMs?: number;
}

/** Where the guard stands. */
export type InvalidRequestLevel = 'normal' | 'warning' | 'slowing' | 'refusing';

const SLOT_MS = 1000;

/** How long a shared count observed with {@link InvalidRequestGuard.observeShared} is trusted, ms. */
export const SHARED_COUNT_VALID_MS = 15_000;

/** Counts invalid responses per process and throttles before Discord's invalid-request ban. */
export class InvalidRequestGuard {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #warnAt: number;
  readonly #slowAt: number;
  readonly #refuseAt: number;
  readonly #slowInterval: number;
  /** When slowing: the earliest time the next request may leave. */
  #nextSlot = 0;
  readonly #slots: Int32Array;
  #slotSecond: number; // the slot index (time / SLOT_MS) the ring's current position stands for
  #total = 0;
  #level: InvalidRequestLevel = 'normal';
  /** The count shared by the processes of this IP, as last observed, and when. */
  #shared = 0;
  #sharedAt = Number.NEGATIVE_INFINITY;

  constructor(options: InvalidRequestGuardOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#warnAt = options.warnAt ?? 1000;
    this.#slowAt = options.slowAt ?? 5000;
    this.#refuseAt = options.refuseAt ?? 9000;
    this.#slowInterval = options.slowInterval ?? 100;
    this.#slots = new Int32Array(Math.max(1, Math.ceil((options.windowMs ?? 600_000) / SLOT_MS)));
    this.#slotSecond = Math.floor(this.#clock.now() / SLOT_MS);
  }

  /** Invalid responses counted in the window (the shared count when larger; see `observeShared`). */
  get count(): number {
    this.#expire();
    return this.#effective();
  }

  /**
   * The invalid-answer count of every process sharing this IP, read from a shared store. For the
   * next {@link SHARED_COUNT_VALID_MS} ms the guard's level follows it when it is above its own count.
   */
  observeShared(count: number): void {
    this.#shared = Number.isFinite(count) && count > 0 ? count : 0;
    this.#sharedAt = this.#clock.now();
    this.#expire();
    this.#updateLevel();
  }

  /** This process's count, or the shared one while it is fresh and larger. */
  #effective(): number {
    if (this.#shared <= this.#total || this.#clock.now() - this.#sharedAt > SHARED_COUNT_VALID_MS) return this.#total;
    return this.#shared;
  }

  /** The current level. */
  get level(): InvalidRequestLevel {
    this.#expire();
    this.#updateLevel();
    return this.#level;
  }

  /** Count one invalid response (401, 403, or a 429 that is not shared-scope). */
  record(): void {
    this.#expire();
    const slot = this.#slotSecond % this.#slots.length;
    this.#slots[slot] = (this.#slots[slot] as number) + 1;
    this.#total++;
    this.#updateLevel();
  }

  /**
   * Ask to send a request: returns 0 (go), a delay in ms (slowing: the request has been given the
   * slot at now + delay, and asks again with `waited` after sleeping), or -ms (refused: the count
   * stays at or above `refuseAt` for at least that long).
   */
  admit(waited = false): number {
    if (this.#total < this.#slowAt && this.#shared < this.#slowAt) return 0; // fast path: nothing that could matter
    this.#expire();
    this.#updateLevel();
    const total = this.#effective();
    if (total >= this.#refuseAt) {
      // Refused on the shared count: ask again once a fresher count may have come.
      return total > this.#total ? -SHARED_COUNT_VALID_MS : -this.#timeBelow(this.#refuseAt);
    }
    if (total < this.#slowAt || waited) return 0;
    const now = this.#clock.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + this.#slowInterval;
    return slot - now;
  }

  /** Milliseconds until the count falls below `threshold`, assuming no new invalid responses. */
  #timeBelow(threshold: number): number {
    const n = this.#slots.length;
    let remaining = this.#total;
    for (let age = n - 1; age >= 0; age--) {
      remaining -= this.#slots[(this.#slotSecond - age + n * 2) % n] as number;
      if (remaining < threshold) {
        const expiresAt = (this.#slotSecond - age + n) * SLOT_MS;
        return Math.max(1, expiresAt - this.#clock.now());
      }
    }
    return SLOT_MS;
  }

  #expire(): void {
    const second = Math.floor(this.#clock.now() / SLOT_MS);
    if (second === this.#slotSecond) return;
    const n = this.#slots.length;
    const steps = Math.min(second - this.#slotSecond, n);
    for (let i = 1; i <= steps; i++) {
      const slot = (this.#slotSecond + i) % n;
      this.#total -= this.#slots[slot] as number;
      this.#slots[slot] = 0;
    }
    this.#slotSecond = second;
  }

  #updateLevel(): void {
    const total = this.#effective();
    const level: InvalidRequestLevel =
      total >= this.#refuseAt
        ? 'refusing'
        : total >= this.#slowAt
          ? 'slowing'
          : total >= this.#warnAt
            ? 'warning'
            : 'normal';
    if (level === this.#level) return;
    const rising = rank(level) > rank(this.#level);
    this.#level = level;
    if (rising) {
      this.#logger.warn(
        { invalidRequests: total, level },
        `${total} invalid responses (401/403/429) in the last 10 minutes; Discord bans the IP at 10,000. Now ${level}.`,
      );
    } else {
      this.#logger.info({ invalidRequests: total, level }, 'invalid-request count falling');
    }
  }
}

function rank(level: InvalidRequestLevel): number {
  return level === 'normal' ? 0 : level === 'warning' ? 1 : level === 'slowing' ? 2 : 3;
}

let processGuard: InvalidRequestGuard | undefined;

/**
 * The guard shared by every pool of this thread (Discord counts per IP). The first caller's logger
 * is used; without one, warnings go to a `kokoro.rest` logger on standard error.
 */
export function processInvalidRequestGuard(logger?: Logger): InvalidRequestGuard {
  processGuard ??= new InvalidRequestGuard({ logger: logger ?? createLogger({ name: 'kokoro.rest', level: 'warn' }) });
  return processGuard;
}
