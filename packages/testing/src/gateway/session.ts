/**
 * A gateway session of the fake: what survives a dropped connection. Discord keeps a session
 * (its sequence and the dispatches it produced) for a while after the connection ends, so a client
 * that resumes with its last sequence gets every dispatch it missed, then RESUMED. A session ends
 * when the client closes with 1000/1001, when its resume window passes, on 4007/4009, or on op 9
 * `d: false`.
 */
import type { Clock, TimerHandle } from '@kokoro/common';
import type { GatewayBot } from './world-view.js';

/** One dispatch as a session numbered it. */
export interface SequencedDispatch {
  /** The event name. */
  t: string;
  /** The session's sequence number for it. */
  s: number;
  /** The event data. */
  d: unknown;
}

/** Something a session can push its dispatches to (its live connection). */
export interface DispatchSink {
  deliver(dispatch: SequencedDispatch): void;
}

/** A session: identity, sequence, and the dispatches kept for replay. */
export class FakeSession {
  /** The session id (READY's `session_id`). */
  readonly id: string;
  /** The bot it belongs to. */
  readonly bot: GatewayBot;
  /** The intents it identified with. */
  readonly intents: number;
  /** Its shard id. */
  readonly shardId: number;
  /** The shard count it identified with. */
  readonly shardCount: number;
  /** The last presence the client sent (op 3 or Identify's `presence`). */
  presence: unknown;
  /** The last sequence number given out. */
  seq = 0;
  /** The live connection, if any. */
  sink: DispatchSink | undefined;
  /** Whether the session ended (cannot be resumed). */
  ended = false;
  #replay: SequencedDispatch[] = [];
  readonly #replayLimit: number;
  #expiry: TimerHandle | undefined;

  constructor(init: {
    id: string;
    bot: GatewayBot;
    intents: number;
    shardId: number;
    shardCount: number;
    presence?: unknown;
    replayLimit: number;
  }) {
    this.id = init.id;
    this.bot = init.bot;
    this.intents = init.intents;
    this.shardId = init.shardId;
    this.shardCount = init.shardCount;
    this.presence = init.presence;
    this.#replayLimit = init.replayLimit;
  }

  /** Number a dispatch, keep it for replay, and send it if a connection is attached. */
  dispatch(t: string, d: unknown): SequencedDispatch {
    const entry: SequencedDispatch = { t, s: ++this.seq, d };
    this.#replay.push(entry);
    if (this.#replay.length > this.#replayLimit * 2) this.#replay = this.#replay.slice(-this.#replayLimit);
    this.sink?.deliver(entry);
    return entry;
  }

  /**
   * The dispatches after `seq`, or undefined when they cannot all be replayed (seq too old, or
   * ahead of the session: the gateway closes such a Resume with 4007, invalid seq).
   */
  since(seq: number): SequencedDispatch[] | undefined {
    if (!Number.isInteger(seq) || seq > this.seq || seq < 0) return undefined;
    const first = this.#replay[0];
    if (seq < this.seq && (!first || first.s > seq + 1)) return undefined;
    return this.#replay.filter((entry) => entry.s > seq);
  }

  /** Start the resume window: the session ends unless a client resumes it within `ms`. */
  startExpiry(clock: Clock, ms: number, onExpire: () => void): void {
    this.stopExpiry(clock);
    this.#expiry = clock.setTimeout(onExpire, ms);
  }

  /** Stop the resume window (a client resumed). */
  stopExpiry(clock: Clock): void {
    clock.clearTimeout(this.#expiry);
    this.#expiry = undefined;
  }
}
