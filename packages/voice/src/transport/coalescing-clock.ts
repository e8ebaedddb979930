/**
 * A clock that shares timers. Every connection's pacer wants a timer every 20 ms; with many
 * connections on one thread, that is one wake-up of the thread per frame per connection. This clock
 * puts timers due in the same `granularityMs` slot (the due time rounded up to the slot) on one
 * timer of the underlying clock, which runs their callbacks in the order they were set: the thread
 * wakes at most once per slot, however many connections are due in it. A callback never runs early
 * (by more than 0.05 ms); it may run up to one slot late (1 ms by default, the resolution of Node's own timers).
 */
import type { Clock, TimerHandle } from '@kokoro/common';

interface SharedTimer {
  slot: number;
  handle: TimerHandle | undefined;
  entries: Entry[];
  live: number;
}

interface Entry {
  callback: () => void;
  timer: SharedTimer;
  cancelled: boolean;
}

/** How early (ms) a callback may run: the slack between a caller's now() and this clock's. */
const EARLY_MS = 0.05;

/** A {@link Clock} whose timers due in the same slot share one timer of `base`. */
export class CoalescingClock implements Clock {
  readonly #base: Clock;
  readonly #granularity: number;
  readonly #slots = new Map<number, SharedTimer>();

  constructor(base: Clock, granularityMs = 1) {
    this.#base = base;
    this.#granularity = granularityMs;
  }

  /** Timers of the underlying clock pending now (one per slot in use). */
  get pendingSlots(): number {
    return this.#slots.size;
  }

  now(): number {
    return this.#base.now();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const now = this.#base.now();
    // A timer for an instant on a slot boundary (a pacer on the grid) keeps that slot, although
    // its delay was measured from a slightly earlier now(): up to EARLY_MS early is on time.
    const slot = Math.ceil((now + Math.max(0, ms) - EARLY_MS) / this.#granularity);
    let timer = this.#slots.get(slot);
    if (!timer) {
      const created: SharedTimer = { slot, handle: undefined, entries: [], live: 0 };
      created.handle = this.#base.setTimeout(() => this.#fire(created), Math.max(0, slot * this.#granularity - now));
      this.#slots.set(slot, created);
      timer = created;
    }
    const entry: Entry = { callback, timer, cancelled: false };
    timer.entries.push(entry);
    timer.live++;
    return entry;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    const entry = handle as Entry | undefined;
    if (!entry || entry.cancelled || !entry.timer) return;
    entry.cancelled = true;
    const timer = entry.timer;
    if (--timer.live === 0 && this.#slots.get(timer.slot) === timer) {
      this.#slots.delete(timer.slot);
      this.#base.clearTimeout(timer.handle);
    }
  }

  #fire(timer: SharedTimer): void {
    if (this.#slots.get(timer.slot) === timer) this.#slots.delete(timer.slot);
    for (const entry of timer.entries) {
      if (entry.cancelled) continue;
      entry.cancelled = true;
      entry.callback();
    }
  }
}
