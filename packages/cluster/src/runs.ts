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
}

/** Collects runs per shard and hands them to the publisher (see the module comment). */
export class RunBatcher {
  readonly #publisher: DispatchPublisher;
  readonly #prefix: string;
  readonly #botId: string;
  readonly #maxCount: number;
  readonly #maxBytes: number;
  readonly #open = new Map<number, Run>();
  #scheduled = false;

  constructor(publisher: DispatchPublisher, prefix: string, botId: string, limits: RunLimits = {}) {
    this.#publisher = publisher;
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
      return;
    }
    if (run) this.#publish(shardId, run);
    if (t === 'READY' || this.#maxCount === 1) {
      this.#open.delete(shardId);
      this.#publish(shardId, { t, sessionId, first: seq, parts: [raw], bytes: raw.length });
      return;
    }
    this.#open.set(shardId, { t, sessionId, first: seq, parts: [raw], bytes: raw.length + 2 });
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
    );
  }
}
