/**
 * Workers that own shards (`shardLeases`), against the real NATS and Redis: the leases themselves,
 * a fair share per worker with each event handled once, and a takeover when a worker stops.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '@kokoro/cache';
import { shardIdForGuild } from '@kokoro/common';
import type { FakeDiscord } from '@kokoro/testing';
import { GatewayConnector, RedisConnection, RedisShardLeases, WorkerConnector } from '../src/index.js';
import { redisUrl, requireNats, requireRedis, uniqueName } from './services.js';
import { clientOn, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

async function redisFor(prefix: string): Promise<RedisConnection> {
  const connection = new RedisConnection({ url: redisUrl(), prefix: `${prefix}:` });
  await connection.connect();
  return connection;
}

async function cleanUp(connection: RedisConnection): Promise<void> {
  const keys = await connection.redis.keys(`${connection.prefix}*`);
  if (keys.length > 0) await connection.redis.del(...keys);
  await connection.close();
}

test('a shard lease is one owner’s until released or expired; heartbeats count the live workers', async (t) => {
  if (!(await requireRedis(t))) return;
  const connection = await redisFor(uniqueName('lease'));
  try {
    const leases = new RedisShardLeases({ connection, ttl: 300 });
    assert.equal(await leases.claim('g:1', 0, 'a'), true);
    assert.equal(await leases.claim('g:1', 0, 'b'), false, 'held by a');
    assert.equal(await leases.renew('g:1', 0, 'a'), true);
    assert.equal(await leases.renew('g:1', 0, 'b'), false, 'b cannot extend what it does not hold');
    await leases.release('g:1', 0, 'b');
    assert.equal(await leases.claim('g:1', 0, 'b'), false, 'a release by another owner changes nothing');
    await leases.release('g:1', 0, 'a');
    assert.equal(await leases.claim('g:1', 0, 'b'), true, 'free once released');
    // Not renewed, it expires (Redis's clock), and another worker may take it.
    const ttl = await connection.redis.pttl(`${connection.prefix}lease:g:1:0`);
    assert.ok(ttl > 0 && ttl <= 300, `time to live ${ttl}`);
    await new Promise((resolve) => setTimeout(resolve, ttl + 50));
    assert.equal(await leases.renew('g:1', 0, 'b'), false, 'an expired lease is not renewed');
    assert.equal(await leases.claim('g:1', 0, 'c'), true);
    assert.equal(await leases.heartbeat('g:1', 'a'), 1);
    assert.equal(await leases.heartbeat('g:1', 'b'), 2);
    assert.equal(await leases.heartbeat('g:1', 'b'), 2, 'a worker counts once');
    await leases.leave('g:1', 'a');
    assert.equal(await leases.heartbeat('g:1', 'b'), 1, 'a worker that left is not counted');
    assert.throws(() => new RedisShardLeases({ connection, ttl: 10 }), /at least 100 ms/);
  } finally {
    await cleanUp(connection);
  }
});

test('workers that own shards share them out, handle each event once, and take over the shards of one that stops', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { prefix, options } = testStream('own');
  const connection = await redisFor(prefix);
  const { fake, bot, user } = await fakeWorld({ gatewayOptions: { heartbeatInterval: 60_000, maxConcurrency: 2 } });
  // A guild with a channel on each of the two shards (a guild's shard comes from its id, made from
  // the time: guilds are made a millisecond or more apart until both shards have one).
  const channels = new Map<number, { guildId: string; channel: ReturnType<FakeDiscord['addChannel']> }>();
  for (let tries = 0; channels.size < 2; tries++) {
    assert.ok(tries < 500, 'guilds on both shards');
    const guild = fake.addGuild({ name: `G${tries}`, members: [bot, user] });
    const shard = shardIdForGuild(guild.id, 2);
    if (!channels.has(shard))
      channels.set(shard, { guildId: guild.id, channel: fake.addChannel(guild, { name: 'c' }) });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const gateway = new GatewayConnector(options);
  const leases = new RedisShardLeases({ connection, ttl: 300 });
  const workers = [0, 1].map(() => new WorkerConnector({ ...options, group: 'g', shardLeases: leases }));
  const seen: { worker: number; content: string }[] = [];
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher', 2);
    await publisher.start();
    const clients = workers.map((worker, index) => {
      const client = clientOn(fake, bot.token, worker, `Worker${index}`, 2);
      client.on('messageCreate', (_client, message: Message) => {
        seen.push({ worker: index, content: message.content });
      });
      return client;
    });
    for (const client of clients) await client.start();
    const owned = () => workers.map((worker) => [...worker.progress().values()][0]?.shards ?? []);
    await waitUntil('each worker owns one shard', () => owned().every((shards) => shards.length === 1));
    const [a, b] = owned() as [number[], number[]];
    assert.notDeepEqual(a, b, 'two different shards');
    for (const [index, client] of clients.entries()) {
      const shard = owned()[index]![0]!;
      const mine = channels.get(shard)!.guildId;
      const other = channels.get(1 - shard)!.guildId;
      assert.ok(client.guilds.has(mine), `${client.name} holds the guild of its shard`);
      assert.ok(!client.guilds.has(other), `${client.name} does not apply the other shard's events`);
    }
    const total = 20;
    for (let n = 0; n < total; n++) await fake.userSays(channels.get(n % 2)!.channel, `m${n}`);
    await waitUntil(`${total} messages handled`, () => seen.length >= total);
    assert.deepEqual(
      seen.map((entry) => entry.content).sort(),
      Array.from({ length: total }, (_, n) => `m${n}`).sort(),
      'each message handled once',
    );
    for (const { worker, content } of seen) {
      const shard = owned()[worker]![0]!;
      assert.equal(Number(content.slice(1)) % 2, shard, `${content} handled by the owner of its shard`);
    }
    // Worker 1 stops: it gives its shard back, and worker 0 takes it over with its state.
    const leftShard = owned()[1]![0]!;
    await clients[1]!.stop();
    await waitUntil('the survivor owns both shards', () => owned()[0]!.length === 2);
    assert.ok(clients[0]!.guilds.has(channels.get(leftShard)!.guildId), 'the takeover replayed the guild');
    seen.length = 0;
    for (let n = 0; n < 4; n++) await fake.userSays(channels.get(n % 2)!.channel, `after${n}`);
    await waitUntil('the messages after the takeover handled', () => seen.length >= 4);
    assert.deepEqual(
      seen.map((entry) => `${entry.worker}:${entry.content}`).sort(),
      ['0:after0', '0:after1', '0:after2', '0:after3'],
      'every shard handled by the survivor, once',
    );
    await clients[0]!.stop();
    await publisher.stop();
  } finally {
    for (const worker of workers) await worker.close();
    await gateway.close();
    await fake.close();
    await cleanUp(connection);
  }
});

test('a worker that owns shards says what to do when no gateway process published a READY', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { prefix, options } = testStream('noready');
  const connection = await redisFor(prefix);
  const { fake, bot } = await fakeWorld();
  const worker = new WorkerConnector({
    ...options,
    shardLeases: new RedisShardLeases({ connection }),
    readyTimeout: 300,
  });
  try {
    const client = clientOn(fake, bot.token, worker, 'Lonely', 2);
    await assert.rejects(client.start(), /no gateway process published a READY.*kokoro gateway/);
  } finally {
    await worker.close();
    await fake.close();
    await cleanUp(connection);
  }
});
