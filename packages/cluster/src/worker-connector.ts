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
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClientFeed, ConnectedClient, PendingEvent } from '@kokoro/core';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { StreamGateway } from './commands.js';
import type { StreamConnection } from './connection.js';
import { ClusterError } from './errors.js';
import { type HandledEvents, LocalHandledEvents } from './handled-events.js';
import type { ConnectorOptions } from './options.js';
import { PendingArgs } from './pending-args.js';
import type { ShardLeases } from './redis/shard-leases.js';
import { MAX_RUN } from './runs.js';
import { StreamConnector } from './stream-connector.js';
import { type ParsedRunId, parseRunId, parseSubject } from './subjects.js';

const MS = 1_000_000;
/**
 * A turn of the pump (see `#startLane`) starts handlers until this many ran or `TURN_MS` passed;
 * then their records go out before more run. The bound is what a killed worker can leave handled
 * and unrecorded (those run again elsewhere): a kill lands mid-turn, and on average half a turn's
 * handlers have run unrecorded (64 per turn: up to 31 events twice in a bench fault run). Slow
 * handlers make the time bound the one that counts.
 *
 * Its cost, measured on the cluster bench (2026-12-07): 64 per turn saved the 4 workers ~28 µs of CPU
 * per event over 8, and the Redis calls are not what makes it (64 per turn with the records sent in
 * calls of 8 saved as much): the turns are. Turns of 8 handlers chained in one event-loop turn
 * (records sent between them) saved ~15 µs, but the fault runs then handled events twice in 2 of 6
 * (3 and 8), against 0 of 6 with a turn each: the window is the same 8 handlers, and a kill finds a
 * busier worker in it more often. Kept: a turn each.
 */
const TURN = 8;
const TURN_MS = 1;

/** Options of a {@link WorkerConnector}. */
export interface WorkerConnectorOptions extends ConnectorOptions {
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
  /**
   * Own shards instead of sharing every event: each worker takes a fair share of the bot's shards
   * (leases, see redis/shard-leases.ts), applies and handles only their events (one delivery per
   * event in the whole group instead of one per worker plus one), and takes over a dead worker's
   * shards by replaying them from their READY. `client.guilds` then holds the guilds of the worker's
   * shards only (a shard given back to a newer worker takes its guilds out of the cache). Default:
   * every worker applies every event and holds the whole cache.
   */
  shardLeases?: ShardLeases;
  /** With `shardLeases`: how long to wait for a gateway process's first READY of the bot, ms (default 60 000). */
  readyTimeout?: number;
  /**
   * How long a gateway command (presence, voice state, member request) waits for a gateway process
   * owning its shard, ms (default 10 000); then it fails with `GatewayCommandError`.
   */
  commandTimeout?: number;
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
  /** With shard leases: the shards this worker owns and takes events of (a takeover's replay done). */
  shards?: number[];
}

/**
 * A message given to this worker by the work consumer: one dispatch, or a run of them (runs.ts).
 * It is acknowledged once every dispatch in it is done (handlers settled and recorded, or nothing
 * to run).
 */
interface Delivery {
  msg: JsMsg;
  /** The lane (consumer) it came from. */
  lane: Lane;
  /** Its id read back (undefined for a message not published by a gateway process). */
  run: ParsedRunId | undefined;
  /** Dispatches in it. */
  count: number;
  /** The next dispatch to start. */
  next: number;
  /** Dispatches not done yet. */
  remaining: number;
  /** A record failed: it is let go unacknowledged, to come again. */
  failed: boolean;
  /** The `d`s, parsed when the work path needs them itself (a late redelivery). */
  data: unknown[] | undefined;
}

/**
 * One work consumer of a client and what it gave: the group's consumer of every event of the bot, or
 * (with shard leases) the consumer of one shard this worker owns, whose events it also applies.
 */
class Lane {
  /** Messages that wait for the feed or for their turn, in delivery order, from `head`. */
  readonly queue: Delivery[] = [];
  head = 0;
  messages: ConsumerMessages | undefined;
  /** Inline: the lane applies its events itself (an owned shard); the highest stream sequence applied. */
  appliedSeq = 0;
  /** Messages taken from the queue and not done yet. */
  held = 0;
  /** Taking events (an owned shard: its takeover replay is done). */
  started = false;
  stopped = false;
  readonly #idle: (() => void)[] = [];

  constructor(
    /** The shard it consumes (undefined: every event of the bot, applied by the cache feed). */
    readonly shard: number | undefined,
  ) {}

  /** Whether it applies its events itself (see `appliedSeq`). */
  get inline(): boolean {
    return this.shard !== undefined;
  }

  /** Resolves once no message of the lane is held. */
  whenIdle(): Promise<void> {
    if (this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** A held message is done. */
  release(): void {
    this.held--;
    if (this.held === 0 && this.#idle.length > 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
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
  /** The highest sequence applied per gateway session (`<botId>:<shardId>:<sessionId>`): drops copies. */
  readonly lastSeq = new Map<string, number>();
  feedMessages: ConsumerMessages | undefined;
  /** The work consumers: one (key -1), or one per owned shard. */
  readonly lanes = new Map<number, Lane>();
  /** With shard leases: the bot's shard count, and the lease loop's timer. */
  shardCount = 0;
  leaseTimer: ReturnType<typeof setInterval> | undefined;
  /** A lease round running (rounds never overlap). */
  balancing: Promise<void> | undefined;
  renewing = false;
  /** Live workers of the group, at the last heartbeat. */
  live = 1;
  /** Stopping: no lease round starts. */
  stopping = false;
  /** With shard leases: the guilds of each owned shard (to leave them when the shard is given up). */
  readonly guildsByShard = new Map<number, Set<string>>();
  readonly loops: Promise<void>[] = [];
  /** Messages taken from a queue and not acknowledged yet (handlers running, record being written). */
  readonly held = new Set<JsMsg>();
  /** Handled dispatches whose record is to be written in the next batch. */
  toRecord: { delivery: Delivery; id: string }[] = [];
  recordScheduled = false;
  readonly #idle: (() => void)[] = [];
  stopped = false;

  constructor(
    readonly client: ConnectedClient,
    readonly feed: ClientFeed,
    readonly botId: string,
    argsWindow: number,
    /** The client's gateway commands, through the gateway processes (commands.ts). */
    readonly remote: StreamGateway,
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

  /** Resolves once no message is held (every handler settled and its message acknowledged or let go). */
  whenIdle(): Promise<void> {
    if (this.held.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** One dispatch of a delivery is done: the last one acknowledges it (or lets it go, after a failed record). */
  done(delivery: Delivery): void {
    if (--delivery.remaining > 0) return;
    if (!delivery.failed) {
      delivery.msg.ack();
      this.acked++;
    }
    this.held.delete(delivery.msg);
    delivery.lane.release();
    if (this.held.size === 0 && this.#idle.length > 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** The shards this worker owns (with shard leases; the lane of every event is key -1). */
  ownedShards(): number[] {
    return [...this.lanes.keys()].filter((key) => key >= 0);
  }

  /** Take a delivery from its lane's queue (held until done). */
  hold(delivery: Delivery): void {
    if (this.held.has(delivery.msg)) return;
    this.held.add(delivery.msg);
    delivery.lane.held++;
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
export class WorkerConnector extends StreamConnector<Served> {
  /** For logs. */
  readonly name = 'worker';
  readonly #options: WorkerConnectorOptions;
  readonly #handled: HandledEvents;
  /** This worker's id in shard leases. */
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Where this worker starts looking for free shards (from its id, so workers starting together differ). */
  readonly #claimOffset = [...this.#owner].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 1_000_003, 0);

  constructor(options: WorkerConnectorOptions = {}) {
    super(options, 'kokoro-worker');
    this.#options = options;
    this.#handled = options.handled ?? new LocalHandledEvents();
    const ackWait = options.ackWait ?? 30_000;
    if (!Number.isFinite(ackWait) || ackWait < 100) {
      throw new ClusterError(`ackWait must be at least 100 ms, got ${ackWait}`);
    }
  }

  /** Progress per client name. */
  progress(): Map<string, WorkerProgress> {
    return this.progressBy((served) => ({
      botId: served.botId,
      applied: served.applied,
      handled: served.handled,
      acked: served.acked,
      skipped: served.skipped,
      running: served.running,
      ...(this.#options.shardLeases
        ? {
            shards: served
              .ownedShards()
              .filter((shard) => served.lanes.get(shard)!.started)
              .sort((a, b) => a - b),
          }
        : {}),
    }));
  }

  /** Replay the bot's current sessions into the cache, then take a share of its events. */
  async connect(client: ConnectedClient, feed: ClientFeed): Promise<void> {
    const { connection, botId } = await this.open(client);
    const { nc, jsm, options } = connection;
    const remote = new StreamGateway(nc, options.subjectPrefix, botId, feed.shardOptions().intents ?? 0, {
      ...(this.#options.commandTimeout !== undefined ? { commandTimeout: this.#options.commandTimeout } : {}),
    });
    const served = new Served(client, feed, botId, this.#options.argsWindow ?? 20_000, remote);
    if (this.#options.shardLeases) {
      this.served.set(client, served);
      try {
        await this.#connectOwned(connection, served, this.#options.shardLeases);
        client.remoteGateway = remote;
      } catch (error) {
        await this.#stop(served);
        this.served.delete(client);
        throw error;
      }
      return;
    }
    const filter = `${options.subjectPrefix}.${botId}.>`;
    const start = await sessionsStart(jsm, options.stream, options.subjectPrefix, botId);
    const last = await lastSeq(jsm, options.stream, filter);
    this.served.set(client, served);
    try {
      const caughtUp = this.#startFeed(connection, served, filter, start, last);
      await caughtUp;
      await this.#startWork(connection, served, filter, start);
      client.remoteGateway = remote;
    } catch (error) {
      await this.#stop(served);
      this.served.delete(client);
      throw error;
    }
  }

  /** Stop taking events, let the running handlers finish and acknowledge them, close the feed. */
  async disconnect(client: ConnectedClient): Promise<void> {
    const served = this.served.get(client);
    if (!served) return;
    this.served.delete(client);
    if (client.remoteGateway === served.remote) client.remoteGateway = undefined;
    served.remote.close(new ClusterError(`client "${client.name}" stopped before the members arrived`));
    await this.#stop(served);
  }

  async #stop(served: Served): Promise<void> {
    if (served.leaseTimer) clearInterval(served.leaseTimer);
    served.leaseTimer = undefined;
    served.stopping = true;
    await served.balancing;
    for (const lane of served.lanes.values()) lane.messages?.stop();
    await served.whenIdle();
    served.stopped = true;
    served.feedMessages?.stop();
    served.advance(Number.MAX_SAFE_INTEGER);
    await Promise.allSettled(served.loops);
    const leases = this.#options.shardLeases;
    if (leases) {
      // Give the shards back at once (the others need not wait for the leases to expire).
      const scope = this.#scope(served);
      await Promise.allSettled([
        ...served.ownedShards().map((shard) => leases.release(scope, shard, this.#owner)),
        leases.leave(scope, this.#owner),
      ]);
    }
  }

  // ---- owned shards (shardLeases) ----

  #scope(served: Served): string {
    return `${this.#group()}:${served.botId}`;
  }

  /** Learn the shard count, take a fair share of the shards, and keep the leases. */
  async #connectOwned(connection: StreamConnection, served: Served, leases: ShardLeases): Promise<void> {
    served.shardCount = await this.#shardCount(connection, served);
    await this.#renew(served, leases);
    await this.#balance(connection, served, leases);
    const tick = (): void => {
      void this.#renew(served, leases);
      if (served.balancing || served.stopping) return;
      served.balancing = this.#balance(connection, served, leases)
        .catch((error: unknown) => served.client.logger.warn({ err: error }, 'a shard lease round failed; retrying'))
        .finally(() => {
          served.balancing = undefined;
        });
    };
    served.leaseTimer = setInterval(tick, Math.max(30, leases.ttl / 3));
    served.leaseTimer.unref();
  }

  /** The bot's shard count, from the last READY a gateway process published. */
  async #shardCount({ jsm, options }: StreamConnection, served: Served): Promise<number> {
    const limit = this.#options.readyTimeout ?? 60_000;
    const started = Date.now();
    for (;;) {
      const ready = await lastReady(jsm, options.stream, options.subjectPrefix, served.botId, '*');
      if (ready) return ready.shardCount;
      if (Date.now() - started > limit || served.stopping) {
        throw new ClusterError(
          `no gateway process published a READY of bot ${served.botId} within ${limit} ms: start \`kokoro gateway\` for it (same stream and subject prefix)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Extend the leases of the shards owned; a lease lost (it expired and another took it) drops its shard. */
  async #renew(served: Served, leases: ShardLeases): Promise<void> {
    if (served.renewing || served.stopping) return;
    served.renewing = true;
    try {
      const scope = this.#scope(served);
      served.live = await leases.heartbeat(scope, this.#owner);
      for (const shard of served.ownedShards()) {
        if (await leases.renew(scope, shard, this.#owner)) continue;
        served.client.logger.warn({ shard }, 'lost the lease of a shard (another worker took it); dropping it');
        await this.#dropShard(served, shard, undefined);
      }
    } catch (error) {
      served.client.logger.warn({ err: error }, 'could not renew the shard leases; retrying');
    } finally {
      served.renewing = false;
    }
  }

  /** Give back shards past the fair share, claim free ones up to it. */
  async #balance(connection: StreamConnection, served: Served, leases: ShardLeases): Promise<void> {
    const scope = this.#scope(served);
    const count = served.shardCount;
    const target = Math.ceil(count / Math.max(1, served.live));
    while (served.ownedShards().length > target && !served.stopping) {
      await this.#dropShard(served, Math.max(...served.ownedShards()), leases);
    }
    for (let i = 0; i < count && served.ownedShards().length < target && !served.stopping; i++) {
      const shard = (this.#claimOffset + i) % count;
      if (served.lanes.has(shard) || !(await leases.claim(scope, shard, this.#owner))) continue;
      try {
        await this.#takeOver(connection, served, shard);
      } catch (error) {
        served.lanes.delete(shard);
        await leases.release(scope, shard, this.#owner).catch(() => undefined);
        throw error;
      }
    }
  }

  /**
   * Start owning `shard`: replay its events from its last READY up to what its consumer gave out
   * (apply only: their handlers ran, or will on redelivery), then take its events.
   */
  async #takeOver(connection: StreamConnection, served: Served, shard: number): Promise<void> {
    const { js, jsm, options } = connection;
    const lane = new Lane(shard);
    served.lanes.set(shard, lane);
    const filter = `${options.subjectPrefix}.${served.botId}.${shard}.>`;
    const durable = `${this.#group()}-${served.botId}-${shard}`;
    const start = (await lastReady(jsm, options.stream, options.subjectPrefix, served.botId, shard))?.seq;
    await this.#ensureConsumer(jsm, options.stream, durable, filter, start);
    const delivered = (await jsm.consumers.info(options.stream, durable)).delivered.stream_seq;
    if (start !== undefined && delivered >= start) {
      const consumer = await js.consumers.get(options.stream, {
        filter_subjects: filter,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: start,
      });
      let caughtUp!: () => void;
      const replayed = new Promise<void>((resolve) => {
        caughtUp = resolve;
      });
      let done = false;
      const messages = await consumer.consume({
        max_messages: 1024,
        callback: (msg) => {
          if (done) return;
          if (msg.seq <= delivered) this.#applyFromFeed(served, msg);
          if (msg.seq >= delivered || msg.info.pending === 0) {
            done = true;
            caughtUp();
          }
        },
      });
      const ended = messages.closed().then((error) => {
        if (!done) throw error instanceof Error ? error : new ClusterError(`the replay of shard ${shard} ended early`);
      });
      try {
        await Promise.race([replayed, ended]);
      } finally {
        messages.stop();
      }
    }
    lane.appliedSeq = Math.max(delivered, lane.appliedSeq);
    await this.#startLane(connection, served, lane, durable, filter, start);
  }

  /** Stop owning `shard` (lease lost, or given back: `leases` given, the lease is released). */
  async #dropShard(served: Served, shard: number, leases: ShardLeases | undefined): Promise<void> {
    const lane = served.lanes.get(shard);
    if (!lane) return;
    served.lanes.delete(shard);
    await this.#stopLane(lane);
    // Its guilds leave this worker's cache (as if the bot had left them), so `client.guilds` holds
    // only what this worker keeps up to date; no handler runs for that.
    for (const id of served.guildsByShard.get(shard) ?? []) served.feed.apply(shard, 'GUILD_DELETE', { id });
    served.guildsByShard.delete(shard);
    // A later takeover replays the shard from its READY: nothing of it counts as applied any more.
    const sessions = `${served.botId}:${shard}:`;
    for (const session of [...served.lastSeq.keys()]) if (session.startsWith(sessions)) served.lastSeq.delete(session);
    await leases?.release(this.#scope(served), shard, this.#owner);
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
      // A callback, not an async iterator: no promise and no microtask per message.
      const messages = await consumer.consume({
        max_messages: 1024,
        callback: (msg) => {
          this.#applyFromFeed(served, msg);
          if (msg.seq >= last) caughtUp();
        },
      });
      served.feedMessages = messages;
      if (served.stopped) messages.stop();
      const ended = await messages.closed();
      if (ended instanceof Error) throw ended;
    })();
    served.loops.push(loop.catch((error: unknown) => this.#failed(served, 'cache feed', error)));
    return ready;
  }

  /** Apply a message's dispatches; `run`: its id read back, when the caller has it. */
  #applyFromFeed(served: Served, msg: JsMsg, run: ParsedRunId | undefined = runOf(msg)): void {
    const subject = parseSubject(msg.subject);
    if (subject) {
      const list = dispatchData(msg, run);
      const base = msg.seq * MAX_RUN;
      for (let i = 0; i < list.length; i++)
        this.#applyOne(served, subject.shardId, subject.t, run, i, list[i], base + i);
    }
    served.advance(msg.seq);
  }

  /** Apply one dispatch, unless its session's sequence shows it is a copy of one applied already. */
  #applyOne(
    served: Served,
    shardId: number,
    t: string,
    run: ParsedRunId | undefined,
    index: number,
    data: unknown,
    key: number,
  ): void {
    if (run) {
      const seq = run.seq + index;
      const last = served.lastSeq.get(run.session);
      if (last !== undefined && seq <= last) return;
      served.lastSeq.set(run.session, seq);
    }
    const pending = served.feed.apply(shardId, t, data);
    if (served.lanes.has(shardId)) trackGuilds(served, shardId, t, data);
    served.remote.observe(t, data);
    served.applied++;
    if (pending) served.args.set(key, pending);
  }

  /** The group's durable consumer of every event of the bot: create it if new, and take events from it. */
  async #startWork(
    connection: StreamConnection,
    served: Served,
    filter: string,
    start: number | undefined,
  ): Promise<void> {
    const lane = new Lane(undefined);
    served.lanes.set(-1, lane);
    await this.#startLane(connection, served, lane, `${this.#group()}-${served.botId}`, filter, start);
  }

  #group(): string {
    return this.#options.group ?? process.env.KOKORO_WORKER_GROUP ?? 'kokoro-workers';
  }

  /** Create the durable consumer if new, and take events from it into the lane. */
  async #startLane(
    { js, jsm, options }: StreamConnection,
    served: Served,
    lane: Lane,
    durable: string,
    filter: string,
    start: number | undefined,
  ): Promise<void> {
    await this.#ensureConsumer(jsm, options.stream, durable, filter, start);
    const consumer = await js.consumers.get(options.stream, durable);
    const pump = (): void => {
      let turn = 0;
      const began = performance.now();
      while (lane.head < lane.queue.length) {
        const delivery = lane.queue[lane.head]!;
        // A stopped lane finishes the message it began (its dispatches are held) and no other.
        if (served.stopped || (lane.stopped && delivery.next === 0)) return;
        const seq = delivery.msg.seq;
        if (lane.inline) {
          // An owned shard: its events are applied here, in stream order; one at or below what the
          // takeover replayed or applied is a redelivery (its arguments are computed again if needed).
          if (seq > lane.appliedSeq) {
            this.#applyFromFeed(served, delivery.msg, delivery.run);
            lane.appliedSeq = seq;
          }
        } else if (served.appliedSeq < seq) {
          void served.appliedUpTo(seq).then(pump);
          return;
        }
        served.hold(delivery);
        while (delivery.next < delivery.count) {
          if (turn === TURN || (turn > 0 && performance.now() - began >= TURN_MS)) {
            // The records of this turn's handlers go out (next tick) before more handlers run: a
            // worker killed now leaves at most one turn of handled events unrecorded.
            setImmediate(pump);
            return;
          }
          if (this.#work(served, delivery, delivery.next++)) turn++;
        }
        lane.queue[lane.head] = undefined as unknown as Delivery;
        lane.head++;
      }
      lane.queue.length = 0;
      lane.head = 0;
    };
    const messages = await consumer.consume({
      max_messages: this.#options.batch ?? 64,
      callback: (msg) => {
        const idle = lane.head === lane.queue.length;
        const run = runOf(msg);
        const count = run?.count ?? 1;
        lane.queue.push({ msg, lane, run, count, next: 0, remaining: count, failed: false, data: undefined });
        if (idle) pump();
      },
    });
    lane.messages = messages;
    lane.started = true;
    // Events wait in the queue until the feed applied them, then their handlers run and their
    // record is written; all the while "in progress" keeps them ours, so a feed that lags (a busy
    // machine) or a slow handler does not make JetStream give them to another worker.
    const ackWaitMs = this.#options.ackWait ?? 30_000;
    const keepAlive = setInterval(
      () => {
        for (let i = lane.head; i < lane.queue.length; i++) lane.queue[i]!.msg.working();
        for (const msg of served.held) msg.working();
      },
      Math.max(50, ackWaitMs / 3),
    );
    keepAlive.unref();
    const loop = (async () => {
      try {
        const ended = await messages.closed();
        if (ended instanceof Error) throw ended;
      } finally {
        clearInterval(keepAlive);
      }
    })();
    served.loops.push(loop.catch((error: unknown) => this.#failed(served, 'work consumer', error)));
  }

  async #ensureConsumer(
    jsm: JetStreamManager,
    stream: string,
    durable: string,
    filter: string,
    start: number | undefined,
  ): Promise<void> {
    try {
      await jsm.consumers.info(stream, durable);
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: (this.#options.ackWait ?? 30_000) * MS,
        max_ack_pending: this.#options.maxAckPending ?? 1024,
        filter_subject: filter,
        ...(start === undefined
          ? { deliver_policy: DeliverPolicy.All }
          : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start }),
      });
    }
  }

  /** Stop a lane: take nothing more, let what runs finish, and give back at once what waits (nak). */
  async #stopLane(lane: Lane): Promise<void> {
    lane.stopped = true;
    lane.messages?.stop();
    for (let i = lane.head; i < lane.queue.length; i++) {
      const delivery = lane.queue[i]!;
      if (delivery.next === 0) delivery.msg.nak();
    }
    await lane.whenIdle();
  }

  /**
   * Dispatch `index` of a delivery, applied by the feed: run its handlers, or count it done. True
   * when handlers run (they count against the turn).
   */
  #work(served: Served, delivery: Delivery, index: number): boolean {
    const { msg, run } = delivery;
    const key = msg.seq * MAX_RUN + index;
    let pending = served.args.take(key);
    const subject = pending ? undefined : parseSubject(msg.subject);
    if (!pending && subject && (key < served.args.floor || msg.redelivered) && served.feed.wants(subject.t)) {
      // Its arguments aged out of the window (a late redelivery), or this worker took them at an
      // earlier delivery whose record failed: apply it again for them.
      delivery.data ??= dispatchData(msg, run);
      pending = served.feed.apply(subject.shardId, subject.t, delivery.data[index]);
    }
    if (!pending) {
      served.done(delivery);
      return false;
    }
    const id = run ? `${run.session}:${run.seq + index}` : `${msg.info.stream}:${msg.seq}:${index}`;
    if (!msg.redelivered) {
      this.#run(served, delivery, id, pending);
      return true;
    }
    // A redelivery: its handlers may have run on a worker that died before its ack.
    const event = pending;
    this.#handled.has(id).then(
      (seen) => {
        if (!seen) {
          this.#run(served, delivery, id, event);
          return;
        }
        served.skipped++;
        served.done(delivery);
      },
      (error: unknown) => {
        // Unknown whether it ran: leave it unacknowledged, so it is looked up again later.
        served.client.logger.error({ err: error }, 'could not look up a redelivered event; it will be delivered again');
        delivery.failed = true;
        served.done(delivery);
      },
    );
    return true;
  }

  /** Run the handlers; once they settled, the dispatch joins the next batch of records. */
  #run(served: Served, delivery: Delivery, id: string, event: PendingEvent): void {
    served.running++;
    const settled = (): void => {
      served.running--;
      served.toRecord.push({ delivery, id });
      if (served.recordScheduled) return;
      served.recordScheduled = true;
      // Right after the microtasks of this turn: the handlers that settled with this one join the
      // batch, and the record goes out before any other I/O is read (the window in which a killed
      // worker leaves handled events unrecorded stays that of one turn's handlers, as with a write
      // per event, which also waited for the handler's promise).
      process.nextTick(() => this.#recordBatch(served));
    };
    served.feed.run(event).then(settled, settled);
  }

  /**
   * Record the handled dispatches of one turn of the event loop in one call (one round trip to
   * Redis); a message is acknowledged once all its dispatches are done. A failed record leaves its
   * messages unacknowledged: they come again, and their unrecorded dispatches run again.
   */
  #recordBatch(served: Served): void {
    served.recordScheduled = false;
    const batch = served.toRecord;
    served.toRecord = [];
    if (batch.length === 0) return;
    this.#recordMany(batch.map((entry) => entry.id)).then(
      () => {
        served.handled += batch.length;
        for (const { delivery } of batch) served.done(delivery);
      },
      (error: unknown) => {
        served.client.logger.error(
          { err: error, events: batch.length },
          'could not record handled events; they will be delivered again',
        );
        for (const { delivery } of batch) {
          delivery.failed = true;
          served.done(delivery);
        }
      },
    );
  }

  #recordMany(ids: string[]): Promise<void> {
    const handled = this.#handled;
    if (handled.addMany) return handled.addMany(ids);
    return Promise.all(ids.map((id) => handled.add(id))).then(() => undefined);
  }

  #failed(served: Served, what: string, error: unknown): void {
    if (served.stopped) return;
    served.client.logger.error({ err: error }, `the ${what} of ${served.client.name} stopped`);
  }
}

/** The `d`s a message holds: one, or a run's (see subjects.ts). */
function dispatchData(msg: JsMsg, run: ParsedRunId | undefined): unknown[] {
  const body = JSON.parse(msg.string()) as unknown;
  return run && run.count > 1 ? (body as unknown[]) : [body];
}

/** Keep `guildsByShard` up to date with a dispatch of an owned shard. */
function trackGuilds(served: Served, shardId: number, t: string, data: unknown): void {
  if (t !== 'READY' && t !== 'GUILD_CREATE' && t !== 'GUILD_DELETE') return;
  let set = served.guildsByShard.get(shardId);
  if (!set) {
    set = new Set();
    served.guildsByShard.set(shardId, set);
  }
  if (t === 'READY') for (const guild of (data as { guilds?: { id: string }[] }).guilds ?? []) set.add(guild.id);
  else if (t === 'GUILD_CREATE') set.add((data as { id: string }).id);
  else if (!(data as { unavailable?: boolean }).unavailable) set.delete((data as { id: string }).id);
}

/** A message's id read back (see subjects.ts). */
function runOf(msg: JsMsg): ParsedRunId | undefined {
  const id = msg.headers?.get('Nats-Msg-Id');
  return id ? parseRunId(id) : undefined;
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
  const latest = await lastReady(jsm, stream, prefix, botId, '*');
  if (!latest) return undefined;
  let start = latest.seq;
  for (let id = 0; id < latest.shardCount; id++) {
    const ready = await lastReady(jsm, stream, prefix, botId, id);
    if (ready) start = Math.min(start, ready.seq);
  }
  return start;
}

/**
 * The last READY the stream holds of the bot's shard `shard` (`'*'`: of any shard): its stream
 * sequence and the shard count it names; undefined when there is none.
 */
async function lastReady(
  jsm: JetStreamManager,
  stream: string,
  prefix: string,
  botId: string,
  shard: number | '*',
): Promise<{ seq: number; shardCount: number } | undefined> {
  const ready = await jsm.streams
    .getMessage(stream, { last_by_subj: `${prefix}.${botId}.${shard}.READY` })
    .catch(() => null);
  if (!ready) return undefined;
  const named = (JSON.parse(ready.string()) as { shard?: [number, number] }).shard;
  return { seq: ready.seq, shardCount: named?.[1] ?? 1 };
}
