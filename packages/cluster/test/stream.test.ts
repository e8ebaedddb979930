/**
 * The stream path against the real NATS (and Redis for the shared handled-event record): a gateway
 * connector publishes, worker connectors apply every event to their own cache and share the
 * handlers' work; a redelivered event whose handlers ran is not handled twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '@kokoro/cache';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { GatewayConnector, RedisHandledEvents, WorkerConnector } from '../src/index.js';
import { natsUrl, redisUrl, requireNats, requireRedis } from './services.js';
import { clientOn, dispatchesOf, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

test('two workers share the events once each, and each keeps the whole cache', async (t) => {
  if (!(await requireNats(t))) return;
  const { options } = testStream('share');
  const { fake, bot, channel, guild } = await fakeWorld();
  const gateway = new GatewayConnector(options);
  const workers = [new WorkerConnector({ ...options, group: 'g' }), new WorkerConnector({ ...options, group: 'g' })];
  const seen: { worker: number; content: string }[] = [];
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    assert.equal(publisher.user?.id, bot.id, 'the gateway process knows its bot from READY');
    const clients = workers.map((worker, index) => {
      const client = clientOn(fake, bot.token, worker, `Worker${index}`);
      client.on('messageCreate', (_client, message: Message) => {
        seen.push({ worker: index, content: message.content });
      });
      return client;
    });
    for (const client of clients) await client.start();
    for (const client of clients) {
      assert.equal(client.user?.id, bot.id);
      assert.ok(client.guilds.has(guild.id), `${client.name} replayed the guild from the stream`);
    }
    const total = 40;
    for (let n = 0; n < total; n++) await fake.userSays(channel, `m${n}`);
    await waitUntil(`${total} messages handled`, () => seen.length >= total);
    const progress = workers.map((worker) => [...worker.progress().values()][0]!);
    await waitUntil('every worker applied every message', () =>
      workers.every((worker) => [...worker.progress().values()][0]!.applied >= total + 1),
    );
    const contents = seen.map((entry) => entry.content).sort();
    assert.deepEqual(contents, Array.from({ length: total }, (_, n) => `m${n}`).sort(), 'each message handled once');
    for (const client of clients) {
      const cachedChannel = client.cache.channels.get(channel.id);
      assert.ok(cachedChannel, 'each worker caches the channel');
    }
    assert.equal(
      progress.reduce((sum, p) => sum + p.handled, 0),
      total,
    );
    for (const client of clients) await client.stop();
    await publisher.stop();
  } finally {
    for (const worker of workers) await worker.close();
    await gateway.close();
    await fake.close();
  }
});

test('a redelivered event whose handlers ran (recorded in Redis) is acknowledged without running them again', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { stream, prefix, options } = testStream('redeliver');
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const { fake, bot, channel } = await fakeWorld();
  const gateway = new GatewayConnector(options);
  const handled = new RedisHandledEvents(redis, stream, { prefix: `${prefix}:handled:`, ttl: 60_000 });
  const worker = new WorkerConnector({ ...options, group: 'g', handled, ackWait: 60_000 });
  const nc = await connect({ servers: natsUrl() });
  const runs: string[] = [];
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    await fake.userSays(channel, 'first');
    await fake.userSays(channel, 'second');
    await waitUntil('both messages stored', () => [...gateway.progress().values()][0]!.stored >= 3);
    // A worker that ran the handlers of 'first' and died before its ack: it recorded the event and
    // never acknowledged it. Act it out on the group's durable consumer, then make JetStream
    // redeliver at once (nak) instead of after the ack wait.
    const jsm = await jetstreamManager(nc);
    const durable = `g-${bot.id}`;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: 60_000_000_000,
      filter_subject: `${prefix}.${bot.id}.>`,
    });
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const batch = await consumer.fetch({ max_messages: 10, expires: 2000 });
    let firstSeq = 0;
    for await (const msg of batch) {
      if (msg.subject.endsWith('.MESSAGE_CREATE')) {
        // 'first' may share a message (a run) with 'second': only its own dispatch is recorded.
        for (const { id, d } of dispatchesOf(msg)) {
          if (d.content !== 'first') continue;
          firstSeq = msg.seq;
          await handled.add(id);
        }
      }
      msg.nak();
    }
    assert.ok(firstSeq > 0, 'the dead worker got the first message');
    const client = clientOn(fake, bot.token, worker, 'Survivor');
    client.on('messageCreate', (_client, message: Message) => {
      runs.push(message.content);
    });
    await client.start();
    await waitUntil('the redeliveries are acknowledged', () => {
      const p = [...worker.progress().values()][0];
      return p !== undefined && p.skipped === 1 && runs.includes('second');
    });
    await fake.userSays(channel, 'third');
    await waitUntil('a new message is handled', () => runs.includes('third'));
    assert.deepEqual(runs, ['second', 'third'], 'the recorded event did not run again; the others did once');
    const info = await jsm.consumers.info(stream, durable);
    await waitUntil('nothing left unacknowledged', () => [...worker.progress().values()][0]!.running === 0);
    assert.equal(info.num_pending, 0);
    await client.stop();
    await publisher.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await nc.close();
    await fake.close();
    await redis.quit();
  }
});
