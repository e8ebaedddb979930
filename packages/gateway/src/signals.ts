/**
 * The promises a shard hands out: `start()` waiters, settled at the next READY/RESUMED or failed
 * by a fatal error or a close; and the `join()` promise of the current run, settled when the run
 * ends. A run's `join()` promise never causes an unhandled rejection when nobody joins.
 */

interface Deferred {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Start waiters and the join promise of one shard. */
export class ShardSignals {
  #waiters: Deferred[] = [];
  #joined: Promise<void> = Promise.resolve();
  #run: Deferred | undefined;

  /** A promise for the next READY or RESUMED. */
  waitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** READY or RESUMED: every waiter resolves. */
  ready(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  /** Every waiter fails with `error`. */
  failWaiters(error: unknown): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  /** A new run begins (start() from idle or closed). */
  beginRun(): void {
    this.#joined = new Promise<void>((resolve, reject) => {
      this.#run = { resolve, reject };
    });
    this.#joined.catch(() => {});
  }

  /** The current run's end. */
  get joined(): Promise<void> {
    return this.#joined;
  }

  /** The run ended by close(). */
  endRun(): void {
    this.#run?.resolve();
  }

  /** The run ended by an error. */
  failRun(error: unknown): void {
    this.#run?.reject(error);
  }
}
