/**
 * `kokoro gateway` and `kokoro worker` as real processes against the real NATS and Redis: a worker
 * killed mid-stream loses nothing (its events go to the other worker), and a gateway process
 * restarted mid-stream resumes its shard from the session stored in Redis: no IDENTIFY, no event
 * lost, none handled twice.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Message } from '@kokoro/cache';
import { GatewayConnector, WorkerConnector } from '../src/index.js';
import { answers, type Child, clusterFlags, startChild, stopChild } from './process-helpers.js';
import { requireNats, requireRedis } from './services.js';
import { clientOn, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

const children: Child[] = [];
after(async () => {
  for (const child of children) await stopChild(child, 2_000);
});

for (const owned of [false, true]) {
  const how = owned ? ' (workers that own shards: the shard is taken over)' : '';
  test(`a worker process killed mid-stream loses nothing: its events go to the other worker${how}`, async (t) => {
    if (!(await requireNats(t)) || !(await requireRedis(t))) return;
    const { stream, prefix, options } = testStream('kill');
    const { fake, bot, channel } = await fakeWorld();
    const gateway = new GatewayConnector(options);
    const own = owned ? ['--own-shards', '--lease-ttl', '600'] : [];
    const flags = clusterFlags(stream, prefix, '--group', 'g', '--ack-wait', '1000', ...own);
    const base = `http://127.0.0.1:${fake.port}`;
    try {
      const publisher = clientOn(fake, bot.token, gateway, 'Publisher');
      await publisher.start();
      // The first worker started owns the bot's one shard (with --own-shards); it is the one killed.
      const workers = [
        await startChild('worker', base, bot.token, flags),
        await startChild('worker', base, bot.token, flags),
      ];
      children.push(...workers);
      const total = 60;
      for (let n = 0; n < total; n++) {
        await fake.userSays(channel, `m${n}`);
        if (n === 20) {
          await waitUntil('some answers', () => answers(fake, channel.id).size >= 10);
          workers[0]!.process.kill('SIGKILL');
          await workers[0]!.exited;
        }
      }
      await waitUntil(`all ${total} answered`, () => answers(fake, channel.id).size >= total, 60_000);
      const counts = answers(fake, channel.id);
      for (let n = 0; n < total; n++) assert.ok(counts.has(`m${n}`), `m${n} was answered`);
      // At least once: an event whose handler had answered when the kill landed, before the record,
      // may be answered again. No more than what one worker can hold at once.
      const twice = [...counts.values()].filter((count) => count > 1).length;
      t.diagnostic(`answered twice after the kill: ${twice}`);
      assert.ok(twice <= 5, `${twice} answered twice`);
      await stopChild(workers[1]!);
      await publisher.stop();
    } finally {
      await gateway.close();
      await fake.close();
    }
  });
}

test('a restarted gateway process resumes from Redis: no IDENTIFY, no event lost, none twice', async (t) => {
  if (!(await requireNats(t)) || !(await requireRedis(t))) return;
  const { stream, prefix, options } = testStream('restart');
  const { fake, bot, channel } = await fakeWorld();
  const worker = new WorkerConnector({ ...options, group: 'g' });
  const flags = clusterFlags(stream, prefix);
  const base = `http://127.0.0.1:${fake.port}`;
  const seen: string[] = [];
  try {
    const first = await startChild('gateway', base, bot.token, flags);
    children.push(first);
    const client = clientOn(fake, bot.token, worker, 'Worker');
    client.on('messageCreate', (_client, message: Message) => {
      seen.push(message.content);
    });
    await client.start();
    const send = async (from: number, to: number) => {
      for (let n = from; n < to; n++) await fake.userSays(channel, `m${n}`);
    };
    await send(0, 20);
    await waitUntil('the first 20 handled', () => seen.length >= 20);
    assert.equal(await stopChild(first), 0, 'the gateway process stops cleanly on SIGTERM');
    await send(20, 40); // while no gateway runs: the session keeps them for the resume
    const second = await startChild('gateway', base, bot.token, flags);
    children.push(second);
    await send(40, 60);
    await waitUntil('all 60 handled', () => seen.length >= 60, 60_000).catch((error: Error) => {
      const missing = Array.from({ length: 60 }, (_, n) => `m${n}`).filter((m) => !seen.includes(m));
      throw new Error(
        `${error.message}; missing ${missing.join(' ')}; identifies ${fake.gateway.identifies.length}, resumes ${JSON.stringify(fake.gateway.resumes)}; worker ${JSON.stringify([...worker.progress().values()])}\nfirst gateway:\n${first.output.slice(-3000)}\nsecond gateway:\n${second.output.slice(-3000)}`,
      );
    });
    assert.deepEqual(
      [...seen].sort(),
      Array.from({ length: 60 }, (_, n) => `m${n}`).sort(),
      'each message handled exactly once',
    );
    const identifies = fake.gateway.identifies.filter((record) => record.botId === bot.id);
    assert.equal(identifies.length, 1, 'the restarted process resumed instead of identifying');
    const resumes = fake.gateway.resumes.filter((record) => record.replayed !== 'invalid');
    assert.ok(resumes.length >= 1, 'the restarted process resumed');
    t.diagnostic(`replayed on resume: ${resumes.map((record) => record.replayed).join(', ')}`);
    await stopChild(second);
    await client.stop();
  } finally {
    await worker.close();
    await fake.close();
  }
});
