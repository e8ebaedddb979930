/**
 * What one client counts for the runtime's metrics: dispatches and reconnects per shard, and the
 * events whose handlers blocked the event thread. Counters only grow; rates are computed by the
 * reader (see runtime-metrics.ts), so counting costs one addition per event.
 *
 * The lag monitor: every delivery of an event to its handlers is timed on the client's clock (the
 * synchronous part: what keeps the event thread from every other bot). One that takes longer than
 * {@link lagMonitor}'s threshold is counted here and logged as a warning naming the client and the
 * event, so a handler that blocks (a synchronous loop, a sync file read) is found by name.
 */
import type { ShardStateChange } from '@kokoro/gateway';

/** The lag monitor's setting for every client of this thread. */
export const lagMonitor = {
  /**
   * A delivery of one event to its handlers taking longer than this (ms) is warned about. Default
   * 100, or the `KOKORO_LAG_THRESHOLD_MS` environment variable; `Infinity` turns warnings off.
   */
  thresholdMs: readThreshold(process.env.KOKORO_LAG_THRESHOLD_MS),
};

function readThreshold(value: string | undefined): number {
  const parsed = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 100;
}

/** Counters of one shard. */
export interface ShardCounters {
  /** Dispatches received (every event, cached or not). */
  events: number;
  /** Connections lost and started again (moves to `reconnecting`). */
  reconnects: number;
}

/** One event whose handlers blocked the event thread past the threshold. */
export interface SlowEvent {
  /** The event name. */
  event: string;
  /** How long the delivery took, ms. */
  ms: number;
}

/** Counters of one client. */
export class ClientMetrics {
  /** Per shard id. */
  readonly shards = new Map<number, ShardCounters>();
  /** Deliveries over the lag threshold, per event name. */
  readonly slowEvents = new Map<string, number>();
  /** The slowest delivery seen so far, if any was over the threshold. */
  slowest: SlowEvent | undefined;

  #shard(id: number): ShardCounters {
    let counters = this.shards.get(id);
    if (!counters) {
      counters = { events: 0, reconnects: 0 };
      this.shards.set(id, counters);
    }
    return counters;
  }

  /** Count a dispatch on a shard. */
  dispatch(shardId: number): void {
    this.#shard(shardId).events += 1;
  }

  /** Count a shard's state change (a move to `reconnecting` is a reconnect). */
  stateChange(change: ShardStateChange): void {
    const counters = this.#shard(change.shardId);
    if (change.to === 'reconnecting') counters.reconnects += 1;
  }

  /** Record a delivery over the threshold. */
  blocked(event: string, ms: number): void {
    this.slowEvents.set(event, (this.slowEvents.get(event) ?? 0) + 1);
    if (!this.slowest || ms > this.slowest.ms) this.slowest = { event, ms };
  }
}
