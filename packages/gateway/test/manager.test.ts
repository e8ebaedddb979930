/** ShardManager: shard count, identify buckets, session start limit, progress lines. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import { createLogger, ManualClock, systemClock } from '@kokoro/common';
import type { FakeDiscord } from '@kokoro/testing';
import type { APIGatewayBotInfo } from 'discord-api-types/v10';
import {
  type IdentifyQueue,
  LocalIdentifyQueue,
  SessionStartLimitError,
  type Shard,
  ShardManager,
} from '../src/index.js';
import { INTENTS, makeShard, Recorder, setup, until } from './helpers.js';

let fake: FakeDiscord | undefined;
let manager: ShardManager | undefined;
let shard: Shard | undefined;
afterEach(async () => {
  await manager?.close();
  await shard?.close();
  await fake?.close();
  manager = undefined;
  shard = undefined;
  fake = undefined;
});

function gatewayBot(f: FakeDiscord, botId: string): () => Promise<APIGatewayBotInfo> {
  return async () => ({
    url: f.gatewayUrl,
    shards: f.gateway.recommendedShards(botId),
    session_start_limit: f.gateway.sessionStartLimit(botId),
  });
}

describe('ShardManager', () => {
  it('starts every shard through the identify queue, bucket by bucket, logging progress', async () => {
    const s = await setup({ maxConcurrency: 2, identifyWindow: 0, heartbeatInterval: 1_000_000 });
    fake = s.fake;
    for (let i = 0; i < 8; i++) s.fake.addGuild({ name: `g${i}`, members: [s.bot] });
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const clock = new ManualClock(0);
    const rec = new Recorder();
    manager = new ShardManager({
      token: s.bot.token,
      intents: INTENTS,
      shardCount: 4,
      clock,
      fetchGatewayBot: gatewayBot(s.fake, s.bot.id),
      logger: createLogger({ destination, level: 'info' }),
      onDispatch: rec.onDispatch,
    });
    const started = manager.start();
    let ready = false;
    void started.then(() => {
      ready = true;
    });
    for (let step = 0; step < 10 && !ready; step++) {
      await until(
        () => s.fake.gateway.identifies.length >= Math.min(4, 2 * (step + 1)) || ready,
        `identifies of step ${step}`,
      );
      await clock.advance(5000);
    }
    await started;
    const order = s.fake.gateway.identifies.map((x) => x.shardId);
    assert.deepEqual(order.slice(0, 2).sort(), [0, 1]);
    assert.deepEqual(order.slice(2, 4).sort(), [2, 3]);
    assert.equal(manager.shards.size, 4);
    assert.ok([...manager.shards.values()].every((x) => x.isConnected));
    await until(() => lines.filter((l) => /of 4 ready/.test(l)).length === 4, 'progress lines');
    assert.ok(lines.some((l) => /4 of 4 ready/.test(l)));
    // Each guild's GUILD_CREATE came on its own shard.
    const guildId = s.guild.id;
    assert.equal(manager.shardForGuild(guildId)!.id, Number((BigInt(guildId) >> 22n) % 4n));
    await until(() => rec.count('GUILD_CREATE') === 9, 'nine GUILD_CREATEs');
  });

  it('refuses to start when the day has fewer session starts left than shards', async () => {
    const s = await setup();
    fake = s.fake;
    s.fake.gateway.setSessionStartLimit(s.bot.id, { remaining: 2 });
    manager = new ShardManager({
      token: s.bot.token,
      intents: INTENTS,
      shardCount: 4,
      fetchGatewayBot: gatewayBot(s.fake, s.bot.id),
    });
    await assert.rejects(manager.start(), SessionStartLimitError);
    assert.equal(s.fake.gateway.connectionAttempts, 0);
    // Enough for the shards but not for the shards and the reserve kept back: refused as well.
    s.fake.gateway.setSessionStartLimit(s.bot.id, { remaining: 5 });
    await assert.rejects(manager.start(), (error: unknown) => {
      assert.ok(error instanceof SessionStartLimitError);
      assert.equal(error.remaining, 5);
      assert.match(error.message, /keeps the last 2/);
      return true;
    });
    assert.equal(s.fake.gateway.connectionAttempts, 0);
  });

  it("takes the shard count from GET /gateway/bot ('auto') and any IdentifyQueue implementation", async () => {
    const s = await setup({ recommendedShards: 3, identifyWindow: 0 });
    fake = s.fake;
    const asked: number[] = [];
    // A stand-in for a distributed queue: anything with acquire(shardId, signal).
    const queue: IdentifyQueue = {
      async acquire(shardId) {
        asked.push(shardId);
      },
    };
    manager = new ShardManager({
      token: s.bot.token,
      intents: INTENTS,
      identifyQueue: queue,
      fetchGatewayBot: gatewayBot(s.fake, s.bot.id),
    });
    await manager.start();
    assert.equal(manager.shardCount, 3);
    assert.deepEqual([...asked].sort(), [0, 1, 2]);
    assert.deepEqual(s.fake.gateway.identifies.map((x) => [x.shardId, x.shardCount]).sort(), [
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
  });

  it('runs only the given shard ids and checks them', async () => {
    const s = await setup({ identifyWindow: 0 });
    fake = s.fake;
    manager = new ShardManager({
      token: s.bot.token,
      intents: INTENTS,
      shardCount: 3,
      shardIds: [2],
      url: s.fake.gatewayUrl,
      identifyQueue: new LocalIdentifyQueue({ clock: systemClock }),
      fetchGatewayBot: async () => assert.fail('not needed'),
    });
    await manager.start();
    assert.deepEqual([...manager.shards.keys()], [2]);
    assert.deepEqual(
      s.fake.gateway.identifies.map((x) => [x.shardId, x.shardCount]),
      [[2, 3]],
    );
    const bad = new ShardManager({
      token: s.bot.token,
      intents: INTENTS,
      shardCount: 2,
      shardIds: [5],
      fetchGatewayBot: gatewayBot(s.fake, s.bot.id),
    });
    await assert.rejects(bad.start(), /outside/);
  });

  it('a shard invalidated in a loop stops before spending the last session starts', async () => {
    const s = await setup({ identifyWindow: 0 });
    fake = s.fake;
    s.fake.gateway.setSessionStartLimit(s.bot.id, { remaining: 6 });
    shard = makeShard(s.fake, s.bot, new Recorder(), {
      identifyQueue: new LocalIdentifyQueue({
        clock: systemClock,
        window: 1,
        sessionStartLimit: s.fake.gateway.sessionStartLimit(s.bot.id),
      }),
    });
    await shard.start();
    const looping = setInterval(() => s.fake.gateway.sendInvalidSession(false, { botId: s.bot.id }), 5);
    try {
      await assert.rejects(shard.join(), SessionStartLimitError);
    } finally {
      clearInterval(looping);
    }
    assert.equal(s.fake.gateway.sessionStartLimit(s.bot.id).remaining, 2);
    assert.ok(!shard.isAlive);
  });
});
