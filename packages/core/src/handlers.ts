/**
 * The event handlers of one client. A handler is called as `handler(client, ...args)`, so one
 * function can serve several clients. A handler that throws or rejects never stops the others: its
 * error goes to the client's `error` handlers (called as `handler(client, error, event)`), or to
 * the log when there are none.
 */

/** A registered handler, as stored (arguments are checked by the typed `on`). */
export type AnyHandler<C> = (client: C, ...args: unknown[]) => unknown;

/** Times each delivery of an event (the lag monitor, see metrics/client-metrics.ts). */
export interface DeliveryWatch {
  now(): number;
  /** Deliveries longer than this (ms) are reported. */
  threshold(): number;
  blocked(event: string, ms: number): void;
}

/** Handlers per event name, and how they are called. */
export class Handlers<C> {
  readonly #byEvent = new Map<string, AnyHandler<C>[]>();
  readonly #logError: (event: string, error: unknown) => void;
  readonly #watch: DeliveryWatch | undefined;

  constructor(logError: (event: string, error: unknown) => void, watch?: DeliveryWatch) {
    this.#logError = logError;
    this.#watch = watch;
  }

  /** Add a handler for `event`. */
  add(event: string, handler: AnyHandler<C>): void {
    const list = this.#byEvent.get(event);
    if (list) list.push(handler);
    else this.#byEvent.set(event, [handler]);
  }

  /** Remove one registration of `handler` for `event`. */
  remove(event: string, handler: AnyHandler<C>): void {
    const list = this.#byEvent.get(event);
    if (!list) return;
    const index = list.indexOf(handler);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.#byEvent.delete(event);
  }

  /** Whether anything listens to `event`. */
  has(event: string): boolean {
    return this.#byEvent.has(event);
  }

  /** Call every handler of `event` with `(client, ...args)`; failures are routed, never thrown. */
  emit(client: C, event: string, args: unknown[]): void {
    const list = this.#byEvent.get(event);
    if (!list) return;
    const watch = this.#watch;
    const start = watch?.now() ?? 0;
    // A copy: a handler may remove itself (or add others) while the event is delivered.
    for (const handler of list.length === 1 ? list : [...list]) this.call(client, handler, args, event);
    if (watch) {
      const took = watch.now() - start;
      if (took > watch.threshold()) watch.blocked(event, took);
    }
  }

  /**
   * Call every handler of `event` as {@link emit} does, and resolve once each one and the promise it
   * returned settled (a worker acknowledges the event only then). Never rejects.
   */
  async emitSettled(client: C, event: string, args: unknown[]): Promise<void> {
    const list = this.#byEvent.get(event);
    if (!list) return;
    const pending: Promise<unknown>[] = [];
    for (const handler of list.length === 1 ? list : [...list]) {
      try {
        const result = handler(client, ...args);
        if (result instanceof Promise) {
          pending.push(result.catch((error: unknown) => this.#failed(client, event, error)));
        }
      } catch (error) {
        this.#failed(client, event, error);
      }
    }
    if (pending.length > 0) await Promise.all(pending);
  }

  /** Call one handler, routing a throw or a rejection to the `error` handlers or the log. */
  call(client: C, handler: AnyHandler<C>, args: unknown[], event: string): void {
    try {
      const result = handler(client, ...args);
      if (result instanceof Promise) result.catch((error: unknown) => this.#failed(client, event, error));
    } catch (error) {
      this.#failed(client, event, error);
    }
  }

  #failed(client: C, event: string, error: unknown): void {
    if (event !== 'error' && this.#byEvent.has('error')) this.emit(client, 'error', [error, event]);
    else this.#logError(event, error);
  }
}
