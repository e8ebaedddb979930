/**
 * Every fault the fake gateway can inject, each ending with the shard ready again and the
 * numbered probes delivered exactly once (when the session survives the fault).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeDiscord } from '@kokoro/testing';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { GatewayFatalError } from '../src/index.js';
import { assertAllOnce, closedAfterEach, makeShard, probe, Recorder, setup, until } from './helpers.js';

const opened = closedAfterEach();

/** Start a shard, send probes 1..5, inject `fault`, send 6..10 while it recovers, then 11..12. */
async function survive(fault: (f: FakeDiscord, botId: string) => void, options: { resumes?: number } = {}) {
  const { rec, shard, ...s } = await opened.started();
  probe(s.fake, s.bot.id, 1, 5);
  await until(() => rec.probes.length === 5, 'probes 1..5');
  fault(s.fake, s.bot.id);
  probe(s.fake, s.bot.id, 6, 10);
  await until(() => s.fake.gateway.resumes.length >= (options.resumes ?? 1), 'a resume');
  await until(() => shard.isConnected, 'ready again');
  probe(s.fake, s.bot.id, 11, 12);
  await until(() => rec.probes.length >= 12, 'probes 1..12');
  assertAllOnce(rec, 12);
  assert.equal(s.fake.gateway.identifies.length, 1, 'resumed, not identified anew');
  assert.equal(rec.count('RESUMED'), options.resumes ?? 1);
  return { ...s, rec };
}

describe('faults the session survives (resume, nothing lost or doubled)', () => {
  for (const code of [4000, 4001, 4002, 4003, 4005, 4008, 1011, 1000, 1001]) {
    it(`server closes with ${code}`, async () => {
      await survive((f, botId) => {
        // 1000/1001 from the server end its side of the session in the fake only when the client sends them.
        for (const c of f.gateway.connections({ botId })) c.close(code);
      });
    });
  }

  it('TCP drop without close frame', async () => {
    await survive((f, botId) => f.gateway.dropConnections({ botId }));
  });

  it('heartbeats not acknowledged: zombie detected, resumed', async () => {
    await survive((f, botId) => f.gateway.stopHeartbeatAcks({ botId }));
  });

  it('a frame that does not decode: the connection is dropped and the session resumed', async () => {
    await survive((f, botId) => f.gateway.sendCorruptFrame({ botId }));
  });

  it('a frame that does not decode on zstd-stream and on plain JSON too', async () => {
    for (const compression of ['zstd-stream', null] as const) {
      const s = await setup();
      const rec = new Recorder();
      const one = makeShard(s.fake, s.bot, rec, { compression });
      try {
        await one.start();
        probe(s.fake, s.bot.id, 1, 2);
        await until(() => rec.probes.length === 2, 'probes 1..2');
        s.fake.gateway.sendCorruptFrame({ botId: s.bot.id });
        probe(s.fake, s.bot.id, 3, 4);
        await until(() => rec.count('RESUMED') === 1 && one.isConnected, `resumed (${compression ?? 'none'})`);
        await until(() => rec.probes.length >= 4, 'probes 1..4');
        assertAllOnce(rec, 4);
      } finally {
        await one.close();
        await s.fake.close();
      }
    }
  });

  it('op 7 Reconnect', async () => {
    await survive((f, botId) => f.gateway.sendReconnect({ botId }));
  });

  it('op 9 Invalid Session with d: true', async () => {
    await survive((f, botId) => f.gateway.sendInvalidSession(true, { botId }));
  });

  it('an outage (connections refused for several attempts) still ends in a Resume, nothing lost', async () => {
    const { rec, shard, ...s } = await opened.started();
    probe(s.fake, s.bot.id, 1, 3);
    await until(() => rec.probes.length === 3, 'probes 1..3');
    const attempts = s.fake.gateway.connectionAttempts;
    s.fake.gateway.refuseConnections = true;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    probe(s.fake, s.bot.id, 4, 8);
    await until(() => s.fake.gateway.connectionAttempts >= attempts + 3, 'three refused attempts');
    assert.ok(shard.reconnectFailures >= 3, 'backing off');
    s.fake.gateway.refuseConnections = false;
    await until(() => rec.count('RESUMED') === 1 && shard.isConnected, 'resumed after the outage');
    probe(s.fake, s.bot.id, 9, 10);
    await until(() => rec.probes.length >= 10, 'probes 1..10');
    assertAllOnce(rec, 10);
    assert.equal(s.fake.gateway.identifies.length, 1, 'the outage did not cost the session');
  });

  it('frames delayed', async () => {
    const { rec, shard, ...s } = await opened.started();
    s.fake.gateway.frameDelay = 25;
    probe(s.fake, s.bot.id, 1, 20);
    s.fake.gateway.requestHeartbeat({ botId: s.bot.id });
    await until(() => rec.probes.length === 20, 'delayed probes');
    s.fake.gateway.frameDelay = 0;
    assertAllOnce(rec, 20);
    assert.ok(shard.isConnected);
  });

  it('op 1 from the server is answered at once', async () => {
    const { shard, ...s } = await opened.started({ heartbeatInterval: 60_000 });
    const before = s.fake.gateway.received.filter((p) => p.op === GatewayOpcodes.Heartbeat).length;
    s.fake.gateway.requestHeartbeat({ botId: s.bot.id });
    await until(
      () => s.fake.gateway.received.filter((p) => p.op === GatewayOpcodes.Heartbeat).length > before,
      'a heartbeat after op 1',
    );
  });

  it('several faults in a row', async () => {
    await survive(
      (f, botId) => {
        f.gateway.dropConnections({ botId });
        // Op 7 on the connection that resumed, as soon as there is one: a condition, not a duration.
        const second = setInterval(() => {
          if (f.gateway.resumes.length >= 1 && f.gateway.sendReconnect({ botId }) > 0) clearInterval(second);
        }, 1);
      },
      { resumes: 2 },
    );
  });
});

describe('faults that end the session (identify anew)', () => {
  for (const fault of ['4007', '4009', 'op 9 false', 'expired']) {
    it(fault, async () => {
      const { rec, shard, ...s } = await opened.started();
      const first = shard.sessionId;
      if (fault === 'op 9 false') s.fake.gateway.sendInvalidSession(false, { botId: s.bot.id });
      else if (fault === 'expired') {
        s.fake.gateway.dropConnections({ botId: s.bot.id });
        s.fake.gateway.expireSessions({ botId: s.bot.id });
      } else s.fake.gateway.closeConnections(Number(fault), { botId: s.bot.id });
      await until(() => rec.count('READY') === 2 && shard.isConnected, 'a new READY');
      assert.notEqual(shard.sessionId, first);
      assert.equal(s.fake.gateway.identifies.length, 2);
      // 4007/4009 must not be answered with a Resume first (a wasted round trip).
      if (fault === '4007' || fault === '4009') assert.equal(s.fake.gateway.resumes.length, 0);
    });
  }
});

describe('a Resume the session cannot replay (4007)', () => {
  it('more missed than the session kept: closed 4007, identified anew at once, nothing twice', async () => {
    const { rec, shard, ...s } = await opened.started({ replayLimit: 2 });
    s.fake.gateway.refuseConnections = true;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    probe(s.fake, s.bot.id, 1, 10);
    s.fake.gateway.refuseConnections = false;
    await until(() => rec.count('READY') === 2 && shard.isConnected, 'a new session');
    assert.ok(s.fake.gateway.closes.some((x) => x.code === 4007 && !x.byClient));
    assert.equal(s.fake.gateway.resumes.length, 1, 'one Resume, then Identify: no second Resume');
    assert.equal(s.fake.gateway.identifies.length, 2);
    probe(s.fake, s.bot.id, 11, 12);
    await until(() => rec.probes.length >= 2, 'probes 11..12');
    assert.deepEqual(rec.probes, [11, 12]);
  });
});

describe('a session resumable only for a while', () => {
  it('a Resume after the resume window gets op 9 false: the shard identifies anew, nothing twice', async () => {
    const { rec, shard, ...s } = await opened.started();
    probe(s.fake, s.bot.id, 1, 3);
    await until(() => rec.probes.length === 3, 'probes 1..3');
    // Shorter than the shard's first backoff (at least 2.5 ms): the session is gone before it comes back.
    s.fake.gateway.resumeWindow = 1;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    await until(() => rec.count('READY') === 2 && shard.isConnected, 'a new session');
    assert.deepEqual(
      s.fake.gateway.resumes.map((x) => x.replayed),
      ['invalid'],
    );
    assert.equal(s.fake.gateway.identifies.length, 2);
    probe(s.fake, s.bot.id, 4, 5);
    await until(() => rec.probes.length >= 5, 'probes 4..5');
    assertAllOnce(rec, 5);
  });
});

describe('fatal closes', () => {
  it('a bad token: one typed error (4004), no further connection attempts', async () => {
    const s = await opened.setup();
    const shard = opened.shard(s.fake, { ...s.bot, token: 'definitely-not-the-token' }, new Recorder());
    await assert.rejects(shard.start(), (error: unknown) => {
      assert.ok(error instanceof GatewayFatalError);
      assert.equal(error.closeCode, 4004);
      assert.match(error.message, /token/);
      return true;
    });
    await assert.rejects(shard.join(), GatewayFatalError);
    const attempts = s.fake.gateway.connectionAttempts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(s.fake.gateway.connectionAttempts, attempts);
    assert.equal(attempts, 1);
    assert.ok(!shard.isAlive);
  });

  it('4014 names the privileged intents asked for', async () => {
    const s = await opened.setup();
    const plain = s.fake.addBot({ name: 'Plain', privilegedIntents: 0 });
    const shard = opened.shard(s.fake, plain, new Recorder(), { intents: 1 | (1 << 1) | (1 << 15) });
    await assert.rejects(shard.start(), (error: unknown) => {
      assert.ok(error instanceof GatewayFatalError);
      assert.equal(error.closeCode, 4014);
      assert.deepEqual(error.privilegedIntents, ['GUILD_MEMBERS', 'MESSAGE_CONTENT']);
      assert.match(error.message, /GUILD_MEMBERS, MESSAGE_CONTENT/);
      return true;
    });
    assert.equal(s.fake.gateway.connectionAttempts, 1);
  });

  for (const code of [4010, 4011, 4012, 4013]) {
    it(`server closes ${code} while ready: the shard stops with the typed error`, async () => {
      const { shard, ...s } = await opened.started();
      s.fake.gateway.closeConnections(code, { botId: s.bot.id });
      await assert.rejects(
        shard.join(),
        (error: unknown) => error instanceof GatewayFatalError && error.closeCode === code,
      );
      const attempts = s.fake.gateway.connectionAttempts;
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(s.fake.gateway.connectionAttempts, attempts);
    });
  }
});
