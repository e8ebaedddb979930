/**
 * A metrics snapshot as text: a table for people (the console's `.stats`) and Prometheus' text
 * exposition format (version 0.0.4) for machines: `# HELP` and `# TYPE` once per metric, then one
 * `name{label="value"} number` line per series; label values escape `\`, `"` and newlines.
 */
import type { MetricsSnapshot } from './runtime-metrics.js';

const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);
const rate = (value: number): string => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

/** The snapshot as the console's `.stats` prints it. */
export function formatStats(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  const rows: string[][] = [['client', 'shard', 'state', 'events', 'events/s', 'latency', 'reconnects']];
  for (const client of snapshot.clients) {
    if (client.shards.length === 0) rows.push([client.client, '-', client.state, '0', '0.0', '-', '0']);
    for (const shard of client.shards) {
      rows.push([
        client.client,
        String(shard.shard),
        shard.state,
        String(shard.events),
        rate(shard.eventsPerSecond),
        ms(shard.latencyMs),
        String(shard.reconnects),
      ]);
    }
  }
  lines.push(...table(rows), '');
  const rest: string[][] = [['client', 'REST requests', 'queued', '429 user', '429 global', '429 shared']];
  for (const client of snapshot.clients) {
    const { requests, queued, rateLimited } = client.rest;
    rest.push([
      client.client,
      String(requests),
      String(queued),
      String(rateLimited.user),
      String(rateLimited.global),
      String(rateLimited.shared),
    ]);
  }
  lines.push(...table(rest), '');
  lines.push(
    `cache: ${Object.entries(snapshot.cache)
      .map(([kind, size]) => `${kind} ${size}`)
      .join(', ')}`,
  );
  const { meanMs, p99Ms, maxMs } = snapshot.eventLoop;
  lines.push(`event loop lag: mean ${meanMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`);
  const slow = snapshot.clients.flatMap((client) =>
    Object.entries(client.slowEvents).map(([event, count]) => `${client.client} ${event} x${count}`),
  );
  lines.push(
    `events over the ${snapshot.lagThresholdMs} ms lag threshold: ${slow.length > 0 ? slow.join(', ') : 'none'}`,
  );
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

type Labels = Record<string, string | number>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function series(name: string, labels: Labels, value: number): string {
  const text = Object.entries(labels)
    .map(([key, label]) => `${key}="${escapeLabel(String(label))}"`)
    .join(',');
  const number = Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : '-Inf';
  return `${name}${text ? `{${text}}` : ''} ${number}`;
}

/** The snapshot in Prometheus' text format. */
export function formatPrometheus(snapshot: MetricsSnapshot): string {
  const out: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, lines: string[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
  };
  const shards = snapshot.clients.flatMap((c) =>
    c.shards.map((s) => ({ labels: { client: c.client, shard: s.shard }, s })),
  );
  metric(
    'kokoro_gateway_events_total',
    'counter',
    'Gateway dispatches received.',
    shards.map(({ labels, s }) => series('kokoro_gateway_events_total', labels, s.events)),
  );
  metric(
    'kokoro_gateway_events_per_second',
    'gauge',
    'Gateway dispatches per second, over the last few seconds.',
    shards.map(({ labels, s }) => series('kokoro_gateway_events_per_second', labels, s.eventsPerSecond)),
  );
  metric(
    'kokoro_gateway_latency_seconds',
    'gauge',
    'Heartbeat round trip of the shard (absent until known).',
    shards
      .filter(({ s }) => s.latencyMs !== null)
      .map(({ labels, s }) => series('kokoro_gateway_latency_seconds', labels, (s.latencyMs ?? 0) / 1000)),
  );
  metric(
    'kokoro_gateway_reconnects_total',
    'counter',
    'Gateway connections lost and started again.',
    shards.map(({ labels, s }) => series('kokoro_gateway_reconnects_total', labels, s.reconnects)),
  );
  metric(
    'kokoro_rest_requests_total',
    'counter',
    'HTTP exchanges with the REST API (retries included).',
    snapshot.clients.map((c) => series('kokoro_rest_requests_total', { client: c.client }, c.rest.requests)),
  );
  metric(
    'kokoro_rest_queue_depth',
    'gauge',
    'REST requests waiting in rate-limit queues.',
    snapshot.clients.map((c) => series('kokoro_rest_queue_depth', { client: c.client }, c.rest.queued)),
  );
  metric(
    'kokoro_rest_rate_limited_total',
    'counter',
    '429 answers, by X-RateLimit-Scope.',
    snapshot.clients.flatMap((c) =>
      Object.entries(c.rest.rateLimited).map(([scope, count]) =>
        series('kokoro_rest_rate_limited_total', { client: c.client, scope }, count),
      ),
    ),
  );
  metric(
    'kokoro_slow_events_total',
    'counter',
    'Event deliveries whose handlers blocked the event thread past the lag threshold.',
    snapshot.clients.flatMap((c) =>
      Object.entries(c.slowEvents).map(([event, count]) =>
        series('kokoro_slow_events_total', { client: c.client, event }, count),
      ),
    ),
  );
  metric(
    'kokoro_cache_entities',
    'gauge',
    'Entities in the shared cache, by kind.',
    Object.entries(snapshot.cache).map(([kind, size]) => series('kokoro_cache_entities', { kind }, size)),
  );
  const loop = snapshot.eventLoop;
  metric('kokoro_event_loop_lag_seconds', 'gauge', 'Event-loop delay of the event thread.', [
    series('kokoro_event_loop_lag_seconds', { stat: 'mean' }, loop.meanMs / 1000),
    series('kokoro_event_loop_lag_seconds', { stat: 'p99' }, loop.p99Ms / 1000),
    series('kokoro_event_loop_lag_seconds', { stat: 'max' }, loop.maxMs / 1000),
  ]);
  return `${out.join('\n')}\n`;
}
