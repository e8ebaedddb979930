import assert from 'node:assert/strict';
import { test } from 'node:test';
import { natsReachable, redisReachable, requireNats, requireRedis, uniqueName, uniquePrefix } from './services.js';

test('the service probes answer for the local Redis and NATS, or skip saying how to run', async (t) => {
  await t.test('redis', async (t) => {
    if (!(await requireRedis(t))) return;
    assert.deepEqual(await redisReachable(), { ok: true });
  });
  await t.test('nats', async (t) => {
    if (!(await requireNats(t))) return;
    assert.deepEqual(await natsReachable(), { ok: true });
  });
});

test('unique names differ per call and are valid NATS names', () => {
  const a = uniqueName('x');
  const b = uniqueName('x');
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9-]+$/);
  assert.ok(uniquePrefix().endsWith(':'));
});

test('an unreachable service skips, or fails under CI=true', async (t) => {
  const saved = { url: process.env.KOKORO_REDIS_URL, ci: process.env.CI };
  try {
    process.env.KOKORO_REDIS_URL = 'redis://127.0.0.1:1';
    process.env.CI = 'true';
    await assert.rejects(
      requireRedis(t),
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*KOKORO_REDIS_URL.*CI=true/s,
    );
  } finally {
    if (saved.url === undefined) delete process.env.KOKORO_REDIS_URL;
    else process.env.KOKORO_REDIS_URL = saved.url;
    if (saved.ci === undefined) delete process.env.CI;
    else process.env.CI = saved.ci;
  }
});
