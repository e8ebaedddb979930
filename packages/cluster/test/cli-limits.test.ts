/**
 * `kokoro worker` processes of one token with `--redis` share the token's REST limits out of the
 * box (the CLI gives each client a RedisRateLimitStore): two workers answering in one channel get
 * zero 429s.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { GatewayConnector } from '../src/index.js';
import { answers, type Child, clusterFlags, startChild, stopChild } from './process-helpers.js';
import { redisUrl, requireNats, requireRedis } from './services.js';
import { clientOn, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

const children: Child[] = [];
after(async () => {
  for (const child of children) await stopChild(child, 2_000);
});

test('worker processes of one token share its REST limits through Redis out of the box: zero 429s', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { stream, prefix, options } = testStream('limits');
  const { fake, bot, channel } = await fakeWorld();
  // Messages: 5 per 500 ms per channel. Two workers answering in one channel, each counting only its
  // own answers, overrun it (the control is the store-level test in redis-rest.test.ts).
  fake.rest.useDiscordLimits({ scale: 10 });
  const gateway = new GatewayConnector(options);
  const flags = clusterFlags(stream, prefix, '--group', 'g');
  const base = `http://127.0.0.1:${fake.port}`;
  const redis = new Redis(redisUrl());
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    const workers = [
      await startChild('worker', base, bot.token, flags),
      await startChild('worker', base, bot.token, flags),
    ];
    children.push(...workers);
    const total = 30;
    for (let n = 0; n < total; n++) await fake.userSays(channel, `m${n}`);
    await waitUntil(`all ${total} answered`, () => answers(fake, channel.id).size >= total, 60_000);
    assert.equal(fake.rest.rateLimitedCount, 0, `the fake answered 429s: ${JSON.stringify(fake.rest.stats)}`);
    // The workers learned the route's bucket in Redis: the CLI gave their clients the shared store.
    const routes = await redis.keys(`${prefix}:rl:*:routes`);
    assert.equal(routes.length, 1, `one token's route table in Redis: ${routes.join(' ')}`);
    assert.ok(await redis.hget(routes[0]!, 'POST /channels/:id/messages'), 'the message route is shared');
    for (const worker of workers) await stopChild(worker);
    await publisher.stop();
  } finally {
    redis.disconnect();
    await gateway.close();
    await fake.close();
  }
});
