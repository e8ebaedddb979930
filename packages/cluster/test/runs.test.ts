/**
 * Runs (src/runs.ts): a gateway process publishes a shard's consecutive dispatches of one type as one
 * message. The batcher's cuts, the run ids, and a worker that drops the copies a replay stored under
 * other run boundaries (against the real NATS).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '@kokoro/cache';
import { MemoryGatewaySessionStore } from '@kokoro/gateway';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  DispatchPublisher,
  GatewayConnector,
  MAX_RUN,
  parseRunId,
  RunBatcher,
  runId,
  StoredSequences,
  storedOnlySessions,
  WorkerConnector,
} from '../src/index.js';
import { natsUrl, requireNats } from './services.js';
import { clientOn, dispatchesOf, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

interface Published {
  subject: string;
  data: string;
  id: string;
  count: number;
  onStored: (() => void) | undefined;
}

function recorder(): { publisher: DispatchPublisher; published: Published[] } {
  const published: Published[] = [];
  const publisher = {
    publish(subject: string, data: string, id: string, count = 1, onStored?: () => void) {
      published.push({ subject, data, id, count, onStored });
    },
  } as unknown as DispatchPublisher;
  return { publisher, published };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('a run holds consecutive dispatches of one type and session; a new type, a gap, a new session or READY cut it', async () => {
  const { publisher, published } = recorder();
  const runs = new RunBatcher(publisher, 'k', '42', { maxInFlight: Number.POSITIVE_INFINITY });
  runs.add(0, 'sa', 'READY', 1, '{"v":1}');
  for (let seq = 2; seq <= 4; seq++) runs.add(0, 'sa', 'MESSAGE_CREATE', seq, `{"n":${seq}}`);
  runs.add(0, 'sa', 'TYPING_START', 5, '{"n":5}');
  runs.add(0, 'sa', 'TYPING_START', 7, '{"n":7}'); // a gap: 6 never came
  runs.add(1, 'sb', 'TYPING_START', 8, '{"n":8}'); // another shard has a run of its own
  runs.add(0, 'sc', 'TYPING_START', 8, '{"n":8}'); // a new session of shard 0
  assert.equal(published.length, 4, 'the open runs wait for the end of the turn');
  await nextTurn();
  const shape = published.map(({ subject, id, count }) => `${subject} ${id} ${count}`);
  assert.deepEqual(shape, [
    'k.42.0.READY 42:0:sa:1 1',
    'k.42.0.MESSAGE_CREATE 42:0:sa:2+3 3',
    'k.42.0.TYPING_START 42:0:sa:5 1',
    'k.42.0.TYPING_START 42:0:sa:7 1',
    'k.42.0.TYPING_START 42:0:sc:8 1',
    'k.42.1.TYPING_START 42:1:sb:8 1',
  ]);
  assert.equal(published[1]!.data, '[{"n":2},{"n":3},{"n":4}]', 'a run is the JSON array of its dispatches');
  assert.equal(published[2]!.data, '{"n":5}', 'a run of one is the dispatch itself');
});

test('a run is cut at maxRun dispatches and at maxRunBytes; maxRun 1 publishes each dispatch alone, at once', async () => {
  const { publisher, published } = recorder();
  const endOfTurn = { maxInFlight: Number.POSITIVE_INFINITY };
  const runs = new RunBatcher(publisher, 'k', '42', { maxRun: 3, maxRunBytes: 1000, ...endOfTurn });
  for (let seq = 1; seq <= 7; seq++) runs.add(0, 's', 'MESSAGE_CREATE', seq, '{}');
  await nextTurn();
  assert.deepEqual(
    published.map((p) => p.count),
    [3, 3, 1],
  );
  const bytes = recorder();
  const big = new RunBatcher(bytes.publisher, 'k', '42', { maxRunBytes: 40, ...endOfTurn });
  for (let seq = 1; seq <= 3; seq++) big.add(0, 's', 'E', seq, `"${'x'.repeat(15)}"`);
  await nextTurn();
  assert.deepEqual(
    bytes.published.map((p) => p.count),
    [2, 1],
    'two 17-byte dispatches fit in 40 bytes with their brackets and comma, a third does not',
  );
  for (const p of bytes.published) assert.ok(p.data.length <= 40, `${p.data.length} bytes`);
  const single = recorder();
  const alone = new RunBatcher(single.publisher, 'k', '42', { maxRun: 1 });
  alone.add(0, 's', 'E', 1, '{}');
  assert.equal(single.published.length, 1, 'published without waiting for the turn');
  const capped = recorder();
  const huge = new RunBatcher(capped.publisher, 'k', '42', { maxRun: 1_000_000, ...endOfTurn });
  for (let seq = 1; seq <= MAX_RUN + 1; seq++) huge.add(0, 's', 'E', seq, '1');
  await nextTurn();
  assert.deepEqual(
    capped.published.map((p) => p.count),
    [MAX_RUN, 1],
    'maxRun is capped',
  );
});

test("an open run waits while its shard's last message awaits JetStream's ack (Nagle's rule), and goes out with that ack", async () => {
  const { publisher, published } = recorder();
  const runs = new RunBatcher(publisher, 'k', '42', { maxRun: 4 });
  runs.add(0, 's', 'MESSAGE_CREATE', 1, '1');
  await nextTurn();
  assert.deepEqual(
    published.map((p) => p.id),
    ['42:0:s:1'],
    'nothing in flight: out at the end of the turn',
  );
  runs.add(0, 's', 'MESSAGE_CREATE', 2, '2');
  runs.add(1, 't', 'MESSAGE_CREATE', 1, '1');
  await nextTurn();
  assert.deepEqual(
    published.map((p) => p.id),
    ['42:0:s:1', '42:1:t:1'],
    "shard 0's run waits for the ack of 1; shard 1 has nothing in flight",
  );
  runs.add(0, 's', 'MESSAGE_CREATE', 3, '3');
  await nextTurn();
  assert.equal(published.length, 2, 'still waiting: the run grows');
  published[0]!.onStored!();
  assert.deepEqual(
    published.map((p) => `${p.id} ${p.data}`),
    ['42:0:s:1 1', '42:1:t:1 1', '42:0:s:2+2 [2,3]'],
    'the ack publishes the waiting run at once',
  );
  for (let seq = 4; seq <= 8; seq++) runs.add(0, 's', 'MESSAGE_CREATE', seq, String(seq));
  assert.deepEqual(
    published.slice(3).map((p) => p.id),
    ['42:0:s:4+4'],
    'a full run goes out whatever is in flight',
  );
  await nextTurn();
  assert.equal(published.length, 4, 'the rest (8) waits for an ack');
  runs.flush();
  assert.deepEqual(
    published.slice(4).map((p) => p.id),
    ['42:0:s:8'],
    'flush() publishes every open run (a shutdown)',
  );
});

test('the session store saves no sequence past what JetStream stored, so a gateway killed before its last runs were stored resumes before them', async () => {
  const { publisher, published } = recorder();
  const sequences = new StoredSequences();
  const runs = new RunBatcher(publisher, 'k', '42', { maxInFlight: Number.POSITIVE_INFINITY }, sequences);
  const memory = new MemoryGatewaySessionStore();
  const store = storedOnlySessions(memory, sequences);
  const key = { botId: '42', shardId: 0, shardCount: 1 };
  const save = async (sequence: number) => {
    await store.save(key, { sessionId: 's', sequence, resumeUrl: 'wss://r' });
    return (await memory.load(key))!.sequence;
  };
  runs.add(0, 's', 'READY', 1, '{}');
  for (let seq = 2; seq <= 4; seq++) runs.add(0, 's', 'MESSAGE_CREATE', seq, '{}');
  assert.equal(await save(4), 0, 'nothing stored yet: resume from the start of the session');
  published[0]!.onStored!(); // READY stored
  assert.equal(await save(4), 1, 'the open run (2..4) is not stored');
  await nextTurn();
  runs.add(0, 's', 'TYPING_START', 5, '{}');
  runs.add(0, 's', 'TYPING_START', 6, '{}');
  await nextTurn();
  assert.deepEqual(
    published.map((p) => p.id),
    ['42:0:s:1', '42:0:s:2+3', '42:0:s:5+2'],
  );
  published[2]!.onStored!(); // 5..6 stored before 2..4 (a retry)
  assert.equal(await save(6), 1, 'a gap (2..4) holds the sequence back');
  published[1]!.onStored!();
  assert.equal(await save(6), 6, 'everything stored');
  assert.equal(await save(5), 5, 'never past what the shard received');
  const other = { ...key, shardId: 1 };
  await store.save(other, { sessionId: 'x', sequence: 9, resumeUrl: 'wss://r' });
  assert.equal((await memory.load(other))!.sequence, 9, 'a session it never saw is saved as is');
  runs.add(0, 't', 'READY', 1, '{}');
  assert.equal(sequences.storedThrough(0, 's'), undefined, 'a new session of the shard starts over');
  assert.equal(sequences.storedThrough(0, 't'), 0);
});

test('run ids read back; anything else is not a run id', () => {
  assert.deepEqual(parseRunId(runId('42', 3, 'abc', 10, 1)), { session: '42:3:abc', seq: 10, count: 1 });
  assert.deepEqual(parseRunId(runId('42', 3, 'abc', 10, 5)), { session: '42:3:abc', seq: 10, count: 5 });
  for (const bad of ['', 'plain', '42:3:abc:x', '42:3:abc:10+0', '42:3:abc:10+y']) {
    assert.equal(parseRunId(bad), undefined, bad);
  }
});

test('a worker handles each dispatch once when a replay stored it again under other run boundaries', async (t) => {
  if (!(await requireNats(t))) return;
  const { stream, options } = testStream('runs');
  const { fake, bot, channel } = await fakeWorld();
  // Singles, so that the copies below are stored under ids of their own.
  const gateway = new GatewayConnector({ ...options, maxRun: 1 });
  const worker = new WorkerConnector({ ...options, group: 'g' });
  const nc = await connect({ servers: natsUrl() });
  const seen: string[] = [];
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
    await publisher.start();
    for (let n = 0; n < 6; n++) await fake.userSays(channel, `m${n}`);
    await waitUntil('the messages stored', () => [...gateway.progress().values()][0]!.stored >= 7);
    // What a restarted gateway process resuming from an older sequence publishes again, cut into
    // other runs: m1..m4 as one run, and m3..m5 as another.
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const stored: { id: string; d: Record<string, unknown>; subject: string }[] = [];
    for (let seq = 1; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      if (!msg) continue;
      for (const dispatch of dispatchesOf({ headers: msg.header, string: () => msg.string() })) {
        if (msg.subject.endsWith('.MESSAGE_CREATE')) stored.push({ ...dispatch, subject: msg.subject });
      }
    }
    assert.equal(stored.length, 6);
    const copies = new DispatchPublisher(nc);
    for (const [from, to] of [
      [1, 4],
      [3, 5],
    ] as const) {
      const first = parseRunId(stored[from]!.id)!;
      const [botId, shardId, sessionId] = first.session.split(':') as [string, string, string];
      const slice = stored.slice(from, to + 1);
      copies.publish(
        stored[from]!.subject,
        JSON.stringify(slice.map((s) => s.d)),
        runId(botId, Number(shardId), sessionId, first.seq, slice.length),
        slice.length,
      );
    }
    await copies.flush();
    copies.close();
    assert.equal(copies.stored, 7, 'the copies are in the stream under ids of their own');
    const client = clientOn(fake, bot.token, worker, 'Worker');
    client.on('messageCreate', (_client, message: Message) => {
      seen.push(message.content);
    });
    await client.start();
    await fake.userSays(channel, 'm6');
    await waitUntil('the new message handled', () => seen.includes('m6'));
    await waitUntil('every message acknowledged', () => {
      const p = [...worker.progress().values()][0]!;
      return p.running === 0 && p.acked >= 10;
    });
    assert.deepEqual(seen, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'], 'each once, in order');
    const cached = client.cache.channels.get(channel.id);
    assert.ok(cached, 'the worker cached the channel');
    await client.stop();
    await publisher.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await nc.close();
    await fake.close();
  }
});
