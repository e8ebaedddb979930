import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { SessionStartLimitError } from '@kokoro/gateway';
import { FakeDiscord } from '@kokoro/testing';
import { RedisConnection, RedisIdentifyQueue } from '../src/index.js';
import { Child } from './child.js';
import { redisUrl, requireRedis, uniquePrefix } from './services.js';

const connections: RedisConnection[] = [];
after(async () => {
  for (const connection of connections) await connection.close();
});
function connection(prefix: string): RedisConnection {
  const made = new RedisConnection({ url: redisUrl(), prefix });
  connections.push(made);
  return made;
}

// The queue's window is the test's "5 s"; the fake refuses (op 9) identifies of one bucket closer
// than FAKE_WINDOW. The difference leaves room for the delivery jitter of a loaded machine.
const WINDOW = 600;
const FAKE_WINDOW = 300;

test('two gateway processes sharing the Redis identify queue never identify one bucket twice in a window', async (t) => {
  if (!(await requireRedis(t))) return;
  const fake = await FakeDiscord.start({
    gatewayOptions: { heartbeatInterval: 5000, identifyWindow: FAKE_WINDOW, maxConcurrency: 2 },
  });
  const children: Child[] = [];
  try {
    const bot = fake.addBot({ name: 'Sharded' });
    fake.addGuild({ name: 'home', members: [bot] });
    const env = {
      REDIS_URL: redisUrl(),
      PREFIX: uniquePrefix('identify'),
      TOKEN: bot.token,
      MAX_CONCURRENCY: '2',
      WINDOW: String(WINDOW),
      GATEWAY_URL: fake.gatewayUrl,
      SHARD_COUNT: '8',
    };
    // Each process runs shards of both buckets, so they compete for every bucket.
    children.push(new Child('identify-child', { ...env, SHARD_IDS: '0,1,2,3' }));
    children.push(new Child('identify-child', { ...env, SHARD_IDS: '4,5,6,7' }));
    for (const child of children) assert.equal(await child.line('ready'), 'ready');
    const identifies = fake.gateway.identifies;
    assert.equal(identifies.length, 8);
    assert.equal(fake.gateway.identifyViolations, 0, 'no identify was refused for coming too fast');
    for (const bucket of [0, 1]) {
      const times = identifies
        .filter((i) => i.shardId % 2 === bucket)
        .map((i) => i.at)
        .sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) {
        const gap = (times[i] as number) - (times[i - 1] as number);
        assert.ok(gap >= FAKE_WINDOW, `bucket ${bucket}: identifies ${gap} ms apart`);
      }
    }
  } finally {
    for (const child of children) await child.end();
    await fake.close();
  }
});

test('a queue waiting for a busy bucket can be aborted, and the day budget in Redis is shared', async (t) => {
  if (!(await requireRedis(t))) return;
  const prefix = uniquePrefix('identify');
  const common = { botId: '123456789012345678', window: 60_000 };
  const a = new RedisIdentifyQueue({ ...common, connection: connection(prefix) });
  const b = new RedisIdentifyQueue({ ...common, connection: connection(prefix) });
  await a.acquire(0);
  const controller = new AbortController();
  const waiting = b.acquire(0, controller.signal);
  setTimeout(() => controller.abort(new Error('stopped')), 20);
  await assert.rejects(waiting, /stopped/);
  // Another bucket is free at once.
  const other = new RedisIdentifyQueue({ ...common, maxConcurrency: 2, connection: connection(prefix) });
  await other.acquire(1);

  const limited = uniquePrefix('identify');
  const limit = { total: 1000, remaining: 4, reset_after: 60_000, max_concurrency: 4 };
  // One process learned the limit from GET /gateway/bot; the other never fetched it.
  const c = new RedisIdentifyQueue({ ...common, maxConcurrency: 4, reserve: 2, connection: connection(limited) });
  const d = new RedisIdentifyQueue({ ...common, maxConcurrency: 4, reserve: 2, connection: connection(limited) });
  await c.updateLimit(limit);
  await c.acquire(0);
  await d.acquire(1); // 2 left: the reserve
  const refused = await c.acquire(2).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(refused instanceof SessionStartLimitError, String(refused));
  await assert.rejects(d.acquire(3), SessionStartLimitError);
});

test('a queue without maxConcurrency takes it from the limit a ShardManager passes on', async (t) => {
  if (!(await requireRedis(t))) return;
  const queue = new RedisIdentifyQueue({
    botId: '123456789012345678',
    connection: connection(uniquePrefix('identify')),
  });
  assert.equal(queue.maxConcurrency, 1);
  await queue.updateLimit({ total: 1000, remaining: 900, reset_after: 60_000, max_concurrency: 4 });
  assert.equal(queue.maxConcurrency, 4);
  assert.equal(queue.bucketOf(6), 2);
  const fixed = new RedisIdentifyQueue({
    botId: '1234567890123456789',
    maxConcurrency: 2,
    connection: connection(uniquePrefix('identify')),
  });
  await fixed.updateLimit({ total: 1000, remaining: 900, reset_after: 60_000, max_concurrency: 16 });
  assert.equal(fixed.maxConcurrency, 2);
});
