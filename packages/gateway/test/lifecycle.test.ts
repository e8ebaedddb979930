/**
 * The lifecycle rules a reviewer checks one by one: op 7 before Hello, the resume URL and its query,
 * zombie and user closes and their codes, nothing sent before the session is up, backoff that resets
 * only after a stable session, a heartbeat timeout on Discord's side answered with a Resume.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, systemClock } from '@kokoro/common';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { LocalIdentifyQueue, ShardState } from '../src/index.js';
import { assertAllOnce, closedAfterEach, probe, Recorder, until } from './helpers.js';

const opened = closedAfterEach();

describe('shard lifecycle', () => {
  it('op 7 before Hello: reconnects and resumes; nothing lost or doubled', async () => {
    const { rec, shard, ...s } = await opened.started();
    probe(s.fake, s.bot.id, 1, 3);
    await until(() => rec.probes.length === 3, 'probes 1..3');
    s.fake.gateway.reconnectBeforeHello = 2;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    probe(s.fake, s.bot.id, 4, 6);
    await until(() => rec.count('RESUMED') === 1 && shard.isConnected, 'resumed after two op 7s');
    probe(s.fake, s.bot.id, 7, 8);
    await until(() => rec.probes.length >= 8, 'probes 1..8');
    assertAllOnce(rec, 8);
    assert.equal(s.fake.gateway.reconnectBeforeHello, 0, 'both op 7s were met');
    assert.equal(s.fake.gateway.identifies.length, 1);
    // The connections that got op 7 were left with a resumable code, not 1000/1001.
    const early = s.fake.gateway.closes.filter((x) => x.botId === undefined && x.byClient);
    assert.equal(early.length, 2);
    for (const close of early) assert.ok(close.code !== 1000 && close.code !== 1001, `closed ${close.code}`);
  });

  for (const compression of ['zlib-stream', 'zstd-stream', null] as const) {
    it(`resumes on resume_gateway_url with the same v, encoding and compress (${compression ?? 'none'})`, async () => {
      const { shard, ...s } = await opened.started({}, { compression });
      s.fake.gateway.dropConnections({ botId: s.bot.id });
      await until(() => s.fake.gateway.resumes.length === 1 && shard.isConnected, 'resume');
      const resume = s.fake.gateway.resumes[0]!;
      assert.equal(resume.path, '/resume');
      const query = new URLSearchParams(resume.query);
      assert.equal(query.get('v'), '10');
      assert.equal(query.get('encoding'), 'json');
      assert.equal(query.get('compress'), compression);
    });
  }

  it('a zombie connection is closed with a code other than 1000/1001 and the session resumed', async () => {
    const { rec, shard, ...s } = await opened.started();
    const first = s.fake.gateway.connections({ botId: s.bot.id })[0]!.id;
    s.fake.gateway.stopHeartbeatAcks({ botId: s.bot.id });
    await until(() => rec.count('RESUMED') === 1 && shard.isConnected, 'resumed after the zombie');
    const close = s.fake.gateway.closes.find((x) => x.connectionId === first)!;
    assert.ok(close.byClient);
    assert.ok(close.code !== 1000 && close.code !== 1001, `closed ${close.code}`);
    assert.equal(s.fake.gateway.identifies.length, 1);
  });

  it('close() sends 1000 and ends the session: the next start() identifies anew', async () => {
    const { rec, shard, ...s } = await opened.started();
    const first = shard.sessionId;
    await shard.close();
    await until(() => s.fake.gateway.closes.length === 1, 'the close seen by the fake');
    assert.deepEqual(
      s.fake.gateway.closes.map((x) => [x.code, x.byClient]),
      [[1000, true]],
    );
    assert.equal(s.fake.gateway.sessions({ botId: s.bot.id }).length, 0, 'the session ended on Discord');
    assert.equal(shard.sessionId, undefined);
    await shard.start();
    assert.notEqual(shard.sessionId, first);
    assert.equal(s.fake.gateway.identifies.length, 2);
    assert.equal(s.fake.gateway.resumes.length, 0);
  });

  it('close(4000) keeps the session: the next start() resumes it', async () => {
    const { rec, shard, ...s } = await opened.started();
    await shard.close(4000);
    probe(s.fake, s.bot.id, 1, 2);
    await shard.start();
    await until(() => rec.probes.length === 2, 'missed probes replayed');
    assertAllOnce(rec, 2);
    assert.equal(s.fake.gateway.resumes.length, 1);
    assert.equal(s.fake.gateway.identifies.length, 1);
  });

  it('sends nothing but heartbeats before READY: payloads asked for early wait for the session', async () => {
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder());
    const started = shard.start();
    const early = [
      shard.updateVoiceState(s.guild.id, null),
      shard.send({
        op: GatewayOpcodes.PresenceUpdate,
        d: { since: null, activities: [], status: 'idle' as never, afk: false },
      }),
      shard.requestGuildMembers(s.guild.id, { userIds: [s.bot.id] }),
    ];
    await started;
    await Promise.all(early);
    const ops = s.fake.gateway.received.map((p) => p.op).filter((op) => op !== GatewayOpcodes.Heartbeat);
    assert.equal(ops[0], GatewayOpcodes.Identify);
    assert.deepEqual(ops.slice(1).sort(), [3, 4, 8]);
    assert.ok(!s.fake.gateway.closes.some((x) => x.code === 4003), 'never closed 4003 (not authenticated)');
    assert.ok(shard.isConnected);
  });

  it('backoff resets only after a session stayed up for stableAfter', async () => {
    const s = await opened.setup({ heartbeatInterval: 1_000_000 });
    const clock = new ManualClock(0);
    const shard = opened.shard(s.fake, s.bot, new Recorder(), {
      clock,
      random: () => 0.999,
      backoff: { base: 100, max: 10_000, stableAfter: 5000 },
      identifyQueue: new LocalIdentifyQueue({ clock: systemClock, window: 0 }),
    });
    await shard.start();
    const dropAndRecover = async (): Promise<number> => {
      s.fake.gateway.dropConnections({ botId: s.bot.id });
      await until(() => shard.state === ShardState.Reconnecting, 'reconnecting');
      const delay = shard.reconnectDelay;
      await clock.advance(delay);
      await until(() => shard.isConnected, 'ready again');
      return delay;
    };
    // Dropped right after each recovery: the waits grow.
    assert.deepEqual([await dropAndRecover(), await dropAndRecover(), await dropAndRecover()], [100, 200, 400]);
    // Up for less than stableAfter: still counting.
    await clock.advance(4999);
    assert.equal(await dropAndRecover(), 800);
    // Up for stableAfter: the count starts again.
    await clock.advance(5000);
    assert.equal(shard.reconnectFailures, 0);
    assert.equal(await dropAndRecover(), 100);
    assert.equal(s.fake.gateway.identifies.length, 1);
  });

  it("Discord's heartbeat timeout (the client stopped beating) is answered with a Resume", async () => {
    const s = await opened.setup({ heartbeatTimeout: 40 });
    const rec = new Recorder();
    // A clock that never moves: the shard never beats, as if its event loop were stuck.
    const clock = new ManualClock(0);
    const shard = opened.shard(s.fake, s.bot, rec, { clock });
    await shard.start();
    await until(() => shard.state === ShardState.Reconnecting, 'closed by the fake');
    await clock.advance(shard.reconnectDelay);
    await until(() => rec.count('RESUMED') === 1, 'resumed');
    assert.equal(s.fake.gateway.identifies.length, 1);
    assert.equal(s.fake.gateway.closes[0]!.byClient, false);
  });
});
