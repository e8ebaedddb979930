/**
 * Runs: a gateway process publishes a shard's consecutive dispatches of one type as one message
 * (see subjects.ts for the layout and why).
 *
 * Each shard has at most one open run. A dispatch extends it when it has the same type, the same
 * session and the next sequence, and the run stays under `maxCount` dispatches and `maxBytes` of
 * text; otherwise the open run is published and a new one begins. READY is always published alone:
 * workers look it up by subject to find where a session begins.
 *
 * When an open run goes out is Nagle's rule (TCP's, for small segments): at the end of the event
 * loop's turn that added to it if none of the shard's messages awaits JetStream's ack (a quiet bot:
 * at most one turn of latency, and a run never waits for a next dispatch that may not come);
 * otherwise when the last of those acks arrives, or when it is full. Under load a run then holds
 * what came in one round trip to JetStream instead of one socket read: every per-message cost (NATS's
 * parsing, storage, delivery and acknowledgement, the gateway's publish, the worker's ack) is paid
 * less often. Measured with 4 shards on the cluster bench: runs of ~28 dispatches when each turn
 * published (`maxInFlight: Infinity`); with maxRun 8, NATS spent twice the CPU per event.
 */
import type { GatewaySessionKey, GatewaySessionStore, StoredGatewaySession } from '@kokoro/gateway';
import type { DispatchPublisher } from './publisher.js';
import { dispatchSubject, runId } from './subjects.js';

/** Limits of a run. */
export interface RunLimits {
  /** Dispatches in one message at most (default 256, at most {@link MAX_RUN}; 1 publishes each dispatch alone). */
  maxRun?: number;
  /** Text of one message at most, in bytes of JSON (default 256 KiB; NATS allows 1 MiB by default). */
  maxRunBytes?: number;
  /**
   * A shard's messages awaiting JetStream's ack from which its open run waits for them instead of
   * going out at the end of the turn (default 1: Nagle's rule, see the module comment; `Infinity`:
   * every run goes out at the end of its turn).
   */
  maxInFlight?: number;
}

/** The longest run (workers key a run's dispatches by stream sequence × this + index). */
export const MAX_RUN = 1024;

interface Run {
  t: string;
  sessionId: string;
  first: number;
  parts: string[];
  bytes: number;
  /** Its place in {@link StoredSequences}. */
  entry: Pending | undefined;
}

interface Pending {
  first: number;
  last: number;
  stored: boolean;
}

/**
 * How far each shard's current session is stored in JetStream: the highest sequence such that every
 * dispatch up to it is stored. A gateway process keeps its shards' sessions in a session store so
 * that the next process resumes them; were it to store the sequence the shard received, a process
 * that dies (SIGKILL, a crash) before its last runs were stored would resume past them, and Discord
 * would never send them again. So the stored sequence is this one (see {@link storedOnlySessions}):
 * a resume may then replay dispatches already stored, which JetStream's ids and the workers'
 * sequence check drop.
 */
export class StoredSequences {
  readonly #shards = new Map<number, { sessionId: string; queue: Pending[]; head: number; through: number }>();

  /** A message of dispatches `first..last` of the shard's session was handed to the publisher. */
  handedIn(shardId: number, sessionId: string, first: number, last: number): Pending {
    let shard = this.#shards.get(shardId);
    if (!shard || shard.sessionId !== sessionId) {
      shard = { sessionId, queue: [], head: 0, through: first - 1 };
      this.#shards.set(shardId, shard);
    }
    const entry = { first, last, stored: false };
    shard.queue.push(entry);
    return entry;
  }

  /** The message of `entry` is stored. */
  stored(shardId: number, entry: Pending): void {
    entry.stored = true;
    const shard = this.#shards.get(shardId);
    if (!shard) return;
    while (shard.head < shard.queue.length && shard.queue[shard.head]!.stored) {
      shard.through = Math.max(shard.through, shard.queue[shard.head]!.last);
      shard.head++;
    }
    if (shard.head > 1024 && shard.head * 2 > shard.queue.length) {
      shard.queue.splice(0, shard.head);
      shard.head = 0;
    }
  }

  /**
   * The highest sequence of the shard's session `sessionId` up to which everything handed in is
   * stored; undefined for a session it has not seen.
   */
  storedThrough(shardId: number, sessionId: string): number | undefined {
    const shard = this.#shards.get(shardId);
    if (!shard || shard.sessionId !== sessionId) return undefined;
    const next = shard.queue[shard.head];
    return next ? Math.min(shard.through, next.first - 1) : shard.through;
  }
}

/** A session store that saves no sequence past what is stored in JetStream (see {@link StoredSequences}). */
export function storedOnlySessions(store: GatewaySessionStore, sequences: StoredSequences): GatewaySessionStore {
  return {
    load: (key: GatewaySessionKey) => store.load(key),
    delete: (key: GatewaySessionKey) => store.delete(key),
    save(key: GatewaySessionKey, session: StoredGatewaySession) {
      const through = sequences.storedThrough(key.shardId, session.sessionId);
      const sequence = through === undefined ? session.sequence : Math.min(session.sequence, through);
      return store.save(key, { ...session, sequence });
    },
  };
}

/** Collects runs per shard and hands them to the publisher (see the module comment). */
export class RunBatcher {
  readonly #publisher: DispatchPublisher;
  readonly #prefix: string;
  readonly #botId: string;
  readonly #maxCount: number;
  readonly #maxBytes: number;
  readonly #maxInFlight: number;
  readonly #open = new Map<number, Run>();
  /** Per shard: its messages awaiting JetStream's ack. */
  readonly #inFlight = new Map<number, number>();
  readonly #sequences: StoredSequences | undefined;
  #scheduled = false;

  /** `sequences`: where to count what is stored, per shard (see {@link StoredSequences}). */
  constructor(
    publisher: DispatchPublisher,
    prefix: string,
    botId: string,
    limits: RunLimits = {},
    sequences?: StoredSequences,
  ) {
    this.#publisher = publisher;
    this.#sequences = sequences;
    this.#prefix = prefix;
    this.#botId = botId;
    this.#maxCount = Math.min(MAX_RUN, Math.max(1, limits.maxRun ?? 256));
    this.#maxBytes = Math.max(1, limits.maxRunBytes ?? 256 * 1024);
    this.#maxInFlight = Math.max(1, limits.maxInFlight ?? 1);
  }

  /** Hand in a dispatch of shard `shardId`'s session `sessionId`: `raw` is the JSON text of its `d`. */
  add(shardId: number, sessionId: string, t: string, seq: number, raw: string): void {
    const run = this.#open.get(shardId);
    if (
      run &&
      run.t === t &&
      run.sessionId === sessionId &&
      run.first + run.parts.length === seq &&
      run.parts.length < this.#maxCount &&
      run.bytes + raw.length + 1 <= this.#maxBytes
    ) {
      run.parts.push(raw);
      run.bytes += raw.length + 1;
      if (run.entry) run.entry.last = seq;
      return;
    }
    if (run) this.#publish(shardId, run);
    const entry = this.#sequences?.handedIn(shardId, sessionId, seq, seq);
    if (t === 'READY' || this.#maxCount === 1) {
      this.#open.delete(shardId);
      this.#publish(shardId, { t, sessionId, first: seq, parts: [raw], bytes: raw.length, entry });
      return;
    }
    this.#open.set(shardId, { t, sessionId, first: seq, parts: [raw], bytes: raw.length + 2, entry });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#endTurn);
    }
  }

  /** Publish every open run now, whatever awaits its ack (before a shutdown). */
  flush(): void {
    for (const [shardId, run] of this.#open) this.#publish(shardId, run);
    this.#open.clear();
  }

  /** The end of a turn that added dispatches: publish the open runs of shards with nothing in flight. */
  readonly #endTurn = (): void => {
    this.#scheduled = false;
    for (const [shardId, run] of this.#open) {
      if ((this.#inFlight.get(shardId) ?? 0) >= this.#maxInFlight) continue; // its acks will publish it
      this.#open.delete(shardId);
      this.#publish(shardId, run);
    }
  };

  #publish(shardId: number, run: Run): void {
    const count = run.parts.length;
    this.#inFlight.set(shardId, (this.#inFlight.get(shardId) ?? 0) + 1);
    this.#publisher.publish(
      dispatchSubject(this.#prefix, this.#botId, shardId, run.t),
      count === 1 ? run.parts[0]! : `[${run.parts.join(',')}]`,
      runId(this.#botId, shardId, run.sessionId, run.first, count),
      count,
      this.#storedCallback(shardId, run.entry),
    );
  }

  #storedCallback(shardId: number, entry: Pending | undefined): () => void {
    return () => {
      if (entry) this.#sequences?.stored(shardId, entry);
      const left = (this.#inFlight.get(shardId) ?? 1) - 1;
      this.#inFlight.set(shardId, left);
      // The ack a waiting run waited for: it goes out now.
      const waiting = this.#open.get(shardId);
      if (waiting && left < this.#maxInFlight && !this.#scheduled) {
        this.#open.delete(shardId);
        this.#publish(shardId, waiting);
      }
    };
  }
}
