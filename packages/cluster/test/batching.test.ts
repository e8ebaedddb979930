/**
 * The batched throughput paths against the real NATS and Redis: the gateway's publisher (one ack
 * inbox, answers matched by token, failures sent again with the same id), the batch record of
 * handled events (one script call for many ids), and the worker's batch record under redelivery
 * and when the record fails.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Message } from '@kokoro/cache';
import { AckPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import {
  BITS_PER_KEY,
  DispatchPublisher,
  GatewayConnector,
  type HandledEvents,
  LocalHandledEvents,
  RedisHandledEvents,
  WorkerConnector,
} from '../src/index.js';
import { natsUrl, redisUrl, requireNats, requireRedis, uniqueName } from './services.js';
import { clientOn, deleteStream, dispatchesOf, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

/**
 * Handled events kept in this process, with `onBatch` told of each batch record first; a promise it
 * returns (a rejection: the record fails) stands for the record.
 */
function localRecords(onBatch: (ids: readonly string[]) => Promise<void> | void): HandledEvents {
  const local = new LocalHandledEvents();
  return {
    has: (id) => local.has(id),
    add: (id) => local.add(id),
    addMany: (ids) => onBatch(ids) ?? local.addMany(ids),
  };
}

/** A stream of its own, the fake with a bot in a guild, and a gateway connector that publishes there. */
async function publishingWorld(name: string) {
  const { options } = testStream(name);
  return { options, ...(await fakeWorld()), gateway: new GatewayConnector(options) };
}

const streams: string[] = [];
after(async () => {
  for (const stream of streams) await deleteStream(stream);
});

test('the publisher sends again what no stream took (no responders), then stores it once; a second publish of an id is a duplicate', async (t) => {
  if (!(await requireNats(t))) return;
  const stream = uniqueName('pub').toUpperCase();
  streams.push(stream);
  const subject = `${uniqueName('p')}.1.0.MESSAGE_CREATE`;
  const nc = await connect({ servers: natsUrl() });
  const publisher = new DispatchPublisher(nc, { timeout: 2000 });
  try {
    // No stream listens on the subject yet: JetStream does not answer, NATS says "no responders".
    publisher.publish(subject, '{"n":1}', 'id-1');
    await waitUntil('a failed publish sent again', () => publisher.retries >= 1);
    assert.equal(publisher.stored, 0);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.Memory, duplicate_window: 60e9 });
    await publisher.flush();
    assert.equal(publisher.stored, 1, 'stored once the stream exists');
    publisher.publish(subject, '{"n":1}', 'id-1');
    publisher.publish(subject, '{"n":2}', 'id-2');
    await publisher.flush();
    assert.equal(publisher.duplicates, 1, 'the same id again is answered as a duplicate');
    assert.equal(publisher.stored, 2);
    const info = await jsm.streams.info(stream);
    assert.equal(info.state.messages, 2, 'the stream holds each id once');
    const first = await jsm.streams.getMessage(stream, { seq: 1 });
    assert.equal(first?.string(), '{"n":1}', 'the body is stored as handed in');
    assert.equal(first?.header.get('Nats-Msg-Id'), 'id-1');
  } finally {
    publisher.close();
    await nc.close();
  }
});

test('the publisher keeps order and a bounded window: 3,000 publishes, at most 64 awaiting their ack', async (t) => {
  if (!(await requireNats(t))) return;
  const { stream, prefix } = testStream('order');
  const nc = await connect({ servers: natsUrl() });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`], storage: StorageType.Memory });
  const publisher = new DispatchPublisher(nc, { window: 64 });
  let widest = 0;
  try {
    for (let n = 0; n < 3000; n++) {
      publisher.publish(`${prefix}.1.0.E`, String(n), `o-${n}`);
      widest = Math.max(widest, publisher.inFlight);
    }
    assert.ok(publisher.queued > 0, 'past the window, dispatches wait in the queue');
    await publisher.flush();
    assert.equal(widest, 64);
    assert.equal(publisher.stored, 3000);
    for (const seq of [1, 1500, 3000]) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      assert.equal(msg?.string(), String(seq - 1), `stream sequence ${seq} holds dispatch ${seq - 1}`);
    }
  } finally {
    publisher.close();
    await nc.close();
  }
});

test('RedisHandledEvents.addMany records every id in one call: a bit per event in keys with a time to live', async (t) => {
  if (!(await requireRedis(t))) return;
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const prefix = `${uniqueName('h')}:handled:`;
  try {
    const handled = new RedisHandledEvents(redis, 'S', { prefix, ttl: 60_000 });
    const ids = Array.from({ length: 50 }, (_, n) => `bot:0:session:${n}`);
    await handled.addMany(ids.slice(0, 49));
    for (const id of ids.slice(0, 49)) assert.equal(await handled.has(id), true, id);
    assert.equal(await handled.has(ids[49]!), false, 'an id not in the batch is not recorded');
    const ttl = await redis.pttl(`${prefix}S:bot:0:session:b0`);
    assert.ok(ttl > 50_000 && ttl <= 60_000, `time to live ${ttl}`);
    assert.deepEqual(
      await redis.keys(`${prefix}*`),
      [`${prefix}S:bot:0:session:b0`],
      "one bitmap key for the session's bits",
    );
    // Sequences past a key's 2^20 bits go to the next key; an id of another shape gets a key of its own.
    const far = [`bot:0:session:${BITS_PER_KEY - 1}`, `bot:0:session:${BITS_PER_KEY}`, 'not-a-sequence', 'x:1e3'];
    await handled.addMany(far);
    for (const id of far) assert.equal(await handled.has(id), true, id);
    assert.equal(await handled.has(`bot:0:session:${BITS_PER_KEY + 1}`), false);
    assert.equal(await handled.has('another-shape'), false);
    assert.deepEqual(
      (await redis.keys(`${prefix}*`)).sort(),
      [
        `${prefix}S:bot:0:session:b0`,
        `${prefix}S:bot:0:session:b1`,
        `${prefix}S:not-a-sequence`,
        `${prefix}S:x:1e3`,
      ].sort(),
    );
    assert.equal(await redis.strlen(`${prefix}S:bot:0:session:b0`), BITS_PER_KEY / 8, 'a full key is 128 KiB');
    // A key per event, as workers wrote them before the bitmaps, still counts (a rolling upgrade).
    await redis.set(`${prefix}S:bot:0:old:7`, '1', 'PX', 60_000);
    assert.equal(await handled.has('bot:0:old:7'), true);
    assert.equal(await handled.has('bot:0:old:8'), false);
    // The script is cached by Redis; a flushed script cache is loaded again.
    await redis.script('FLUSH');
    await handled.addMany([ids[49]!, ids[0]!]);
    assert.equal(await handled.has(ids[49]!), true);
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

test('redeliveries of events a dead worker recorded in one batch are all skipped; the rest run once', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { stream, prefix, options } = testStream('batch');
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
    for (let n = 0; n < 8; n++) await fake.userSays(channel, `m${n}`);
    await waitUntil('the messages stored', () => [...gateway.progress().values()][0]!.received >= 9);
    await waitUntil('the messages stored', () => {
      const p = [...gateway.progress().values()][0]!;
      return p.stored === p.received;
    });
    // A worker that ran the handlers of m0..m4, recorded them in one batch and died before its acks.
    const jsm = await jetstreamManager(nc);
    const durable = `g-${bot.id}`;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: 60_000_000_000,
      filter_subject: `${prefix}.${bot.id}.>`,
    });
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const batch = await consumer.fetch({ max_messages: 50, expires: 1000 });
    const recorded: string[] = [];
    const messages = [];
    for await (const msg of batch) {
      messages.push(msg);
      if (!msg.subject.endsWith('.MESSAGE_CREATE')) continue;
      // A message may hold a run of dispatches: the dead worker recorded some of a run.
      for (const { id, d } of dispatchesOf(msg)) {
        if (['m0', 'm1', 'm2', 'm3', 'm4'].includes(d.content as string)) recorded.push(id);
      }
    }
    assert.equal(recorded.length, 5);
    await handled.addMany(recorded);
    for (const msg of messages) msg.nak();
    const client = clientOn(fake, bot.token, worker, 'Survivor');
    client.on('messageCreate', (_client, message: Message) => {
      runs.push(message.content);
    });
    await client.start();
    await waitUntil('the redeliveries handled or skipped', () => {
      const p = [...worker.progress().values()][0];
      return p !== undefined && p.skipped === 5 && runs.length >= 3;
    });
    assert.deepEqual(runs.sort(), ['m5', 'm6', 'm7'], 'the recorded ones did not run again; the others ran once');
    for (let tries = 0; ; tries++) {
      const info = await jsm.consumers.info(stream, durable);
      if (info.num_ack_pending === 0 && info.num_pending === 0) break;
      assert.ok(tries < 200, `still unacknowledged: ${info.num_ack_pending}, pending ${info.num_pending}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.stop();
    await publisher.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await nc.close();
    await fake.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

test('a failed batch record leaves its events unacknowledged: they come again and are acknowledged once recorded', async (t) => {
  if (!(await requireNats(t))) return;
  const { options, fake, bot, channel, gateway } = await publishingWorld('fail');
  let failures = 0;
  const batches: number[] = [];
  // Redis down for the first batch: the record fails once, then works.
  const flaky = localRecords((ids) => {
    if (failures === 0) {
      failures++;
      return Promise.reject(new Error('Redis is down'));
    }
    batches.push(ids.length);
  });
  const worker = new WorkerConnector({ ...options, group: 'g', handled: flaky, ackWait: 300 });
  const runs: string[] = [];
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    const client = clientOn(fake, bot.token, worker, 'Worker');
    client.on('messageCreate', (_client, message: Message) => {
      runs.push(message.content);
    });
    await client.start();
    await fake.userSays(channel, 'once');
    await waitUntil('the event handled again after the failed record', () => runs.length >= 2);
    await waitUntil('acknowledged', () => [...worker.progress().values()][0]!.handled === 1);
    assert.deepEqual(runs, ['once', 'once'], 'at least once: the unrecorded event ran again');
    assert.equal(failures, 1);
    assert.ok(batches.length >= 1);
    await client.stop();
    await publisher.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await fake.close();
  }
});

test('a worker with a backlog records its handled events at most 8 at a time, before it runs more handlers', async (t) => {
  if (!(await requireNats(t))) return;
  const { options, fake, bot, channel, gateway } = await publishingWorld('segments');
  let recorded = 0;
  const spy = localRecords((ids) => {
    recorded += ids.length;
  });
  const worker = new WorkerConnector({ ...options, group: 'g', handled: spy });
  const events = 60;
  let ran = 0;
  let mostUnrecorded = 0;
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    // Stored before the worker starts: it takes them as a backlog, in few socket reads.
    await Promise.all(Array.from({ length: events }, (_, n) => fake.userSays(channel, `m${n}`)));
    await waitUntil('the messages stored', () => {
      const p = [...gateway.progress().values()][0]!;
      return p.received > events && p.stored === p.received;
    });
    const client = clientOn(fake, bot.token, worker, 'Worker');
    client.on('messageCreate', () => {
      // Handlers that ran before this one and whose record was not yet sent: what a kill now would
      // leave handled and unrecorded.
      mostUnrecorded = Math.max(mostUnrecorded, ran - recorded);
      ran++;
    });
    await client.start();
    await waitUntil('every event handled and recorded', () => ran === events && recorded === events);
    assert.ok(mostUnrecorded <= 8, `at most 8 handled events unrecorded at any time, saw ${mostUnrecorded}`);
    await client.stop();
    await publisher.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await fake.close();
  }
});
