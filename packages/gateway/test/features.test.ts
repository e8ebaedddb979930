/** Member requests, presence, voice state, limits, zstd-stream, backoff and connect timeout. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { ActivityType, GatewayOpcodes, GatewayIntentBits as I, PresenceUpdateStatus } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import { GatewayPayloadTooLargeError, GuildMembersRateLimitError, ShardState } from '../src/index.js';
import { assertAllOnce, closedAfterEach, probe, Recorder, until } from './helpers.js';

const opened = closedAfterEach();

const presence = {
  since: null,
  activities: [{ name: 'tests', type: ActivityType.Playing }],
  status: PresenceUpdateStatus.DoNotDisturb,
  afk: false,
};

describe('Shard features', () => {
  it('requestGuildMembers gathers the chunks; a second full request gets RATE_LIMITED', async () => {
    const s = await opened.setup({ chunkSize: 2 });
    for (let i = 0; i < 4; i++)
      s.fake.world.addMember(s.guild.id, s.fake.addUser({ username: `u${i}` }).id, { quiet: true });
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { intents: I.Guilds | I.GuildMembers });
    await shard.start();
    const all = await shard.requestGuildMembers(s.guild.id);
    assert.equal(all.members.length, s.fake.world.members(s.guild.id).length);
    assert.equal(all.chunks, Math.ceil(all.members.length / 2));
    await assert.rejects(shard.requestGuildMembers(s.guild), (error: unknown) => {
      assert.ok(error instanceof GuildMembersRateLimitError);
      assert.ok(error.retryAfter > 0);
      return true;
    });
    const some = await shard.requestGuildMembers(s.guild.id, { query: 'u', limit: 3 });
    assert.equal(some.members.length, 3);
    const byId = await shard.requestGuildMembers(s.guild.id, { userIds: [s.bot.id, '123'] });
    assert.deepEqual(byId.notFound, ['123']);
    assert.equal(byId.members[0]!.user.id, s.bot.id);
  });

  it('a presence set while disconnected arrives after the reconnect; one set before start goes in Identify', async () => {
    const { shard, ...s } = await opened.started({}, { presence });
    assert.deepEqual(s.fake.gateway.identifies[0]!.presence, presence);
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    await until(() => shard.state !== ShardState.Ready, 'the drop noticed');
    const idle = { ...presence, status: PresenceUpdateStatus.Idle };
    await shard.updatePresence(idle);
    const statusNow = () =>
      (s.fake.gateway.sessions({ botId: s.bot.id })[0]?.presence as { status?: string } | undefined)?.status;
    await until(() => statusNow() === 'idle', 'presence after resume');
    assert.equal(s.fake.gateway.resumes.length, 1);
    assert.deepEqual(s.fake.gateway.sessions({ botId: s.bot.id })[0]!.presence, idle);
    assert.equal(s.fake.gateway.identifies.length, 1);
  });

  it('updateVoiceState sends op 4', async () => {
    const { shard, ...s } = await opened.started();
    await shard.updateVoiceState(s.guild.id, null, { selfDeaf: true });
    await until(() => s.fake.gateway.received.some((p) => p.op === GatewayOpcodes.VoiceStateUpdate), 'op 4');
    const d = s.fake.gateway.received.find((p) => p.op === GatewayOpcodes.VoiceStateUpdate)!.d as {
      self_deaf: boolean;
    };
    assert.equal(d.self_deaf, true);
  });

  it('refuses a payload over 4096 bytes locally; paces sends under the 120/60 s limit (no 4008)', async () => {
    const { shard, ...s } = await opened.started();
    await assert.rejects(
      shard.send({
        op: GatewayOpcodes.PresenceUpdate,
        d: { ...presence, activities: [{ name: 'x'.repeat(5000), type: 0 }] },
      }),
      GatewayPayloadTooLargeError,
    );
    for (let i = 0; i < 130; i++) void shard.send({ op: GatewayOpcodes.PresenceUpdate, d: presence });
    const presences = () => s.fake.gateway.received.filter((p) => p.op === GatewayOpcodes.PresenceUpdate).length;
    // 120 per 60 s minus 5 kept for heartbeats, minus the Identify and heartbeats already sent
    await until(() => presences() >= 110, 'the sends the window allows');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(presences() <= 115, `sent ${presences()}`);
    assert.ok(shard.isConnected, 'not closed 4008');
    assert.equal(s.fake.gateway.resumes.length, 0);
  });

  it('speaks zstd-stream', async () => {
    const { rec, shard, ...s } = await opened.started({}, { compression: 'zstd-stream' });
    probe(s.fake, s.bot.id, 1, 30);
    await until(() => rec.probes.length === 30, 'probes');
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    probe(s.fake, s.bot.id, 31, 40);
    await until(() => rec.probes.length === 40, 'probes after resume');
    assertAllOnce(rec, 40);
  });

  it('a handler that throws costs neither the event after it nor the connection', async () => {
    const s = await opened.setup();
    const rec = new Recorder();
    const shard = opened.shard(s.fake, s.bot, rec, {
      onDispatch: (...args) => {
        rec.onDispatch(args[0], args[1], args[2], args[3]);
        if (args[1] === 'KOKORO_PROBE') throw new Error('handler bug');
      },
      onPayload: () => {
        throw new Error('hook bug');
      },
    });
    await shard.start();
    probe(s.fake, s.bot.id, 1, 3);
    await until(() => rec.probes.length === 3, 'probes after throwing handlers');
    assert.ok(shard.isConnected);
    assert.equal(s.fake.gateway.resumes.length, 0);
  });

  it('speaks plain JSON (no transport compression)', async () => {
    const { rec, shard, ...s } = await opened.started({}, { compression: null });
    probe(s.fake, s.bot.id, 1, 3);
    await until(() => rec.probes.length === 3, 'probes');
  });
});

describe('reconnect pacing', () => {
  it('backs off exponentially while Discord is unreachable, up to the cap', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const clock = new ManualClock(0);
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder(), {
      url: `ws://127.0.0.1:${port}`,
      clock,
      random: () => 0.999,
      backoff: { base: 100, max: 1000 },
    });
    void shard.start().catch(() => {});
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await until(
        () => shard.state === ShardState.Reconnecting && shard.reconnectFailures === i + 1,
        `failure ${i + 1}`,
      );
      delays.push(shard.reconnectDelay);
      await clock.advance(shard.reconnectDelay);
    }
    assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('gives up on an Identify or Resume that gets no answer (ready timeout) and retries', async () => {
    const s = await opened.setup();
    const rec = new Recorder();
    const shard = opened.shard(s.fake, s.bot, rec, { readyTimeout: 40 });
    s.fake.gateway.stallSessions = true;
    const started = shard.start();
    await until(() => s.fake.gateway.connectionAttempts >= 3, 'retries while stalled');
    s.fake.gateway.stallSessions = false;
    await started;
    s.fake.gateway.stallSessions = true;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    const attempts = s.fake.gateway.connectionAttempts;
    await until(() => s.fake.gateway.connectionAttempts >= attempts + 2, 'resume retries while stalled');
    s.fake.gateway.stallSessions = false;
    await until(() => shard.isConnected && rec.count('RESUMED') === 1, 'resumed at last');
    assert.equal(s.fake.gateway.identifies.length, 1);
  });

  it('gives up on a connection that never says Hello (connect timeout) and retries', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    let connections = 0;
    wss.on('connection', () => connections++);
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder(), {
      url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
      connectTimeout: 30,
    });
    void shard.start().catch(() => {});
    await until(() => connections >= 3, 'three attempts');
    await shard.close();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
});
