import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RedisConnection, RedisRateLimitStore } from '../src/index.js';
import { redisUrl, requireRedis, uniquePrefix } from './services.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-part.do-not-store';
const connections: RedisConnection[] = [];
after(async () => {
  for (const connection of connections) await connection.close();
});
/** Two stores of one token on two connections: two processes, as Redis sees them. */
function twoStores(options: { globalLimit?: number } = {}): [RedisRateLimitStore, RedisRateLimitStore, string] {
  const prefix = uniquePrefix('rl');
  const make = (): RedisRateLimitStore => {
    const connection = new RedisConnection({ url: redisUrl(), prefix });
    connections.push(connection);
    return new RedisRateLimitStore({ token: TOKEN, connection, poll: 25, ...options });
  };
  return [make(), make(), prefix];
}

test('a bucket window told by one process is spent by the other; no more than its remaining', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b] = twoStores();
  const bucket = 'abc|100000000000000001';
  assert.equal(await a.take(bucket, false), 0, 'an unknown window admits one probe');
  const busy = await b.take(bucket, false);
  assert.ok(busy > 0 && busy <= 25, `while the probe is out, others wait briefly (${busy} ms)`);
  await a.settle(bucket, bucket, { limit: 5, remaining: 4, resetAfter: 60_000 }, false);
  for (let i = 0; i < 4; i++) assert.equal(await b.take(bucket, false), 0);
  const wait = await a.take(bucket, false);
  assert.ok(wait > 59_000 && wait <= 60_000, `spent: wait for the reset (${wait} ms)`);
  // An answer that counted fewer takes (sent earlier) never raises what is left.
  await b.settle(bucket, bucket, { limit: 5, remaining: 3, resetAfter: 60_000 }, false);
  assert.ok((await b.take(bucket, false)) > 0);
  // A 429 blocks the bucket for every process.
  const other = 'def|1';
  await a.settle(other, other, { block: 30_000 }, false);
  const blocked = await b.take(other, false);
  assert.ok(blocked > 29_000, `blocked ${blocked}`);
});

test('a probe that failed frees the unknown bucket; its answer naming the real bucket moves the state there', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b] = twoStores();
  const route = 'POST /channels/:id/messages|1';
  assert.equal(await a.take(route, false), 0);
  await a.settle(route, route, {}, false); // network error: nothing learned
  assert.equal(await b.take(route, false), 0, 'the next probe may go');
  await b.settle(route, 'real|1', { limit: 2, remaining: 0, resetAfter: 60_000 }, false);
  assert.ok((await a.take('real|1', false)) > 59_000);
  await a.learn('POST /channels/:id/messages', 'real');
  assert.equal(await b.bucketOf('POST /channels/:id/messages'), 'real');
  await a.learn('GET /gateway/bot', null);
  assert.equal(await b.bucketOf('GET /gateway/bot'), null);
  assert.equal(await b.bucketOf('GET /nothing'), undefined);
});

test('a request in flight when a window ends counts in the next one (it may arrive there)', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b] = twoStores();
  const bucket = 'edge|1';
  assert.equal(await a.take(bucket, false), 0);
  await a.settle(bucket, bucket, { limit: 2, remaining: 1, resetAfter: 40 }, false);
  assert.equal(await b.take(bucket, false), 0, 'the last slot of the window');
  // Redis's clock decides the window: wait it out for real (a few tens of ms).
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(await a.take(bucket, false), 0, 'a new window: one slot, b’s request is still in flight');
  // Even if this window too has passed meanwhile (a loaded machine), both requests are in flight.
  assert.ok((await a.take(bucket, false)) > 0, 'the second slot is b’s request in flight');
  await b.settle(bucket, bucket, { limit: 2, remaining: 0, resetAfter: 40 }, false);
  // An answer of a window the store did not know yet counts the requests still in flight.
  const other = 'edge|2';
  assert.equal(await a.take(other, false), 0);
  assert.ok((await b.take(other, false)) > 0, 'one probe at a time');
  await a.settle(other, other, { limit: 3, remaining: 2, resetAfter: 60_000 }, false);
  assert.equal(await b.take(other, false), 0);
  assert.equal(await a.take(other, false), 0);
  assert.ok((await b.take(other, false)) > 0, 'three taken in a window of three');
});

test('a route whose bucket another process learned is not probed by the route again', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b] = twoStores();
  const route = 'POST /channels/:id/messages|7';
  assert.equal(await a.take(route, false), 0);
  await a.learn('POST /channels/:id/messages', 'named');
  await a.settle(route, 'named|7', { limit: 5, remaining: 4, resetAfter: 60_000 }, false);
  const wait = await b.take(route, false);
  assert.ok(wait > 0 && wait <= 25, `asks again after reading the route's bucket (${wait} ms)`);
  assert.equal(await b.bucketOf('POST /channels/:id/messages'), 'named');
  for (let i = 0; i < 4; i++) assert.equal(await b.take('named|7', false), 0);
  assert.ok((await b.take('named|7', false)) > 59_000);
});

test('the global limit counts every process, slots free a window after their answer, a global 429 stops all', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b] = twoStores({ globalLimit: 3 });
  assert.equal(await a.take('', true), 0);
  assert.equal(await b.take('x|1', true), 0);
  assert.equal(await a.take('', true), 0);
  const full = await b.take('', true);
  assert.ok(full > 0 && full <= 25, `full: poll again soon (${full} ms)`);
  await b.settle('x|1', 'x|1', { limit: 10, remaining: 9, resetAfter: 1000 }, true);
  assert.ok((await b.take('', true)) > 0, 'an answered slot is held one more window');
  await a.settle('', '', { globalBlock: 5000 }, true);
  const blocked = await b.take('y|1', false);
  assert.equal(blocked, 0, 'a global 429 does not stop requests exempt from the global limit');
  assert.ok((await b.take('y|2', true)) > 4000);
});

test('invalid answers are counted for every process; keys expire and never hold the token', async (t) => {
  if (!(await requireRedis(t))) return;
  const [a, b, prefix] = twoStores();
  const before = await a.invalidCount();
  assert.equal(await a.recordInvalid(), before + 1);
  assert.equal(await b.recordInvalid(), before + 2);
  assert.equal(await a.invalidCount(), before + 2);
  await a.take('h|webhook-token-secret', true);
  await a.settle(
    'h|webhook-token-secret',
    'h|webhook-token-secret',
    { limit: 5, remaining: 4, resetAfter: 1000 },
    true,
  );
  await a.learn('GET /users/@me', 'u');
  const redis = connections[0]!.redis;
  const keys = await redis.keys(`${prefix}*`);
  assert.ok(keys.length >= 4, keys.join(' '));
  for (const key of keys) {
    assert.ok(!key.includes('secret') && !key.includes('MTIzNDU2Nzg5MDEyMzQ1Njc4'), key);
    const ttl = await redis.pttl(key);
    assert.ok(ttl > 0, `${key} has no expiry`);
  }
});
