import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { seededRandom, systemClock } from '@kokoro/common';
import { type GatewayShard, LocalIdentifyQueue, ShardManager } from '@kokoro/gateway';
import { FakeDiscord } from '@kokoro/testing';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { RedisConnection, RedisGatewaySessionStore, RedisUnavailableError } from '../src/index.js';
import { Child } from './child.js';
import { redisUrl, requireRedis, uniquePrefix } from './services.js';

const PROBE = 'KOKORO_PROBE';
const connections: RedisConnection[] = [];
after(async () => {
  for (const connection of connections) await connection.close();
});

function store(prefix: string, ttl?: number): RedisGatewaySessionStore {
  const connection = new RedisConnection({ url: redisUrl(), prefix });
  connections.push(connection);
  return new RedisGatewaySessionStore({ connection, ...(ttl ? { ttl } : {}) });
}

async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A manager of `shardCount` shards of the bot with a Redis session store; records probe numbers per shard. */
function manager(fake: FakeDiscord, token: string, sessions: RedisGatewaySessionStore, probes: Map<number, number[]>) {
  return new ShardManager({
    token,
    intents: GatewayIntentBits.Guilds,
    url: fake.gatewayUrl,
    shardCount: 2,
    identifyQueue: new LocalIdentifyQueue({ clock: systemClock, window: 10 }),
    sessionStore: sessions,
    sessionSaveInterval: 20,
    random: seededRandom(3),
    invalidSessionDelay: 5,
    backoff: { base: 5, max: 40, stableAfter: 10_000 },
    fetchGatewayBot: () => Promise.reject(new Error('not needed: url and shardCount are given')),
    onDispatch: (shard: GatewayShard, t: string, d: unknown) => {
      if (t !== PROBE) return;
      const list = probes.get(shard.id) ?? [];
      list.push((d as { n: number }).n);
      probes.set(shard.id, list);
    },
  });
}

function probe(fake: FakeDiscord, botId: string, from: number, to: number): void {
  for (let n = from; n <= to; n++) fake.gateway.dispatchToSessions(PROBE, { n }, { botId });
}

test('a restarted gateway process resumes the sessions stored in Redis: no identify, no event lost', async (t) => {
  if (!(await requireRedis(t))) return;
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000, identifyWindow: 10 } });
  try {
    const bot = fake.addBot({ name: 'Resumer' });
    fake.addGuild({ name: 'home', members: [bot] });
    const prefix = uniquePrefix('session');
    const before = new Map<number, number[]>();
    const first = manager(fake, bot.token, store(prefix), before);
    await first.start();
    assert.equal(fake.gateway.identifies.length, 2);
    probe(fake, bot.id, 1, 5);
    await until(() => before.get(0)?.length === 5 && before.get(1)?.length === 5, 'probes 1..5 on both shards');
    // A deploy: the old process stops with a resumable close (not 1000), saving the last sequences.
    await first.close(4000);
    probe(fake, bot.id, 6, 10); // sent while no process runs the shards

    const afterRestart = new Map<number, number[]>();
    const second = manager(fake, bot.token, store(prefix), afterRestart);
    await second.start();
    try {
      await until(
        () => afterRestart.get(0)?.length === 5 && afterRestart.get(1)?.length === 5,
        'probes 6..10 replayed on both shards',
      );
      assert.equal(fake.gateway.identifies.length, 2, 'the new process resumed instead of identifying');
      assert.equal(fake.gateway.resumes.length, 2);
      for (const resume of fake.gateway.resumes) assert.equal(resume.replayed, 5);
      assert.deepEqual(afterRestart.get(0), [6, 7, 8, 9, 10]);
      assert.deepEqual(afterRestart.get(1), [6, 7, 8, 9, 10]);
      for (const shard of second.shards.values()) assert.ok(shard.sessionId?.startsWith('fake-session-'));
    } finally {
      await second.close();
    }
    // close(1000) ends the sessions: they are deleted from Redis.
    const reader = store(prefix);
    for (const shardId of [0, 1]) {
      assert.equal(await reader.load({ botId: bot.id, shardId, shardCount: 2 }), undefined);
    }
  } finally {
    await fake.close();
  }
});

test('a stored session Discord no longer knows falls back to identify, and the new session is stored', async (t) => {
  if (!(await requireRedis(t))) return;
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000, identifyWindow: 10 } });
  try {
    const bot = fake.addBot({ name: 'Stale' });
    fake.addGuild({ name: 'home', members: [bot] });
    const sessions = store(uniquePrefix('session'));
    for (const shardId of [0, 1]) {
      await sessions.save(
        { botId: bot.id, shardId, shardCount: 2 },
        { sessionId: 'gone', sequence: 42, resumeUrl: `${fake.gatewayUrl}/resume` },
      );
    }
    const m = manager(fake, bot.token, sessions, new Map());
    await m.start();
    try {
      assert.equal(fake.gateway.resumes.length, 2);
      assert.ok(fake.gateway.resumes.every((r) => r.replayed === 'invalid'));
      assert.equal(fake.gateway.identifies.length, 2);
      await until(() => fake.gateway.identifies.length === 2, 'identifies');
      for (const shardId of [0, 1]) {
        const shard = m.shards.get(shardId)!;
        let stored = await sessions.load({ botId: bot.id, shardId, shardCount: 2 });
        const deadline = Date.now() + 5000;
        while (stored?.sessionId !== shard.sessionId && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          stored = await sessions.load({ botId: bot.id, shardId, shardCount: 2 });
        }
        assert.equal(stored?.sessionId, shard.sessionId);
        assert.equal(stored?.resumeUrl, `${fake.gatewayUrl}/resume`);
      }
    } finally {
      await m.close(4000);
    }
  } finally {
    await fake.close();
  }
});

test('the Redis session store keys by bot, shard and count, never moves a sequence back, and expires', async (t) => {
  if (!(await requireRedis(t))) return;
  const prefix = uniquePrefix('session');
  const sessions = store(prefix, 60_000);
  const key = { botId: '123456789012345678', shardId: 3, shardCount: 8 };
  await sessions.save(key, { sessionId: 'a', sequence: 10, resumeUrl: 'wss://r' });
  await sessions.save(key, { sessionId: 'a', sequence: 7, resumeUrl: 'wss://r' });
  assert.deepEqual(await sessions.load(key), { sessionId: 'a', sequence: 10, resumeUrl: 'wss://r' });
  await sessions.save(key, { sessionId: 'b', sequence: 1, resumeUrl: 'wss://s' });
  assert.deepEqual(await sessions.load(key), { sessionId: 'b', sequence: 1, resumeUrl: 'wss://s' });
  assert.equal(await sessions.load({ ...key, shardCount: 16 }), undefined);
  const ttl = await sessions.connection.redis.pttl(`${prefix}session:${key.botId}:3:8`);
  assert.ok(ttl > 0 && ttl <= 60_000, `ttl ${ttl}`);
  await sessions.delete(key);
  assert.equal(await sessions.load(key), undefined);
});

test('an unreachable Redis is a typed error naming the URL, not a hang', async () => {
  const connection = new RedisConnection({ url: 'redis://user:secret@127.0.0.1:1', commandTimeout: 300 });
  connections.push(connection);
  const sessions = new RedisGatewaySessionStore({ connection });
  const error = await sessions.load({ botId: '1', shardId: 0, shardCount: 1 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof RedisUnavailableError, String(error));
  assert.match(error.message, /redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
  assert.doesNotMatch(error.message, /secret/);
  assert.match(error.message, /Is Redis running there/);
});

test('a gateway process restarted for real (new OS process) resumes both shards and gets what it missed', async (t) => {
  if (!(await requireRedis(t))) return;
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000, identifyWindow: 10 } });
  const children: Child[] = [];
  try {
    const bot = fake.addBot({ name: 'Deployed' });
    fake.addGuild({ name: 'home', members: [bot] });
    const env = {
      REDIS_URL: redisUrl(),
      PREFIX: uniquePrefix('session'),
      TOKEN: bot.token,
      GATEWAY_URL: fake.gatewayUrl,
    };
    const old = new Child('session-child', env);
    children.push(old);
    await old.line('ready');
    probe(fake, bot.id, 1, 3);
    await old.line('probe 1 3');
    await old.line('probe 0 3');
    old.send('stop');
    assert.equal(await old.exited, 0);
    probe(fake, bot.id, 4, 6); // while no process runs the shards
    const next = new Child('session-child', env);
    children.push(next);
    await next.line('ready');
    await next.line('probe 0 6');
    await next.line('probe 1 6');
    for (const shard of [0, 1]) {
      const got = next.lines
        .filter((line) => line.startsWith(`probe ${shard} `))
        .map((line) => Number(line.split(' ')[2]));
      assert.deepEqual(got, [4, 5, 6], `shard ${shard}`);
    }
    assert.equal(fake.gateway.identifies.length, 2, 'only the first process identified');
    assert.deepEqual(
      fake.gateway.resumes.map((r) => r.replayed),
      [3, 3],
    );
  } finally {
    for (const child of children) await child.end();
    await fake.close();
  }
});
