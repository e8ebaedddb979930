/**
 * Publishing dispatches to JetStream without stalling the shard and without losing one.
 *
 * Theory. A JetStream publish is a core NATS publish with a reply subject: the server stores the
 * message and answers on the reply subject with a small JSON ack (`{"stream":…,"seq":…}`, with
 * `"duplicate":true` when the id was already stored, or `{"error":…}`). Waiting for each ack
 * before the next publish caps a gateway at one round trip per event, so publishes go out
 * asynchronously and up to `window` of them may await their ack at once (NATS keeps a connection's
 * messages in order, so they are stored in the order received).
 *
 * The client library's `js.publish` makes each publish a full request (a promise, a timer, an error
 * object with a captured stack, a JSON parse of the ack): measured at 127 µs of CPU per message on
 * the project's machine, more than everything else the gateway does per dispatch. So the publisher
 * does what that request does, in bulk: one subscription to an inbox of its own (`<inbox>.*`), each
 * publish carries the reply subject `<inbox>.<n>`, the answers are matched by `n`, and one timer
 * per second sends again what waited longer than `timeout` (35 µs per message).
 *
 * Past the window, dispatches wait in a FIFO queue in memory: the shard's socket reader is never
 * blocked (a blocked reader misses heartbeats and loses the session), and nothing is dropped.
 * The queue is the backpressure: its length is reported (`queued`), a warning is logged when it
 * passes `highWater`, and `flush()` waits until everything handed in is stored.
 *
 * A publish that fails (an error answer, no JetStream listening, no answer within `timeout`, NATS
 * restarting) is sent again with the same message id after a short backoff, until it is stored:
 * the stream's duplicate window makes a retry whose first attempt was in fact stored a no-op, so a
 * retry can never store an event twice.
 */
import type { Logger } from '@kokoro/common';
import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** The ack of a publish whose id the stream already held (`"duplicate": true`, spacing as the server writes it). */
const DUPLICATE = /"duplicate":\s*true/;

/** Options of a {@link DispatchPublisher}. */
export interface PublisherOptions {
  /** Publishes awaiting their ack at once (default 1024). */
  window?: number;
  /** Queued dispatches past which a warning is logged (default 100 000). */
  highWater?: number;
  /** How long a publish waits for its ack before it is sent again, in ms (default 10 000). */
  timeout?: number;
  /** Logger for warnings. */
  logger?: Logger;
}

interface Outgoing {
  subject: string;
  /** Dispatches in the message. */
  count: number;
  /** Called once JetStream stored it (or already had it). */
  onStored: (() => void) | undefined;
  data: string;
  msgID: string;
  attempts: number;
  /** When the current attempt was sent (ms, `performance.now()`). */
  sentAt: number;
}

/** Publishes dispatches with a bounded number in flight (see the module comment). */
export class DispatchPublisher {
  /** Dispatches stored by JetStream (a message of a run counts each of its dispatches). */
  stored = 0;
  /** Dispatches in publishes JetStream answered as duplicates (already stored under the same id). */
  duplicates = 0;
  /** Publishes that failed and were sent again. */
  retries = 0;
  /** Messages stored (or answered as duplicates): with `stored + duplicates`, the dispatches per message. */
  messages = 0;
  readonly #nc: NatsConnection;
  readonly #window: number;
  readonly #highWater: number;
  readonly #timeout: number;
  readonly #logger: Logger | undefined;
  readonly #inbox = createInbox();
  readonly #queue: Outgoing[] = [];
  /** Publishes awaiting their ack, by reply token, oldest first. */
  readonly #awaiting = new Map<number, Outgoing>();
  #subscription: Subscription | undefined;
  #sweep: ReturnType<typeof setInterval> | undefined;
  #nextToken = 0;
  #head = 0;
  #inFlight = 0;
  #warned = false;
  #closed = false;
  #idle: (() => void)[] = [];

  constructor(nc: NatsConnection, options: PublisherOptions = {}) {
    this.#nc = nc;
    this.#window = options.window ?? 1024;
    this.#highWater = options.highWater ?? 100_000;
    this.#timeout = options.timeout ?? 10_000;
    this.#logger = options.logger;
  }

  /** Messages waiting for a publish slot. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Publishes awaiting their ack. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Hand in a message (one dispatch, or a run of `count`); it is published in order, and retried
   * until stored; then `onStored` is called.
   */
  publish(subject: string, data: string, msgID: string, count = 1, onStored?: () => void): void {
    const outgoing = { subject, count, onStored, data, msgID, attempts: 0, sentAt: 0 };
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

  /** Stop listening for acks (after `flush()`); publishes awaiting theirs are forgotten. */
  close(): void {
    this.#closed = true;
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    this.#awaiting.clear();
  }

  /** Subscribe to the ack inbox on first use (NATS registers it before the publishes that follow). */
  #listen(): void {
    if (this.#subscription) return;
    const prefix = this.#inbox.length + 1;
    this.#subscription = this.#nc.subscribe(`${this.#inbox}.*`, {
      callback: (error, msg) => {
        if (error) return; // the subscription ended (connection closed): timeouts retry
        const token = Number(msg.subject.slice(prefix));
        const outgoing = this.#awaiting.get(token);
        if (!outgoing) return; // answered after its timeout: it was sent again
        this.#awaiting.delete(token);
        this.#answered(outgoing, msg);
      },
    });
    this.#sweep = setInterval(() => this.#expire(), Math.min(1000, this.#timeout)).unref();
  }

  #send(outgoing: Outgoing): void {
    if (this.#closed) return;
    this.#inFlight++;
    this.#listen();
    const token = this.#nextToken++;
    const h = headers();
    h.set('Nats-Msg-Id', outgoing.msgID);
    outgoing.sentAt = performance.now();
    this.#awaiting.set(token, outgoing);
    try {
      this.#nc.publish(outgoing.subject, outgoing.data, { reply: `${this.#inbox}.${token}`, headers: h });
    } catch (error) {
      this.#awaiting.delete(token);
      this.#failed(outgoing, error);
    }
  }

  #answered(outgoing: Outgoing, msg: Msg): void {
    const data = msg.data;
    if (data.length === 0) {
      // A status without a body: 503, no JetStream stream listens on the subject (yet).
      this.#failed(outgoing, new Error(`no JetStream answer for ${outgoing.subject} (${msg.headers?.code ?? '?'})`));
      return;
    }
    const text = msg.string();
    if (text.includes('"error"')) {
      this.#failed(outgoing, new Error(`JetStream refused ${outgoing.subject}: ${text}`));
      return;
    }
    if (DUPLICATE.test(text)) this.duplicates += outgoing.count;
    else this.stored += outgoing.count;
    this.messages++;
    outgoing.onStored?.();
    this.#done();
  }

  /** Publishes that waited longer than the timeout for their ack fail (and are sent again). */
  #expire(): void {
    const limit = performance.now() - this.#timeout;
    for (const [token, outgoing] of this.#awaiting) {
      if (outgoing.sentAt > limit) break; // oldest first: the rest are younger
      this.#awaiting.delete(token);
      this.#failed(outgoing, new Error(`no ack from JetStream within ${this.#timeout} ms`));
    }
  }

  #failed(outgoing: Outgoing, error: unknown): void {
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
