/**
 * A shard's side of the session store (session-store.ts): when to load, save and delete.
 *
 * Saves and deletes run one after another, in the order asked, so an older sequence can never
 * overwrite a newer one nor a save revive a deleted session. Sequence saves are throttled to one per
 * `interval` (a stale sequence costs only a few replayed dispatches). Every store call is bounded by
 * `timeout`: a store that does not answer is logged and given up, never waited on forever; a
 * failed load means identifying anew, a failed save or delete is logged and the shard goes on.
 */
import { type Clock, KokoroError, type Logger, type TimerHandle } from '@kokoro/common';
import type { ShardSession } from './session.js';
import type { GatewaySessionKey, GatewaySessionStore, StoredGatewaySession } from './session-store.js';

/** Options of {@link SessionPersistence}. */
export interface SessionPersistenceOptions {
  store: GatewaySessionStore;
  key: GatewaySessionKey;
  clock: Clock;
  logger: Logger;
  /** Least time between two sequence saves, ms. */
  interval: number;
  /** Longest wait for one store call, ms. */
  timeout: number;
}

/** Loads, saves (throttled, in order) and deletes one shard's stored session. */
export class SessionPersistence {
  readonly #options: SessionPersistenceOptions;
  #chain: Promise<void> = Promise.resolve();
  #timer: TimerHandle | undefined;
  #lastSave = Number.NEGATIVE_INFINITY;
  #session: ShardSession | undefined;

  constructor(options: SessionPersistenceOptions) {
    this.#options = options;
  }

  /** The stored session, or undefined (none, or the store failed: then it is logged). */
  async load(): Promise<StoredGatewaySession | undefined> {
    try {
      const stored = await this.#bounded('load', () => this.#options.store.load(this.#options.key));
      if (!stored || typeof stored.sessionId !== 'string' || stored.sessionId === '') return undefined;
      return stored;
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'could not load the stored gateway session; identifying anew');
      return undefined;
    }
  }

  /** A session is up (READY or RESUMED): save it now. */
  opened(session: ShardSession): void {
    this.#session = session;
    this.#cancel();
    this.#save(session);
  }

  /** The sequence moved: save it within `interval`. */
  advanced(session: ShardSession): void {
    this.#session = session;
    if (this.#timer !== undefined) return;
    const { clock, interval } = this.#options;
    const wait = Math.max(0, this.#lastSave + interval - clock.now());
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#session?.resumable) this.#save(this.#session);
    }, wait);
  }

  /** The shard stops with its session resumable: save the last sequence; resolves when stored (or given up). */
  flush(): Promise<void> {
    this.#cancel();
    if (this.#session?.resumable) this.#save(this.#session);
    return this.#chain;
  }

  /** The session ended: delete it; resolves when deleted (or given up). */
  forget(): Promise<void> {
    this.#cancel();
    this.#session = undefined;
    this.#enqueue('delete', () => this.#options.store.delete(this.#options.key));
    return this.#chain;
  }

  #save(session: ShardSession): void {
    if (session.id === undefined) return;
    const stored: StoredGatewaySession = {
      sessionId: session.id,
      sequence: session.seq ?? 0,
      resumeUrl: session.resumeUrl ?? '',
    };
    this.#lastSave = this.#options.clock.now();
    this.#enqueue('save', () => this.#options.store.save(this.#options.key, stored));
  }

  #enqueue(what: string, call: () => Promise<void>): void {
    this.#chain = this.#chain.then(() =>
      this.#bounded(what, call).catch((error: unknown) => {
        this.#options.logger.warn({ err: error }, `could not ${what} the stored gateway session; going on`);
      }),
    );
  }

  #cancel(): void {
    if (this.#timer === undefined) return;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** `call()`, or a rejection after `timeout` ms. */
  #bounded<T>(what: string, call: () => Promise<T>): Promise<T> {
    const { clock, timeout } = this.#options;
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(
        () =>
          reject(
            new KokoroError(
              'KOKORO_GATEWAY_SESSION_STORE_TIMEOUT',
              `the gateway session store did not ${what} within ${timeout} ms; is its service (e.g. Redis) reachable?`,
            ),
          ),
        timeout,
      );
      let pending: Promise<T>;
      try {
        pending = call();
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => {
          clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
