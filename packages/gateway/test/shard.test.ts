import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { FakeDiscord } from '@kokoro/testing';
import { ShardState } from '../src/index.js';
import { assertAllOnce, makeShard, probe, Recorder, setup, until } from './helpers.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Shard against the fake gateway', () => {
  it('connects, receives READY and GUILD_CREATE, beats, and closes cleanly', async () => {
    const s = await setup();
    fake = s.fake;
    const rec = new Recorder();
    const shard = makeShard(s.fake, s.bot, rec);
    assert.ok(Number.isNaN(shard.heartbeatLatency));
    await shard.start();
    assert.equal(shard.state, ShardState.Ready);
    assert.ok(shard.isConnected && shard.isAlive);
    await until(() => rec.count('GUILD_CREATE') === 1, 'GUILD_CREATE');
    await until(() => !Number.isNaN(shard.heartbeatLatency), 'a heartbeat ACK');
    await shard.close();
    assert.equal(shard.state, ShardState.Closed);
    assert.ok(!shard.isAlive);
    await shard.join();
  });

  it('resumes after a drop without close frame: nothing lost, nothing twice', async () => {
    const s = await setup();
    fake = s.fake;
    const rec = new Recorder();
    const shard = makeShard(s.fake, s.bot, rec);
    await shard.start();
    probe(s.fake, s.bot.id, 1, 5);
    await until(() => rec.probes.length === 5, 'first probes');
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    probe(s.fake, s.bot.id, 6, 10);
    await until(() => s.fake.gateway.resumes.length === 1 && shard.isConnected, 'resume');
    probe(s.fake, s.bot.id, 11, 12);
    await until(() => rec.probes.length >= 12, 'all probes');
    assertAllOnce(rec, 12);
    assert.equal(rec.count('READY'), 1);
    assert.equal(rec.count('RESUMED'), 1);
    assert.equal(s.fake.gateway.resumes[0]!.path, '/resume');
    assert.equal(s.fake.gateway.identifies.length, 1);
    await shard.close();
  });
});
