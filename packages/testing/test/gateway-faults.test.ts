/** The fake gateway's accounting and windows, seen by a bare client. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
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

  it('counts session starts, and closes 4004 when they are spent (Discord resets the token)', async () => {
    const h = await startGateway({ identifyWindow: 0 });
    try {
      const bot = h.world.createBot({ name: 'Spender' });
      h.gateway.setSessionStartLimit(bot.id, { remaining: 1, resetAfter: 3_600_000 });
      const first = new RawClient(h.url);
      first.identify(bot.token, BASIC);
      await first.dispatch('READY');
      assert.equal(h.gateway.sessionStartLimit(bot.id).remaining, 0);
      assert.ok(h.gateway.sessionStartLimit(bot.id).reset_after > 3_500_000);
      const second = new RawClient(h.url);
      second.identify(bot.token, BASIC);
      assert.equal(await second.closed, 4004);
      first.ws.close(1000);
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

  it('closes 4009 a connection that stops heartbeating, when heartbeatTimeout is set', async () => {
    const h = await startGateway({ heartbeatTimeout: 40 });
    try {
      const bot = h.world.createBot({ name: 'Sleepy' });
      const c = new RawClient(h.url);
      c.identify(bot.token, BASIC);
      await c.dispatch('READY');
      const beating = setInterval(() => c.send({ op: 1, d: null }), 10);
      await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(beating);
      assert.equal(c.closeCode, undefined, 'alive while beating');
      assert.equal(await c.closed, 4009);
      assert.equal(h.gateway.sessions({ botId: bot.id }).length, 0);
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
