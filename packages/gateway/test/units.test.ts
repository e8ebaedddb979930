/** Timing logic on a ManualClock: backoff, identify queue, send limiter, heartbeat, close codes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import {
  Backoff,
  buildMemberRequest,
  closeAction,
  Heartbeat,
  LocalIdentifyQueue,
  MissingIntentError,
  SendLimiter,
  SessionStartLimitError,
  Shard,
} from '../src/index.js';

describe('Backoff', () => {
  it('grows exponentially with jitter, is capped, and resets', () => {
    const backoff = new Backoff(() => 0.999, { base: 100, max: 1000 });
    const waits = Array.from({ length: 8 }, () => backoff.next());
    assert.deepEqual(waits, [100, 200, 400, 800, 1000, 1000, 1000, 1000]);
    backoff.reset();
    assert.equal(backoff.next(), 100);
    const low = new Backoff(() => 0, { base: 100, max: 1000 });
    assert.equal(low.next(), 50, 'jitter scales down to half');
  });
});

describe('LocalIdentifyQueue', () => {
  it('admits one identify per bucket per window, bucket = shard_id % max_concurrency', async () => {
    const clock = new ManualClock(0);
    const queue = new LocalIdentifyQueue({ clock, maxConcurrency: 2 });
    const order: [number, number][] = [];
    const admitted = [0, 1, 2, 3, 4, 5].map((id) => queue.acquire(id).then(() => void order.push([id, clock.now()])));
    await clock.advance(20_000);
    await Promise.all(admitted);
    assert.deepEqual(order, [
      [0, 0],
      [1, 0],
      [2, 5000],
      [3, 5000],
      [4, 10_000],
      [5, 10_000],
    ]);
  });

  it('refuses to spend the last session starts', async () => {
    const clock = new ManualClock(0);
    const queue = new LocalIdentifyQueue({
      clock,
      window: 0,
      reserve: 2,
      sessionStartLimit: { total: 1000, remaining: 4, reset_after: 3_600_000, max_concurrency: 1 },
    });
    await queue.acquire(0);
    await queue.acquire(0);
    await assert.rejects(queue.acquire(0), (error: unknown) => {
      assert.ok(error instanceof SessionStartLimitError);
      assert.equal(error.remaining, 2);
      assert.match(error.message, /loop/);
      return true;
    });
    await clock.advance(3_600_000);
    await queue.acquire(0);
    assert.equal(queue.remaining, 999);
  });
});

describe('SendLimiter', () => {
  it('keeps room for heartbeats and releases queued sends as the window slides', async () => {
    const clock = new ManualClock(0);
    const limiter = new SendLimiter(clock, { limit: 10, window: 1000, reserve: 3 });
    limiter.resume();
    let sent = 0;
    for (let i = 0; i < 12; i++)
      limiter.schedule(
        () => sent++,
        () => {},
      );
    assert.equal(sent, 7);
    limiter.takePriority();
    limiter.takePriority();
    limiter.takePriority();
    await clock.advance(999);
    assert.equal(sent, 7);
    await clock.advance(1);
    assert.equal(sent, 12);
  });

  it('holds sends while paused', async () => {
    const clock = new ManualClock(0);
    const limiter = new SendLimiter(clock);
    let sent = 0;
    limiter.schedule(
      () => sent++,
      () => {},
    );
    assert.equal(sent, 0);
    limiter.resume();
    assert.equal(sent, 1);
  });
});

describe('Heartbeat', () => {
  it('jitters the first beat, beats every interval, measures latency, judges silence a zombie', async () => {
    const clock = new ManualClock(0);
    const beats: number[] = [];
    let zombie = 0;
    const hb = new Heartbeat(
      clock,
      () => 0.25,
      () => beats.push(clock.now()),
      () => zombie++,
    );
    hb.start(1000);
    await clock.advance(249);
    assert.deepEqual(beats, []);
    await clock.advance(1);
    assert.deepEqual(beats, [250]);
    await clock.advance(30);
    hb.ack();
    assert.equal(hb.latency, 30);
    await clock.advance(970);
    assert.deepEqual(beats, [250, 1250]);
    // no ACK, but a frame arrived: alive
    hb.frame();
    await clock.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(beats, [250, 1250, 2250]);
    assert.equal(zombie, 0);
    // silence: zombie
    await clock.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(zombie, 1);
    assert.equal(beats.length, 3);
  });

  it('judges a zombie only after the inbound backlog was read', async () => {
    const clock = new ManualClock(0);
    let zombie = 0;
    const hb = new Heartbeat(
      clock,
      () => 0,
      () => {},
      () => zombie++,
    );
    hb.start(100);
    await clock.advance(0);
    // the next tick fires; a frame read in the same turn (before the judgment) saves the connection
    const advanced = clock.advance(100);
    hb.frame();
    await advanced;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(zombie, 0);
  });
});

describe('close codes', () => {
  it('classifies every documented code', () => {
    for (const code of [4000, 4001, 4002, 4003, 4005, 4008, 1006, 1001, 1000, 1011])
      assert.equal(closeAction(code), 'resume');
    for (const code of [4007, 4009]) assert.equal(closeAction(code), 'identify');
    for (const code of [4004, 4010, 4011, 4012, 4013, 4014]) assert.equal(closeAction(code), 'fatal');
  });
});

describe('buildMemberRequest', () => {
  const all = I.Guilds | I.GuildMembers | I.GuildPresences;
  it('validates before sending', () => {
    assert.throws(() => buildMemberRequest('1', { query: 'a', userIds: ['2'] }, all, 'n'), /query/);
    assert.throws(() => buildMemberRequest('1', { userIds: Array(101).fill('2') }, all, 'n'), /100 user ids/);
    assert.throws(() => buildMemberRequest('1', { query: 'a', limit: 101 }, all, 'n'), /limit/);
    assert.throws(() => buildMemberRequest('1', { query: 'a', limit: -1 }, all, 'n'), /limit/);
    assert.throws(() => buildMemberRequest('1', { query: 'a' }, all, 'x'.repeat(33)), /nonce/);
    assert.throws(() => buildMemberRequest('1', { query: 'a', presences: true }, I.Guilds, 'n'), MissingIntentError);
    assert.throws(() => buildMemberRequest('1', {}, I.Guilds, 'n'), /GUILD_MEMBERS/);
    assert.deepEqual(buildMemberRequest('1', { query: 'ab', limit: 5 }, I.Guilds, 'n'), {
      guild_id: '1',
      nonce: 'n',
      query: 'ab',
      limit: 5,
    });
    assert.deepEqual(buildMemberRequest('1', { userIds: ['2'] }, I.Guilds, 'n'), {
      guild_id: '1',
      nonce: 'n',
      user_ids: ['2'],
    });
  });
});

describe('Shard options', () => {
  it('refuses what Discord would close the connection for, before connecting', () => {
    const base = { token: 't', intents: 1, url: 'ws://127.0.0.1:1' };
    assert.throws(() => new Shard({ ...base, shardId: 2, shardCount: 2 }), /shardId/);
    assert.throws(() => new Shard({ ...base, shardCount: 0 }), /shardCount/);
    assert.throws(() => new Shard({ ...base, largeThreshold: 251 }), /largeThreshold/);
    assert.throws(() => new Shard({ ...base, largeThreshold: 49 }), /largeThreshold/);
    assert.throws(() => new Shard({ ...base, intents: -1 }), /intents/);
    assert.throws(() => new Shard({ ...base, compression: 'gzip' as never }), /compression: must be 'zlib-stream'/);
    assert.throws(() => new Shard({ ...base, startAttempts: 0 }), /startAttempts/);
    assert.throws(() => new Shard({ ...base, maxAttempts: 1.5 }), /maxAttempts/);
    assert.doesNotThrow(() => new Shard({ ...base, shardId: 1, shardCount: 2, largeThreshold: 250 }));
  });
});
