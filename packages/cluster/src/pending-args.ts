/**
 * Handler arguments computed by a worker's cache feed, kept by stream sequence until the work
 * consumer delivers that event to this worker (or they age out: most events go to other workers).
 */
import type { PendingEvent } from '@kokoro/core';

/** The last `limit` applied events' handler arguments, by stream sequence. */
export class PendingArgs {
  /** Sequences below this were applied but may have been forgotten. */
  floor = 0;
  readonly #bySeq = new Map<number, PendingEvent>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Keep the arguments of the event at `seq`. */
  set(seq: number, event: PendingEvent): void {
    this.#bySeq.set(seq, event);
    if (this.#bySeq.size > this.#limit) {
      const oldest = this.#bySeq.keys().next().value as number;
      this.#bySeq.delete(oldest);
      this.floor = oldest + 1;
    }
  }

  /** Take (and forget) the arguments of `seq`. */
  take(seq: number): PendingEvent | undefined {
    const event = this.#bySeq.get(seq);
    if (event) this.#bySeq.delete(seq);
    return event;
  }

  /** How many are kept. */
  get size(): number {
    return this.#bySeq.size;
  }
}
