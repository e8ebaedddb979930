/** The fake gateway's accounting and windows, seen by a bare client. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { HEARTBEAT_TIMEOUT_CLOSE } from '../src/gateway/index.js';
import { RawClient, startGateway } from './gateway-helpers.js';

const BASIC = I.Guilds;

describe('fake gateway: accounting and windows', () => {
  it('answers an identify faster than max_concurrency allows with op 9 false; other buckets pass', async () => {
    const h = await startGateway({ maxConcurrency: 2, identifyWindow: 60_000 });
    try {
      const bot = h.world.createBot({ name: 'Fast' });
      const clients = [0, 1, 2].map((shard) => {
        const c = new RawClient(h.url);
        c.identify(bot.token, BASIC, { shard: [shard, 3] });
        return c;
      });
      await clients[0]!.dispatch('READY');
      await clients[1]!.dispatch('READY');
      const op9 = await clients[2]!.next((p) => p.op === 9);
      assert.equal(op9.d, false);
      assert.equal(h.gateway.identifyViolations, 1);
      assert.deepEqual(h.gateway.identifies.map((x) => x.shardId).sort(), [0, 1]);
      for (const c of clients) c.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('counts session starts; identifying with none left resets the token: every session of the bot ends (4004)', async () => {
    const h = await startGateway({ identifyWindow: 0 });
    try {
      const bot = h.world.createBot({ name: 'Spender' });
      const other = h.world.createBot({ name: 'Bystander' });
      h.gateway.setSessionStartLimit(bot.id, { remaining: 1, resetAfter: 3_600_000 });
      const first = new RawClient(h.url);
      first.identify(bot.token, BASIC);
      await first.dispatch('READY');
      const bystander = new RawClient(h.url);
      bystander.identify(other.token, BASIC);
      await bystander.dispatch('READY');
      assert.equal(h.gateway.sessionStartLimit(bot.id).remaining, 0);
      assert.ok(h.gateway.sessionStartLimit(bot.id).reset_after > 3_500_000);
      const second = new RawClient(h.url);
      second.identify(bot.token, BASIC);
      assert.equal(await second.closed, 4004);
      // Discord: "all active sessions for the app will be terminated, the bot token will be reset".
      assert.equal(await first.closed, 4004);
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 0);
      assert.ok(h.gateway.revokedBots.has(bot.id));
      assert.equal(h.gateway.sessions({ botId: other.id }).length, 1, 'other bots keep their sessions');
      h.gateway.setSessionStartLimit(bot.id, { remaining: 5 });
      const old = new RawClient(h.url);
      old.identify(bot.token, BASIC);
      assert.equal(await old.closed, 4004, 'the reset token no longer works');
      h.gateway.restoreToken(bot.id);
      const renewed = new RawClient(h.url);
      renewed.identify(bot.token, BASIC);
      await renewed.dispatch('READY');
      renewed.ws.close(1000);
      bystander.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('keeps a session resumable only for the resume window', async () => {
    const h = await startGateway({ resumeWindow: 20 });
    try {
      const bot = h.world.createBot({ name: 'Slow' });
      const c = new RawClient(h.url);
      c.identify(bot.token, BASIC);
      const ready = await c.dispatch('READY');
      c.ws.terminate();
      await c.closed;
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 0);
      const late = new RawClient(h.url);
      late.send({ op: 6, d: { token: bot.token, session_id: ready.d.session_id, seq: 1 } });
      assert.equal((await late.next((p) => p.op === 9)).d, false);
      late.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('ends the session when the client closes with 1000, keeps it on 4000', async () => {
    const h = await startGateway();
    try {
      const bot = h.world.createBot({ name: 'Leaver' });
      const a = new RawClient(h.url);
      a.identify(bot.token, BASIC);
      await a.dispatch('READY');
      a.ws.close(4000);
      await a.closed;
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 1);
      const b = new RawClient(h.url);
      b.identify(bot.token, BASIC);
      await b.dispatch('READY');
      b.ws.close(1000);
      await b.closed;
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 1, 'only the 4000 session is left');
    } finally {
      await h.close();
    }
  });

  it('closes a connection that stops heartbeating, when heartbeatTimeout is set; the session stays resumable', async () => {
    // The fake's timers run on a ManualClock: time moves only when the test says, whatever the load.
    const clock = new ManualClock();
    const h = await startGateway({ heartbeatTimeout: 40_000, heartbeatInterval: 10_000, clock });
    try {
      const bot = h.world.createBot({ name: 'Sleepy' });
      const c = new RawClient(h.url);
      c.identify(bot.token, BASIC);
      const ready = await c.dispatch('READY');
      const acks = () => c.payloads.filter((p) => p.op === 11).length;
      for (let beat = 1; beat <= 10; beat++) {
        c.send({ op: 1, d: null });
        for (const deadline = Date.now() + 10_000; acks() < beat; ) {
          if (Date.now() > deadline) throw new Error(`heartbeat ${beat} was not acknowledged`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await clock.advance(10_000);
      }
      assert.equal(c.closeCode, undefined, 'alive while beating (100 s of fake time)');
      await clock.advance(40_000);
      // Discord: "your connection will be closed and you will be forced to Resume".
      const code = await c.closed;
      assert.equal(code, HEARTBEAT_TIMEOUT_CLOSE);
      assert.notEqual(code, 4009);
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 1);
      const again = new RawClient(h.url, 'zlib-stream', '/resume');
      again.send({ op: 6, d: { token: bot.token, session_id: ready.d.session_id, seq: ready.s } });
      await again.dispatch('RESUMED');
      again.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('answers a connection with op 7 before Hello when asked; records every close with its code', async () => {
    const h = await startGateway();
    try {
      const bot = h.world.createBot({ name: 'Early' });
      h.gateway.reconnectBeforeHello = 1;
      const early = new RawClient(h.url);
      const first = await early.next(() => true);
      assert.equal(first.op, 7);
      assert.ok(!early.payloads.some((p) => p.op === 10), 'no Hello');
      early.ws.close(4900);
      await early.closed;
      const next = new RawClient(h.url);
      assert.equal((await next.next(() => true)).op, 10);
      next.identify(bot.token, BASIC);
      await next.dispatch('READY');
      next.ws.close(1000);
      await next.closed;
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(
        h.gateway.closes.map((x) => [x.code, x.byClient]),
        [
          [4900, true],
          [1000, true],
        ],
      );
      assert.equal(h.gateway.closes[1]!.botId, bot.id);
    } finally {
      await h.close();
    }
  });

  it('refuses connections while refuseConnections is set', async () => {
    const h = await startGateway();
    try {
      h.gateway.refuseConnections = true;
      const refused = new RawClient(h.url);
      assert.equal(await refused.closed, 1006);
      assert.equal(h.gateway.connectionAttempts, 1);
      h.gateway.refuseConnections = false;
      const accepted = new RawClient(h.url);
      assert.equal((await accepted.next(() => true)).op, 10);
      accepted.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('holds frames for frameDelay and keeps their order', async () => {
    const h = await startGateway();
    try {
      const bot = h.world.createBot({ name: 'Patient' });
      const c = new RawClient(h.url);
      c.identify(bot.token, BASIC);
      await c.dispatch('READY');
      h.gateway.frameDelay = 30;
      const sentAt = Date.now();
      for (let n = 1; n <= 5; n++) h.gateway.dispatchToSessions('TYPING_START', { n }, { botId: bot.id });
      await c.next((p) => p.d?.n === 5);
      assert.ok(Date.now() - sentAt >= 25);
      assert.deepEqual(
        c.payloads.filter((p) => p.t === 'TYPING_START').map((p) => p.d.n),
        [1, 2, 3, 4, 5],
      );
      c.ws.close(1000);
    } finally {
      await h.close();
    }
  });

  it('closes 4001 on an unknown opcode, 4003 before identifying, 4005 on a second identify, 4002 on bad JSON', async () => {
    const h = await startGateway();
    try {
      const bot = h.world.createBot({ name: 'Rude' });
      const early = new RawClient(h.url);
      early.send({ op: 3, d: {} });
      assert.equal(await early.closed, 4003);
      const twice = new RawClient(h.url);
      twice.identify(bot.token, BASIC);
      await twice.dispatch('READY');
      twice.identify(bot.token, BASIC);
      assert.equal(await twice.closed, 4005);
      const unknown = new RawClient(h.url);
      unknown.identify(bot.token, BASIC);
      await unknown.dispatch('READY');
      unknown.send({ op: 99 });
      assert.equal(await unknown.closed, 4001);
      const garbage = new RawClient(h.url);
      garbage.ws.once('open', () => garbage.ws.send('{nope'));
      assert.equal(await garbage.closed, 4002);
    } finally {
      await h.close();
    }
  });
});
