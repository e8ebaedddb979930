/**
 * The runtime's metrics, read on the event thread: per client and shard (events, events/s,
 * gateway latency, reconnects), per client (REST requests, queue depth, 429s by scope, events whose
 * handlers blocked the event thread), the shared cache's sizes per kind, and the event thread's
 * event-loop lag. `collectMetrics()` takes a snapshot; `formatStats` writes it for the console's
 * `.stats`, `formatPrometheus` in Prometheus' text format (version 0.0.4).
 *
 * Rates: counters only grow; events/s is the growth since an earlier snapshot at least
 * {@link RATE_WINDOW_MS} old (the sampler takes one every few seconds, so a rate is always recent),
 * or since the first snapshot when none is that old.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Cache } from '@kokoro/cache';
import { defaultCache } from '@kokoro/cache';
import type { KokoroClient as Client } from '../client.js';
import { runtime } from '../runtime/registry.js';
import { lagMonitor } from './client-metrics.js';

/** Rates are measured over at least this long, when that much history exists. */
export const RATE_WINDOW_MS = 5_000;

/** One shard's figures. */
export interface ShardMetrics {
  /** The shard id. */
  shard: number;
  /** The shard's state (a `ShardState`, e.g. `ready`). */
  state: string;
  /** Dispatches received since the client started. */
  events: number;
  /** Dispatches per second over the last `RATE_WINDOW_MS` (or what history there is). */
  eventsPerSecond: number;
  /** Heartbeat round trip, ms; null until known. */
  latencyMs: number | null;
  /** Connections after the first one (resumes and new sessions). */
  reconnects: number;
}

/** One client's figures. */
export interface ClientMetricsSnapshot {
  /** The client's name. */
  client: string;
  /** The client's state (`idle`, `starting`, `ready`, `stopped`…). */
  state: string;
  /** Per shard, in shard id order. */
  shards: ShardMetrics[];
  /** REST counters of the client's token: requests sent, requests waiting for a rate limit, 429s received by scope. */
  rest: {
    requests: number;
    queued: number;
    rateLimited: { user: number; global: number; shared: number };
  };
  /** Deliveries over the lag threshold, per event. */
  slowEvents: Record<string, number>;
}

/** Everything, at one moment. */
export interface MetricsSnapshot {
  /** When it was taken (ms since the epoch). */
  at: number;
  /** Every client of the runtime. */
  clients: ClientMetricsSnapshot[];
  /** Cached entities per kind. */
  cache: Record<string, number>;
  /** The event thread's event-loop delay, ms (from perf_hooks' monitor since it started). */
  eventLoop: { meanMs: number; p99Ms: number; maxMs: number };
  /** The lag monitor's threshold (ms): deliveries longer than this count as slow. */
  lagThresholdMs: number;
}

let histogram: IntervalHistogram | undefined;

/** Start measuring this thread's event-loop delay (idempotent; the event thread starts it at once). */
export function startEventLoopMonitor(): void {
  if (histogram) return;
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
}

/** Earlier counts, for rates: event counts per `client/shard` key, oldest first. */
const samples: { at: number; events: Map<string, number> }[] = [];

function eventCounts(clients: readonly Client[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const client of clients) {
    for (const [shard, counters] of client.metrics.shards) counts.set(`${client.name}/${shard}`, counters.events);
  }
  return counts;
}

/** Record the current counts as a sample for rates (the event thread calls this every few seconds). */
export function sampleMetrics(now: number = Date.now()): void {
  samples.push({ at: now, events: eventCounts(clientsOf(runtime.clients)) });
  // Keep what a rate can need: the newest sample older than the window, and those after it.
  while (samples.length > 2 && now - samples[1]!.at >= RATE_WINDOW_MS) samples.shift();
}

/** The clients of this thread that count metrics (every `Client`). */
function clientsOf(clients: Iterable<unknown>): Client[] {
  return [...clients].filter((client): client is Client => (client as Partial<Client>).metrics !== undefined);
}

function cacheSizes(cache: Cache): Record<string, number> {
  const sizes = { guilds: cache.guilds.size, channels: cache.channels.size, users: cache.users.size } as Record<
    string,
    number
  >;
  let members = 0;
  let roles = 0;
  let emojis = 0;
  let voiceStates = 0;
  for (const guild of cache.guilds.values()) {
    members += guild.members?.size ?? 0;
    roles += guild.roles?.size ?? 0;
    emojis += guild.emojis?.size ?? 0;
    voiceStates += guild.voiceStates?.size ?? 0;
  }
  let messages = 0;
  for (const channel of cache.channels.values()) messages += channel.messages?.size ?? 0;
  return { ...sizes, members, roles, emojis, voiceStates, messages };
}

/** Take a snapshot of every client of this thread, the shared cache and the event loop. */
export function collectMetrics(options: { now?: number; cache?: Cache } = {}): MetricsSnapshot {
  const now = options.now ?? Date.now();
  const clients = clientsOf(runtime.clients);
  const baseline = samples.findLast((sample) => now - sample.at >= RATE_WINDOW_MS) ?? samples[0];
  const elapsed = baseline ? (now - baseline.at) / 1000 : 0;
  const snapshot: MetricsSnapshot = {
    at: now,
    clients: clients.map((client) => {
      const limiter = client.rest.limiter;
      const shardIds = new Set([...(client.gateway?.shards.keys() ?? []), ...client.metrics.shards.keys()]);
      return {
        client: client.name,
        state: client.state,
        shards: [...shardIds]
          .sort((a, b) => a - b)
          .map((id) => {
            const counters = client.metrics.shards.get(id) ?? { events: 0, reconnects: 0 };
            const shard = client.gateway?.shards.get(id);
            const before = baseline?.events.get(`${client.name}/${id}`) ?? 0;
            const latency = shard?.heartbeatLatency ?? Number.NaN;
            return {
              shard: id,
              state: shard?.state ?? 'closed',
              events: counters.events,
              eventsPerSecond: elapsed > 0 ? Math.max(0, counters.events - before) / elapsed : 0,
              latencyMs: Number.isFinite(latency) ? latency : null,
              reconnects: counters.reconnects,
            };
          }),
        rest: {
          requests: limiter.counters.requests,
          queued: limiter.queued,
          rateLimited: { ...limiter.counters.rateLimited },
        },
        slowEvents: Object.fromEntries(client.metrics.slowEvents),
      };
    }),
    cache: cacheSizes(options.cache ?? defaultCache),
    eventLoop: histogram
      ? {
          meanMs: nsToMs(histogram.mean),
          p99Ms: nsToMs(histogram.percentile(99)),
          maxMs: nsToMs(histogram.max),
        }
      : { meanMs: 0, p99Ms: 0, maxMs: 0 },
    lagThresholdMs: lagMonitor.thresholdMs,
  };
  return snapshot;
}

function nsToMs(ns: number): number {
  return Number.isFinite(ns) ? ns / 1e6 : 0;
}
