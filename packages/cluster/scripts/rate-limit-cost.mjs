#!/usr/bin/env node
// What sharing REST limits in Redis adds to each request: the `take` before it and the `settle`
// after it, two script calls. Run after `npm run build`:
// `node packages/cluster/scripts/rate-limit-cost.mjs [requests]` (KOKORO_REDIS_URL, default local).
// Sequential pairs (one request's own added latency) and 50 concurrent pairs (throughput).
import { randomBytes } from 'node:crypto';
import { RedisConnection, RedisRateLimitStore } from '@kokoro/cluster';

const REQUESTS = Number(process.argv[2] ?? 5000);
const prefix = `kokoro-bench-${randomBytes(4).toString('hex')}:`;
const connection = new RedisConnection({ url: process.env.KOKORO_REDIS_URL || 'redis://127.0.0.1:6379', prefix });
const store = new RedisRateLimitStore({ token: 'bench.token.x', connection, globalLimit: 1_000_000 });
const answer = { limit: 1_000_000, remaining: 999_999, resetAfter: 60_000 };

async function pair(n) {
  const bucket = `bucket|${n % 500}`;
  const wait = await store.take(bucket, true);
  if (wait !== 0) throw new Error(`unexpected wait ${wait}`);
  await store.settle(bucket, bucket, answer, true);
}

const latencies = [];
for (let n = 0; n < REQUESTS; n++) {
  const t0 = process.hrtime.bigint();
  await pair(n);
  latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
}
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(0);

const started = process.hrtime.bigint();
let next = 0;
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (next < REQUESTS) await pair(next++);
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

let cursor = '0';
do {
  const [after, keys] = await connection.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = after;
  if (keys.length > 0) await connection.redis.unlink(...keys);
} while (cursor !== '0');
await connection.close();

console.log(`take + settle per request, sequential: p50 ${at(0.5)} µs, p99 ${at(0.99)} µs (${REQUESTS} requests)`);
console.log(`take + settle, 50 at a time: ${Math.round(REQUESTS / seconds).toLocaleString('en-US')} requests/s`);
