/**
 * Publishing dispatches to JetStream without stalling the shard and without losing one.
 *
 * Theory. A JetStream publish is a request: the server answers with an ack once the message is
 * stored. Waiting for each ack before the next publish caps a gateway at one round trip per event,
 * so publishes go out asynchronously and up to `window` of them may await their ack at once
 * (NATS keeps a connection's messages in order, so they are stored in the order received).
 * Past the window, dispatches wait in a FIFO queue in memory: the shard's socket reader is never
 * blocked (a blocked reader misses heartbeats and loses the session), and nothing is dropped.
 * The queue is the backpressure: its length is reported (`queued`), a warning is logged when it
 * passes `highWater`, and `flush()` waits until everything handed in is stored.
 *
 * A publish that fails (a timeout, NATS restarting) is sent again with the same message id after a
 * short backoff, until it is stored: the stream's duplicate window makes a retry whose first
 * attempt was in fact stored a no-op, so a retry can never store an event twice.
 */
import type { Logger } from '@kokoro/common';
import type { JetStreamClient } from '@nats-io/jetstream';

/** Options of a {@link DispatchPublisher}. */
export interface PublisherOptions {
  /** Publishes awaiting their ack at once (default 1024). */
  window?: number;
  /** Queued dispatches past which a warning is logged (default 100 000). */
  highWater?: number;
  /** Logger for warnings. */
  logger?: Logger;
}

interface Outgoing {
  subject: string;
  data: string;
  msgID: string;
  attempts: number;
}

/** Publishes dispatches with a bounded number in flight (see the module comment). */
export class DispatchPublisher {
  /** Dispatches stored by JetStream. */
  stored = 0;
  /** Publishes JetStream answered as duplicates (already stored under the same id). */
  duplicates = 0;
  /** Publishes that failed and were sent again. */
  retries = 0;
  readonly #js: JetStreamClient;
  readonly #window: number;
  readonly #highWater: number;
  readonly #logger: Logger | undefined;
  readonly #queue: Outgoing[] = [];
  #head = 0;
  #inFlight = 0;
  #warned = false;
  #idle: (() => void)[] = [];

  constructor(js: JetStreamClient, options: PublisherOptions = {}) {
    this.#js = js;
    this.#window = options.window ?? 1024;
    this.#highWater = options.highWater ?? 100_000;
    this.#logger = options.logger;
  }

  /** Dispatches waiting for a publish slot. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Publishes awaiting their ack. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Hand in a dispatch; it is published in order, and retried until stored. */
  publish(subject: string, data: string, msgID: string): void {
    const outgoing = { subject, data, msgID, attempts: 0 };
    if (this.#inFlight < this.#window && this.queued === 0) this.#send(outgoing);
    else {
      this.#queue.push(outgoing);
      if (!this.#warned && this.queued > this.#highWater) {
        this.#warned = true;
        this.#logger?.warn(
          { queued: this.queued },
          `JetStream is slower than the gateway: ${this.queued} dispatches wait in memory (none is dropped)`,
        );
      }
    }
  }

  /** Resolves when every dispatch handed in so far is stored. */
  flush(): Promise<void> {
    if (this.#inFlight === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #send(outgoing: Outgoing): void {
    this.#inFlight++;
    this.#js.publish(outgoing.subject, outgoing.data, { msgID: outgoing.msgID, timeout: 10_000 }).then(
      (ack) => {
        if (ack.duplicate) this.duplicates++;
        else this.stored++;
        this.#done();
      },
      (error: unknown) => {
        outgoing.attempts++;
        this.retries++;
        if (outgoing.attempts === 1 || outgoing.attempts % 20 === 0) {
          this.#logger?.warn(
            { err: error, subject: outgoing.subject, attempts: outgoing.attempts },
            'a JetStream publish failed; sending it again (the message id keeps it from being stored twice)',
          );
        }
        setTimeout(
          () => {
            this.#inFlight--;
            this.#send(outgoing);
          },
          Math.min(2000, 50 * outgoing.attempts),
        ).unref();
      },
    );
  }

  #done(): void {
    this.#inFlight--;
    while (this.#inFlight < this.#window && this.#head < this.#queue.length) {
      const next = this.#queue[this.#head]!;
      this.#queue[this.#head] = undefined as unknown as Outgoing;
      this.#head++;
      this.#send(next);
    }
    if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    if (this.queued < this.#highWater / 2) this.#warned = false;
    if (this.#inFlight === 0 && this.queued === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
