/**
 * The worker side: feed a client from the stream instead of its own shards.
 *
 * Theory. Two consumers per client and worker:
 * - The cache feed, an ordered (ephemeral) consumer of every dispatch of the bot, from where the
 *   state of the current sessions begins (the earliest of the last READY of each shard): every worker
 *   applies every event to its own in-memory cache, in stream order, so `guild.members`,
 *   `client.guilds` and the handlers' "old" values answer as in one process. It also computes the
 *   handler arguments of the events the client has handlers for and keeps them by stream sequence.
 * - The work consumer, one durable pull consumer shared by the bot's workers (`<group>-<botId>`):
 *   JetStream gives each event to one of them. The worker waits until its feed applied that
 *   sequence, runs the handlers with the arguments the feed kept, and acknowledges once every
 *   handler settled (a slow handler sends "in progress" so the event is not given to another).
 *   A worker that dies leaves its events unacknowledged: after the ack wait they go to another
 *   worker. A redelivery whose handlers already ran is recognised (handled-events.ts).
 *
 * Arguments the feed no longer keeps (a redelivery long after, past `argsWindow` events) are
 * computed by applying the event again: state writes are idempotent, only the "old" values of an
 * update may then be the new ones.
 */
import type { ClientConnector, ClientFeed, ConnectedClient } from '@kokoro/core';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { APIUser } from 'discord-api-types/v10';
import { SharedStreamConnection, type StreamConnection } from './connection.js';
import { ClusterError } from './errors.js';
import { type HandledEvents, LocalHandledEvents } from './handled-events.js';
import type { StreamOptions } from './options.js';
import { PendingArgs } from './pending-args.js';
import { parseSubject } from './subjects.js';

const MS = 1_000_000;

/** Options of a {@link WorkerConnector}. */
export interface WorkerConnectorOptions extends StreamOptions {
  /** Workers with the same group share a bot's events (durable consumer `<group>-<botId>`; default `kokoro-workers`). */
  group?: string;
  /** How long an unacknowledged event waits before it goes to another worker, in ms (default 30 000). */
  ackWait?: number;
  /** Events given out and not yet acknowledged, across the group's workers (default 1024). */
  maxAckPending?: number;
  /**
   * Events a worker asks for at once (default 64). Events wait in the worker until their turn and
   * their ack wait runs meanwhile: a small batch keeps that wait short.
   */
  batch?: number;
  /** Where handled events are recorded (default: this process only; see handled-events.ts). */
  handled?: HandledEvents;
  /** How many applied events' handler arguments the feed keeps (default 20 000). */
  argsWindow?: number;
}

/** What a worker counted for one client. */
export interface WorkerProgress {
  /** The bot's user id. */
  botId: string;
  /** Events applied to the cache (every event of the bot). */
  applied: number;
  /** Events whose handlers this worker ran and acknowledged. */
  handled: number;
  /** Events given to this worker (acknowledged, with or without handlers). */
  acked: number;
  /** Redeliveries whose handlers had already run: acknowledged without running them. */
  skipped: number;
  /** Events whose handlers are running. */
  running: number;
}

/** One client served by the worker. */
class Served {
  applied = 0;
  appliedSeq = 0;
  handled = 0;
  acked = 0;
  skipped = 0;
  running = 0;
  readonly args: PendingArgs;
  readonly waiters = new Map<number, (() => void)[]>();
  feedMessages: ConsumerMessages | undefined;
  workMessages: ConsumerMessages | undefined;
  readonly loops: Promise<void>[] = [];
  readonly inFlight = new Set<Promise<void>>();
  /** Events given to this worker that wait for the feed, in delivery order, from `queueHead`. */
  readonly queue: JsMsg[] = [];
  queueHead = 0;
  stopped = false;

  constructor(
    readonly client: ConnectedClient,
    readonly feed: ClientFeed,
    readonly botId: string,
    argsWindow: number,
  ) {
    this.args = new PendingArgs(argsWindow);
  }

  /** Resolves once the feed applied `seq`. */
  appliedUpTo(seq: number): Promise<void> {
    if (this.appliedSeq >= seq || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(seq);
      if (list) list.push(resolve);
      else this.waiters.set(seq, [resolve]);
    });
  }

  /** The feed applied `seq`: wake who waited for it or for an earlier one. */
  advance(seq: number): void {
    this.appliedSeq = seq;
    if (this.waiters.size === 0) return;
    for (const [waited, list] of this.waiters) {
      if (waited > seq) continue;
      this.waiters.delete(waited);
      for (const resolve of list) resolve();
    }
  }
}

/** A connector that feeds clients from the stream (`kokoro worker`). */
export class WorkerConnector implements ClientConnector {
  /** For logs. */
  readonly name = 'worker';
  readonly #connection: SharedStreamConnection;
  readonly #options: WorkerConnectorOptions;
  readonly #handled: HandledEvents;
  readonly #served = new Map<ConnectedClient, Served>();

  constructor(options: WorkerConnectorOptions = {}) {
    this.#options = options;
    this.#handled = options.handled ?? new LocalHandledEvents();
    this.#connection = new SharedStreamConnection(options, 'kokoro-worker');
    const ackWait = options.ackWait ?? 30_000;
    if (!Number.isFinite(ackWait) || ackWait < 100) {
      throw new ClusterError(`ackWait must be at least 100 ms, got ${ackWait}`);
    }
  }

  /** Progress per client name. */
  progress(): Map<string, WorkerProgress> {
    const out = new Map<string, WorkerProgress>();
    for (const served of this.#served.values()) {
      out.set(served.client.name, {
        botId: served.botId,
        applied: served.applied,
        handled: served.handled,
        acked: served.acked,
        skipped: served.skipped,
        running: served.running,
      });
    }
    return out;
  }

  /** Replay the bot's current sessions into the cache, then take a share of its events. */
  async connect(client: ConnectedClient, feed: ClientFeed): Promise<void> {
    const connection = await this.#connection.get();
    const me = await client.rest.get<APIUser>('/users/@me');
    const served = new Served(client, feed, me.id, this.#options.argsWindow ?? 20_000);
    const { jsm, options } = connection;
    const filter = `${options.subjectPrefix}.${me.id}.>`;
    const start = await sessionsStart(jsm, options.stream, options.subjectPrefix, me.id);
    const last = await lastSeq(jsm, options.stream, filter);
    this.#served.set(client, served);
    try {
      const caughtUp = this.#startFeed(connection, served, filter, start, last);
      await caughtUp;
      await this.#startWork(connection, served, filter, start);
    } catch (error) {
      await this.#stop(served);
      this.#served.delete(client);
      throw error;
    }
  }

  /** Stop taking events, let the running handlers finish and acknowledge them, close the feed. */
  async disconnect(client: ConnectedClient): Promise<void> {
    const served = this.#served.get(client);
    if (!served) return;
    this.#served.delete(client);
    await this.#stop(served);
  }

  /** Disconnect every client and close the NATS connection. */
  async close(): Promise<void> {
    await Promise.all([...this.#served.keys()].map((client) => this.disconnect(client)));
    await this.#connection.close();
  }

  async #stop(served: Served): Promise<void> {
    served.workMessages?.stop();
    await Promise.allSettled(served.inFlight);
    served.stopped = true;
    served.feedMessages?.stop();
    served.advance(Number.MAX_SAFE_INTEGER);
    await Promise.allSettled(served.loops);
  }

  /** The cache feed; resolves once it applied what the stream held at start. */
  #startFeed(
    { js, options }: StreamConnection,
    served: Served,
    filter: string,
    start: number | undefined,
    last: number,
  ): Promise<void> {
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => {
      caughtUp = resolve;
    });
    if (last === 0 || (start !== undefined && start > last)) caughtUp();
    const loop = (async () => {
      const consumer = await js.consumers.get(options.stream, {
        filter_subjects: filter,
        ...(start === undefined
          ? { deliver_policy: DeliverPolicy.All }
          : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start }),
      });
      const messages = await consumer.consume({ max_messages: 1024 });
      served.feedMessages = messages;
      if (served.stopped) messages.stop();
      for await (const msg of messages) {
        this.#applyFromFeed(served, msg);
        if (msg.seq >= last) caughtUp();
      }
    })();
    served.loops.push(loop.catch((error: unknown) => this.#failed(served, 'cache feed', error)));
    return ready;
  }

  #applyFromFeed(served: Served, msg: JsMsg): void {
    const subject = parseSubject(msg.subject);
    if (subject) {
      const pending = served.feed.apply(subject.shardId, subject.t, parseData(msg));
      served.applied++;
      if (pending) served.args.set(msg.seq, pending);
    }
    served.advance(msg.seq);
  }

  /** The work consumer: create the group's durable consumer if new, and take events from it. */
  async #startWork(
    { js, jsm, options }: StreamConnection,
    served: Served,
    filter: string,
    start: number | undefined,
  ): Promise<void> {
    const durable = `${this.#options.group ?? process.env.KOKORO_WORKER_GROUP ?? 'kokoro-workers'}-${served.botId}`;
    const ackWait = (this.#options.ackWait ?? 30_000) * MS;
    try {
      await jsm.consumers.info(options.stream, durable);
    } catch {
      await jsm.consumers.add(options.stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: ackWait,
        max_ack_pending: this.#options.maxAckPending ?? 1024,
        filter_subject: filter,
        ...(start === undefined
          ? { deliver_policy: DeliverPolicy.All }
          : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start }),
      });
    }
    const consumer = await js.consumers.get(options.stream, durable);
    const messages = await consumer.consume({ max_messages: this.#options.batch ?? 64 });
    served.workMessages = messages;
    // Events wait here until the feed applied them; meanwhile "in progress" keeps them ours, so
    // a feed that lags (a busy machine) does not make JetStream give them to another worker.
    const ackWaitMs = this.#options.ackWait ?? 30_000;
    const keepAlive = setInterval(
      () => {
        for (let i = served.queueHead; i < served.queue.length; i++) served.queue[i]!.working();
      },
      Math.max(50, ackWaitMs / 3),
    );
    keepAlive.unref();
    const pump = (): void => {
      while (served.queueHead < served.queue.length) {
        const next = served.queue[served.queueHead]!;
        if (served.appliedSeq < next.seq && !served.stopped) {
          void served.appliedUpTo(next.seq).then(pump);
          return;
        }
        served.queue[served.queueHead] = undefined as unknown as JsMsg;
        served.queueHead++;
        if (!served.stopped) this.#work(served, next);
      }
      served.queue.length = 0;
      served.queueHead = 0;
    };
    const loop = (async () => {
      try {
        for await (const msg of messages) {
          const idle = served.queueHead === served.queue.length;
          served.queue.push(msg);
          if (idle) pump();
        }
      } finally {
        clearInterval(keepAlive);
      }
    })();
    served.loops.push(loop.catch((error: unknown) => this.#failed(served, 'work consumer', error)));
  }

  /** Run the handlers of one event given to this worker, then acknowledge it. */
  #work(served: Served, msg: JsMsg): void {
    let pending = served.args.take(msg.seq);
    const subject = parseSubject(msg.subject);
    if (!pending && subject && msg.seq < served.args.floor && served.feed.wants(subject.t)) {
      // Its arguments aged out of the window (a late redelivery): apply it again for them.
      pending = served.feed.apply(subject.shardId, subject.t, parseData(msg));
    }
    if (!pending) {
      msg.ack();
      served.acked++;
      return;
    }
    const id = msg.headers?.get('Nats-Msg-Id') || `${msg.info.stream}:${msg.seq}`;
    const event = pending;
    const task = (async () => {
      if (msg.redelivered && (await this.#handled.has(id))) {
        served.skipped++;
        msg.ack();
        served.acked++;
        return;
      }
      served.running++;
      const ackWaitMs = this.#options.ackWait ?? 30_000;
      const keepAlive = setInterval(() => msg.working(), Math.max(50, ackWaitMs / 3));
      try {
        await served.feed.run(event);
      } finally {
        clearInterval(keepAlive);
        served.running--;
      }
      await this.#handled.add(id);
      msg.ack();
      served.handled++;
      served.acked++;
    })();
    served.inFlight.add(task);
    void task
      .catch((error: unknown) => {
        // The record could not be written: leave the event unacknowledged, so it comes again.
        served.client.logger.error({ err: error }, 'could not record a handled event; it will be delivered again');
      })
      .finally(() => served.inFlight.delete(task));
  }

  #failed(served: Served, what: string, error: unknown): void {
    if (served.stopped) return;
    served.client.logger.error({ err: error }, `the ${what} of ${served.client.name} stopped`);
  }
}

function parseData(msg: JsMsg): unknown {
  return JSON.parse(msg.string());
}

/** The last stream sequence of `filter`, 0 when it has none. */
async function lastSeq(jsm: JetStreamManager, stream: string, filter: string): Promise<number> {
  const msg = await jsm.streams.getMessage(stream, { last_by_subj: filter }).catch(() => null);
  return msg?.seq ?? 0;
}

/**
 * Where the state of the bot's current sessions begins: the earliest of the last READY of each
 * shard (undefined when the stream holds no READY of the bot: replay everything it holds).
 */
async function sessionsStart(
  jsm: JetStreamManager,
  stream: string,
  prefix: string,
  botId: string,
): Promise<number | undefined> {
  const latest = await jsm.streams.getMessage(stream, { last_by_subj: `${prefix}.${botId}.*.READY` }).catch(() => null);
  if (!latest) return undefined;
  const shard = (JSON.parse(latest.string()) as { shard?: [number, number] }).shard;
  const count = shard?.[1] ?? 1;
  let start = latest.seq;
  for (let id = 0; id < count; id++) {
    const ready = await jsm.streams
      .getMessage(stream, { last_by_subj: `${prefix}.${botId}.${id}.READY` })
      .catch(() => null);
    if (ready) start = Math.min(start, ready.seq);
  }
  return start;
}
