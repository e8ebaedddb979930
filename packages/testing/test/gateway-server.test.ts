import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shardIdForGuild } from '@kokoro/common';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { decodeTerm, encodeTerm } from '../src/gateway/etf.js';
import { type GatewayHarness, RawClient, startGateway } from './gateway-helpers.js';

const BASIC = I.Guilds | I.GuildMessages;

describe('fake gateway: connection basics', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGateway();
  });
  after(() => h.close());

  it('says Hello, answers Identify with READY then one GUILD_CREATE per guild, ACKs heartbeats', async () => {
    const bot = h.world.createBot({ name: 'Nue' });
    const g1 = h.world.createGuild({ name: 'one' });
    const g2 = h.world.createGuild({ name: 'two' });
    h.world.addMember(g1.guild.id, bot.id, { quiet: true });
    h.world.addMember(g2.guild.id, bot.id, { quiet: true });
    const c = new RawClient(h.url);
    const hello = await c.next((p) => p.op === 10);
    assert.equal(hello.d.heartbeat_interval, 50);
    c.identify(bot.token, BASIC);
    const ready = await c.dispatch('READY');
    assert.equal(ready.s, 1);
    assert.equal(ready.d.user.id, bot.id);
    assert.deepEqual(ready.d.guilds.map((g: { id: string }) => g.id).sort(), [g1.guild.id, g2.guild.id].sort());
    assert.ok(ready.d.guilds.every((g: { unavailable: boolean }) => g.unavailable));
    assert.equal(ready.d.resume_gateway_url, `${h.url}/resume`);
    assert.deepEqual(ready.d.shard, [0, 1]);
    assert.equal(ready.d.application.id, bot.applicationId);
    await c.next((p) => p.s === 3);
    assert.deepEqual(
      c.payloads.filter((p) => p.t === 'GUILD_CREATE').map((p) => p.s),
      [2, 3],
    );
    c.send({ op: 1, d: 3 });
    await c.next((p) => p.op === 11);
    for (const frame of c.frames) assert.deepEqual([...frame.subarray(-4)], [0, 0, 0xff, 0xff]);
    c.ws.close(1000);
    await c.closed;
  });

  it('closes 4004 on a bad token, 4014 on a disallowed privileged intent, 4010 on a bad shard', async () => {
    const bot = h.world.createBot({ name: 'Plain', privilegedIntents: 0 });
    const bad = new RawClient(h.url);
    bad.identify('not-a-token', BASIC);
    assert.equal(await bad.closed, 4004);
    const privileged = new RawClient(h.url);
    privileged.identify(bot.token, BASIC | I.MessageContent);
    assert.equal(await privileged.closed, 4014);
    const shard = new RawClient(h.url);
    shard.identify(bot.token, BASIC, { shard: [2, 2] });
    assert.equal(await shard.closed, 4010);
    const noIntents = new RawClient(h.url, 'none');
    noIntents.send({ op: 2, d: { token: bot.token, properties: {} } });
    assert.equal(await noIntents.closed, 4013);
  });

  it('delivers a message to member bots on the right shard, without content unless allowed', async () => {
    const reader = h.world.createBot({ name: 'Reader' });
    const blind = h.world.createBot({ name: 'Blind' });
    const outsider = h.world.createBot({ name: 'Outsider' });
    const guild = h.world.createGuild({ name: 'msgs' }).guild;
    h.world.addMember(guild.id, reader.id, { quiet: true });
    h.world.addMember(guild.id, blind.id, { quiet: true });
    const clients = [reader, blind, outsider].map((bot, index) => {
      const c = new RawClient(h.url, 'none');
      c.identify(bot.token, BASIC | (index === 0 ? I.MessageContent : 0));
      return c;
    });
    await Promise.all(clients.map((c) => c.dispatch('READY')));
    h.world.dispatch({
      t: 'MESSAGE_CREATE',
      d: {
        id: '1',
        channel_id: '2',
        guild_id: guild.id,
        content: 'secret',
        embeds: [],
        author: { id: '9' },
        mentions: [],
      },
      guildId: guild.id,
      intent: I.GuildMessages,
      hasContent: true,
    });
    const [a, b] = await Promise.all([clients[0]!.dispatch('MESSAGE_CREATE'), clients[1]!.dispatch('MESSAGE_CREATE')]);
    assert.equal(a.d.content, 'secret');
    assert.equal(b.d.content, '');
    clients[2]!.send({ op: 1, d: null });
    await clients[2]!.next((p) => p.op === 11);
    assert.equal(clients[2]!.payloads.filter((p) => p.t === 'MESSAGE_CREATE').length, 0);
    for (const c of clients) c.ws.close(1000);
  });

  it("sends a guild's events, GUILD_DELETE included, on the guild's shard only", async () => {
    const bot = h.world.createBot({ name: 'Sharded' });
    const guildId = h.world.createGuild({ name: 'sharded' }).guild.id;
    const home = shardIdForGuild(guildId, 2);
    const away = 1 - home;
    h.world.addMember(guildId, bot.id, { quiet: true });
    const shards = [0, 1].map((shard) => {
      const c = new RawClient(h.url);
      c.identify(bot.token, BASIC, { shard: [shard, 2] });
      return c;
    });
    await Promise.all(shards.map((c) => c.dispatch('READY')));
    assert.equal(shards[home]!.payloads.find((p) => p.t === 'READY')!.d.guilds.length, 1);
    assert.equal(shards[away]!.payloads.find((p) => p.t === 'READY')!.d.guilds.length, 0);
    h.world.removeMember(guildId, bot.id);
    const deleted = await shards[home]!.dispatch('GUILD_DELETE');
    assert.equal(deleted.d.id, guildId);
    shards[away]!.send({ op: 1, d: null });
    await shards[away]!.next((p) => p.op === 11);
    assert.equal(shards[away]!.payloads.filter((p) => p.t === 'GUILD_DELETE').length, 0);
    for (const c of shards) c.ws.close(1000);
  });

  it('replays missed dispatches on Resume after a drop, then RESUMED; numbers are contiguous', async () => {
    const bot = h.world.createBot({ name: 'Resumer' });
    const first = new RawClient(h.url);
    first.identify(bot.token, BASIC);
    const ready = await first.dispatch('READY');
    h.gateway.dispatchToSessions('TYPING_START', { n: 1 }, { botId: bot.id });
    await first.next((p) => p.d?.n === 1);
    h.gateway.dropConnections({ botId: bot.id });
    await first.closed;
    h.gateway.dispatchToSessions('TYPING_START', { n: 2 }, { botId: bot.id });
    h.gateway.dispatchToSessions('TYPING_START', { n: 3 }, { botId: bot.id });
    const second = new RawClient(h.url, 'zlib-stream', '/resume');
    const last = Math.max(...first.sequences);
    second.send({ op: 6, d: { token: bot.token, session_id: ready.d.session_id, seq: last } });
    await second.dispatch('RESUMED');
    const seqs = [...first.sequences, ...second.sequences];
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
    );
    assert.deepEqual(
      second.payloads.filter((p) => p.t === 'TYPING_START').map((p) => p.d.n),
      [2, 3],
    );
    assert.equal(h.gateway.resumes.at(-1)?.path, '/resume');
    second.ws.close(1000);
  });

  it('answers a Resume of an unknown or expired session with op 9 false', async () => {
    const bot = h.world.createBot({ name: 'Late' });
    const c = new RawClient(h.url);
    c.send({ op: 6, d: { token: bot.token, session_id: 'nope', seq: 3 } });
    const op9 = await c.next((p) => p.op === 9);
    assert.equal(op9.d, false);
    c.ws.close(1000);
  });

  it('closes 4007 a Resume whose sequence the session cannot replay from, and ends the session', async () => {
    const bot = h.world.createBot({ name: 'Ahead' });
    const c = new RawClient(h.url);
    c.identify(bot.token, BASIC);
    const ready = await c.dispatch('READY');
    c.ws.terminate();
    await c.closed;
    const again = new RawClient(h.url, 'zlib-stream', '/resume');
    again.send({ op: 6, d: { token: bot.token, session_id: ready.d.session_id, seq: 1000 } });
    assert.equal(await again.closed, 4007);
    assert.equal(h.gateway.sessions({ botId: bot.id }).length, 0);
  });

  it('speaks ETF: binary frames, snowflakes as 64-bit integers; atom map keys close 4002', async () => {
    const bot = h.world.createBot({ name: 'Erl' });
    const ws = new WebSocket(`${h.url}/?v=10&encoding=etf`);
    const frames: Buffer[] = [];
    const arrived = new Set<(frame: Buffer) => void>();
    ws.on('message', (data: Buffer, isBinary) => {
      assert.ok(isBinary, 'ETF comes in binary frames');
      frames.push(data);
      for (const waiter of arrived) waiter(data);
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const next = (predicate: (p: any) => boolean) =>
      new Promise<any>((resolve) => {
        const found = frames.map((f) => decodeTerm(f) as any).find(predicate);
        if (found) return resolve(found);
        const waiter = (frame: Buffer) => {
          const payload = decodeTerm(frame) as any;
          if (!predicate(payload)) return;
          arrived.delete(waiter);
          resolve(payload);
        };
        arrived.add(waiter);
      });
    assert.equal((await next((p) => p.op === 10)).d.heartbeat_interval, 50);
    ws.send(
      encodeTerm({
        op: 2,
        d: { token: bot.token, intents: BASIC, properties: { os: 'l', browser: 'b', device: 'd' } },
      }),
    );
    const ready = await next((p) => p.t === 'READY');
    assert.equal(ready.d.user.id, bot.id);
    const readyFrame = frames.find((f) => (decodeTerm(f) as any).t === 'READY')!;
    assert.ok(readyFrame.includes(Buffer.of(110, 8, 0)), 'a snowflake travels as SMALL_BIG_EXT');
    // {op: 1} with the atom `op` as key
    ws.send(Buffer.of(131, 116, 0, 0, 0, 1, 115, 2, 111, 112, 97, 1));
    assert.equal(await closed, 4002);
  });

  it('speaks zstd-stream', async () => {
    const bot = h.world.createBot({ name: 'Zed' });
    const c = new RawClient(h.url, 'zstd-stream');
    c.identify(bot.token, BASIC);
    const ready = await c.dispatch('READY');
    assert.equal(ready.d.user.id, bot.id);
    c.send({ op: 1, d: 1 });
    await c.next((p) => p.op === 11);
    c.ws.close(1000);
  });

  it('answers op 8 with GUILD_MEMBERS_CHUNKs and RATE_LIMITED when asked for everyone too often', async () => {
    const bot = h.world.createBot({ name: 'Counter' });
    const guild = h.world.createGuild({ name: 'crowd' }).guild;
    h.world.addMember(guild.id, bot.id, { quiet: true });
    for (let i = 0; i < 5; i++) h.world.addMember(guild.id, h.world.createUser(`user${i}`).id, { quiet: true });
    const c = new RawClient(h.url);
    c.identify(bot.token, BASIC | I.GuildMembers);
    await c.dispatch('READY');
    c.send({ op: 8, d: { guild_id: guild.id, query: '', limit: 0, nonce: 'a' } });
    const chunk = await c.next((p) => p.t === 'GUILD_MEMBERS_CHUNK' && p.d.nonce === 'a');
    assert.equal(chunk.d.members.length, 6);
    assert.equal(chunk.d.chunk_count, 1);
    c.send({ op: 8, d: { guild_id: guild.id, query: '', limit: 0, nonce: 'b' } });
    const limited = await c.dispatch('RATE_LIMITED');
    assert.equal(limited.d.opcode, 8);
    assert.equal(limited.d.meta.nonce, 'b');
    assert.ok(limited.d.retry_after > 0);
    c.send({ op: 8, d: { guild_id: guild.id, query: 'user', limit: 2, nonce: 'c' } });
    const some = await c.next((p) => p.t === 'GUILD_MEMBERS_CHUNK' && p.d.nonce === 'c');
    assert.equal(some.d.members.length, 2);
    c.ws.close(1000);
  });

  it('closes 4008 when a client sends faster than the limit', async () => {
    const small = await startGateway({ sendLimit: { count: 5, window: 60_000 } });
    try {
      const bot = small.world.createBot({ name: 'Chatty' });
      const c = new RawClient(small.url);
      c.identify(bot.token, BASIC);
      await c.dispatch('READY');
      for (let i = 0; i < 6; i++) c.send({ op: 1, d: null });
      assert.equal(await c.closed, 4008);
    } finally {
      await small.close();
    }
  });
});
