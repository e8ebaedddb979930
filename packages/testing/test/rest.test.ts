import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayDispatchEvents, GatewayIntentBits, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { WorldDispatch } from '../src/index.js';
import { api, fakePerSuite, startFake } from './helpers.js';

describe('fake REST: basics', () => {
  const ctx = fakePerSuite();

  test('urls point at loopback', () => {
    assert.match(ctx.fake.restUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v10$/);
    assert.equal(ctx.fake.gatewayUrl, `ws://127.0.0.1:${ctx.fake.port}`);
  });

  test('GET /users/@me returns the bot user', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'GET', '/users/@me');
    assert.equal(res.status, 200);
    assert.equal(res.body.id, ctx.nue.id);
    assert.equal(res.body.bot, true);
    assert.equal(res.body.username, 'Nue');
  });

  test('a bad or missing token is a 401 JSON error', async () => {
    for (const token of ['not-a-token', null]) {
      const res = await api(ctx.fake, token, 'GET', '/users/@me');
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { message: '401: Unauthorized', code: 0 });
    }
  });

  test('401 and 403 answers count as invalid requests for the rate limiter', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const before = ctx.fake.rest.invalidRequests;
    await api(ctx.fake, 'bad-token', 'GET', '/users/@me');
    await api(ctx.fake, ctx.nue.token, 'GET', '/users/@me');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(ctx.fake.rest.invalidRequests, before + 1);
  });

  test('GET /gateway/bot gives the gateway url, shards and session_start_limit', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'GET', '/gateway/bot');
    assert.equal(res.status, 200);
    assert.equal(res.body.url, ctx.fake.gatewayUrl);
    assert.equal(res.body.shards, 1);
    assert.equal(typeof res.body.session_start_limit.max_concurrency, 'number');
    assert.equal(typeof res.body.session_start_limit.remaining, 'number');
  });

  test('unknown routes are 404, wrong methods 405', async () => {
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', '/nothing/here')).status, 404);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'PUT', '/gateway/bot')).status, 405);
  });

  test('every authenticated response has X-RateLimit-* headers', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${ctx.channel.id}/messages`);
    for (const name of ['limit', 'remaining', 'reset', 'reset-after', 'bucket']) {
      assert.ok(res.headers.get(`x-ratelimit-${name}`), `x-ratelimit-${name}`);
    }
  });
});

describe('fake REST: messages', () => {
  const ctx = fakePerSuite();

  test('create, get, edit, delete dispatch MESSAGE_CREATE/UPDATE/DELETE', async () => {
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    const path = `/channels/${ctx.channel.id}/messages`;
    const created = await api(ctx.fake, ctx.nue.token, 'POST', path, { content: 'hello' });
    assert.equal(created.status, 200);
    assert.equal(created.body.content, 'hello');
    assert.equal(created.body.author.id, ctx.nue.id);
    assert.equal(created.body.channel_id, ctx.channel.id);
    const got = await api(ctx.fake, ctx.saki.token, 'GET', `${path}/${created.body.id}`);
    assert.equal(got.body.content, 'hello');
    const edited = await api(ctx.fake, ctx.nue.token, 'PATCH', `${path}/${created.body.id}`, { content: 'bye' });
    assert.equal(edited.body.content, 'bye');
    assert.ok(edited.body.edited_timestamp);
    const deleted = await api(ctx.fake, ctx.nue.token, 'DELETE', `${path}/${created.body.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `${path}/${created.body.id}`)).body.code, 10008);
    stop();
    assert.deepEqual(
      seen.map((d) => d.t),
      [GatewayDispatchEvents.MessageCreate, GatewayDispatchEvents.MessageUpdate, GatewayDispatchEvents.MessageDelete],
    );
    const create = seen[0]!;
    assert.equal(create.guildId, ctx.guild.id);
    assert.equal(create.channelId, ctx.channel.id);
    assert.equal(create.intent, GatewayIntentBits.GuildMessages);
    assert.equal(create.hasContent, true);
    const d = create.d as { guild_id: string; member?: { roles: string[] } };
    assert.equal(d.guild_id, ctx.guild.id);
    assert.ok(d.member, 'guild messages carry the author member');
  });

  test('list pages with before/after/around and limit, newest first', async () => {
    const channel = ctx.fake.addChannel(ctx.guild, { name: 'paging' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await ctx.fake.userSays(channel, `m${i}`)).id);
    const path = `/channels/${channel.id}/messages`;
    const list = async (q: string) =>
      (await api(ctx.fake, ctx.nue.token, 'GET', `${path}?${q}`)).body.map((m: { content: string }) => m.content);
    assert.deepEqual(await list('limit=2'), ['m6', 'm5']);
    assert.deepEqual(await list(`before=${ids[3]}&limit=2`), ['m2', 'm1']);
    assert.deepEqual(await list(`after=${ids[3]}&limit=2`), ['m5', 'm4']);
    assert.deepEqual(await list(`around=${ids[3]}&limit=3`), ['m4', 'm3', 'm2']);
    const bad = await api(ctx.fake, ctx.nue.token, 'GET', `${path}?limit=500`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 50035);
    assert.deepEqual(
      ctx.fake.messages(channel).map((m) => m.content),
      ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'],
    );
  });

  test('content over 2000 characters is a 50035 with the nested errors shape', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/messages`, {
      content: 'x'.repeat(2001),
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 50035);
    assert.equal(res.body.message, 'Invalid Form Body');
    assert.equal(res.body.errors.content._errors[0].code, 'BASE_TYPE_MAX_LENGTH');
  });

  test('embed errors are nested by index', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/messages`, {
      embeds: [{ title: 't' }, { title: 'x'.repeat(300) }],
    });
    assert.equal(res.body.code, 50035);
    assert.ok(res.body.errors.embeds['1'].title._errors);
  });

  test('an empty message is 50006', async () => {
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/messages`, { content: '' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { code: 50006, message: 'Cannot send an empty message' });
  });

  test('enforce_nonce returns the first message for a repeated nonce', async () => {
    const path = `/channels/${ctx.channel.id}/messages`;
    const before = ctx.fake.messages(ctx.channel).length;
    const first = await api(ctx.fake, ctx.nue.token, 'POST', path, {
      content: 'once',
      nonce: 'n-1',
      enforce_nonce: true,
    });
    const second = await api(ctx.fake, ctx.nue.token, 'POST', path, {
      content: 'once',
      nonce: 'n-1',
      enforce_nonce: true,
    });
    assert.equal(second.body.id, first.body.id);
    assert.equal(ctx.fake.messages(ctx.channel).length, before + 1);
    const third = await api(ctx.fake, ctx.nue.token, 'POST', path, { content: 'twice', nonce: 'n-1' });
    assert.notEqual(third.body.id, first.body.id);
  });

  test('unknown channel is 10003, unknown message 10008', async () => {
    const ch = await api(ctx.fake, ctx.nue.token, 'POST', '/channels/123456789012345678/messages', { content: 'x' });
    assert.equal(ch.status, 404);
    assert.deepEqual(ch.body, { code: 10003, message: 'Unknown Channel' });
    const msg = await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${ctx.channel.id}/messages/123456789012345678`);
    assert.deepEqual(msg.body, { code: 10008, message: 'Unknown Message' });
  });

  test('a channel in a guild the bot is not in is 50001', async () => {
    const other = ctx.fake.addBot({ name: 'Outsider' });
    const res = await api(ctx.fake, other.token, 'GET', `/channels/${ctx.channel.id}/messages`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 50001);
  });

  test('a missing SEND_MESSAGES permission is 50013', async () => {
    const guild = ctx.fake.addGuild({ name: 'Strict', members: [ctx.alice] });
    ctx.fake.world.addMember(guild.id, ctx.nue.id, { permissions: 0n });
    const channel = ctx.fake.addChannel(guild, { name: 'read-only' });
    (channel as { permission_overwrites: unknown[] }).permission_overwrites = [
      { id: guild.id, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.SendMessages) },
    ];
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${channel.id}/messages`, { content: 'hi' });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 50013);
  });

  test("editing another user's message is 50005; deleting needs MANAGE_MESSAGES", async () => {
    const message = await ctx.fake.userSays(ctx.channel, 'mine');
    const edit = await api(ctx.fake, ctx.nue.token, 'PATCH', `/channels/${ctx.channel.id}/messages/${message.id}`, {
      content: 'x',
    });
    assert.equal(edit.body.code, 50005);
    const del = await api(ctx.fake, ctx.nue.token, 'DELETE', `/channels/${ctx.channel.id}/messages/${message.id}`);
    assert.equal(del.status, 204, 'the bot role has ADMINISTRATOR');
  });

  test('replies reference the message and mention its author', async () => {
    const original = await ctx.fake.userSays(ctx.channel, 'question', { author: ctx.alice });
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/messages`, {
      content: `answer <@${ctx.saki.id}>`,
      message_reference: { message_id: original.id },
    });
    assert.equal(res.body.type, 19);
    assert.equal(res.body.referenced_message.id, original.id);
    assert.deepEqual(res.body.mentions.map((u: { id: string }) => u.id).sort(), [ctx.saki.id, ctx.alice.id].sort());
  });

  test('multipart uploads become attachments', async () => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'file', attachments: [{ id: 0 }] }));
    form.append('files[0]', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'hello.txt');
    const res = await fetch(`${ctx.fake.restUrl}/channels/${ctx.channel.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${ctx.nue.token}` },
      body: form,
    });
    const body = (await res.json()) as { attachments: { filename: string; size: number }[] };
    assert.equal(res.status, 200);
    assert.equal(body.attachments[0]?.filename, 'hello.txt');
    assert.equal(body.attachments[0]?.size, 5);
  });

  test('attachment metadata names the file; files over 10 MiB are 413 40005', async () => {
    const post = (form: FormData) =>
      fetch(`${ctx.fake.restUrl}/channels/${ctx.channel.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${ctx.nue.token}` },
        body: form,
      });
    const form = new FormData();
    form.append(
      'payload_json',
      JSON.stringify({ attachments: [{ id: 0, filename: 'renamed.txt', description: 'a file' }] }),
    );
    form.append('files[0]', new Blob([Buffer.from('x')]), 'original.txt');
    const named = (await (await post(form)).json()) as { attachments: { filename: string; description?: string }[] };
    assert.equal(named.attachments[0]?.filename, 'renamed.txt');
    assert.equal(named.attachments[0]?.description, 'a file');
    const big = new FormData();
    big.append('payload_json', JSON.stringify({ content: 'big' }));
    big.append('files[0]', new Blob([Buffer.alloc(10 * 1024 * 1024 + 1)]), 'big.bin');
    const res = await post(big);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: number }).code, 40005);
  });

  test('userSays posts as the built-in user and dispatches MESSAGE_CREATE', async () => {
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    const message = await ctx.fake.userSays(ctx.channel, 'ping');
    stop();
    assert.equal(message.author.id, ctx.fake.world.defaultUser.id);
    assert.equal(ctx.fake.messages(ctx.channel).at(-1)?.content, 'ping');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.t, GatewayDispatchEvents.MessageCreate);
  });

  test('DM channels: create, post, and dispatch to the owning bot only', async () => {
    const dm = await api(ctx.fake, ctx.nue.token, 'POST', '/users/@me/channels', { recipient_id: ctx.alice.id });
    assert.equal(dm.body.type, 1);
    const again = await api(ctx.fake, ctx.nue.token, 'POST', '/users/@me/channels', { recipient_id: ctx.alice.id });
    assert.equal(again.body.id, dm.body.id);
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${dm.body.id}/messages`, { content: 'psst' });
    stop();
    assert.deepEqual(seen[0]?.recipients, [ctx.nue.id]);
    assert.equal(seen[0]?.intent, GatewayIntentBits.DirectMessages);
    const foreign = await api(ctx.fake, ctx.saki.token, 'GET', `/channels/${dm.body.id}/messages`);
    assert.equal(foreign.body.code, 50001);
  });
});

describe('fake REST: rate limits', () => {
  test('a route limit gives 429 with retry_after and the scope header', async () => {
    const { fake, nue, channel } = await startFake();
    try {
      fake.rest.setLimit('POST /channels/:channel_id/messages', { limit: 2, windowMs: 60_000 });
      const path = `/channels/${channel.id}/messages`;
      const first = await api(fake, nue.token, 'POST', path, { content: '1' });
      assert.equal(first.headers.get('x-ratelimit-limit'), '2');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '1');
      await api(fake, nue.token, 'POST', path, { content: '2' });
      const limited = await api(fake, nue.token, 'POST', path, { content: '3' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.global, false);
      assert.ok(limited.body.retry_after > 0);
      assert.equal(limited.headers.get('x-ratelimit-scope'), 'user');
      assert.equal(fake.messages(channel).length, 2);
      // another channel (major parameter) is a separate window
      const other = fake.addChannel(fake.world.guildIdOfChannel(channel.id)!, { name: 'other' });
      assert.equal(
        (await api(fake, nue.token, 'POST', `/channels/${other.id}/messages`, { content: '1' })).status,
        200,
      );
    } finally {
      await fake.close();
    }
  });
});
