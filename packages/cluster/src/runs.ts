/**
 * Runs: a gateway process publishes a shard's consecutive dispatches of one type as one message
 * (see subjects.ts for the layout and why).
 *
 * Each shard has at most one open run. A dispatch extends it when it has the same type, the same
 * session and the next sequence, and the run stays under `maxCount` dispatches and `maxBytes` of
 * text; otherwise the open run is published and a new one begins. Open runs are published at the
 * end of the event loop's turn that opened them, so a run never waits for a next dispatch that may
 * not come, and at most one turn of latency is added. READY is always published alone: workers
 * look it up by subject to find where a session begins.
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
  readonly #open = new Map<number, Run>();
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
      setImmediate(this.flush);
    }
  }

  /** Publish every open run now. */
  readonly flush = (): void => {
    this.#scheduled = false;
    for (const [shardId, run] of this.#open) this.#publish(shardId, run);
    this.#open.clear();
  };

  #publish(shardId: number, run: Run): void {
    const count = run.parts.length;
    this.#publisher.publish(
      dispatchSubject(this.#prefix, this.#botId, shardId, run.t),
      count === 1 ? run.parts[0]! : `[${run.parts.join(',')}]`,
      runId(this.#botId, shardId, run.sessionId, run.first, count),
      count,
      run.entry && this.#sequences ? this.#storedCallback(shardId, run.entry) : undefined,
    );
  }

  #storedCallback(shardId: number, entry: Pending): () => void {
    const sequences = this.#sequences!;
    return () => sequences.stored(shardId, entry);
  }
}
