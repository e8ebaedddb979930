import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelType, GatewayDispatchEvents as E, GatewayIntentBits, MessageType } from 'discord-api-types/v10';
import type { WorldDispatch } from '../src/index.js';
import { api, fakePerSuite, recordDispatches, startFake } from './helpers.js';

describe('fake REST: guilds, channels, members, roles', () => {
  const ctx = fakePerSuite();
  const { events } = recordDispatches(ctx);

  test('guild get and edit (GUILD_UPDATE); unknown guild is 10004', async () => {
    const got = await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}?with_counts=true`);
    assert.equal(got.body.name, 'Shrine');
    assert.equal(got.body.approximate_member_count, 3, 'alice (owner), Nue, Saki');
    assert.ok(got.body.roles.length >= 1);
    events();
    const edited = await api(ctx.fake, ctx.nue.token, 'PATCH', `/guilds/${ctx.guild.id}`, { name: 'Temple' });
    assert.equal(edited.body.name, 'Temple');
    assert.deepEqual(events(), [E.GuildUpdate]);
    const missing = await api(ctx.fake, ctx.nue.token, 'GET', '/guilds/1234567890123');
    assert.deepEqual(missing.body, { code: 10004, message: 'Unknown Guild' });
  });

  test('channels: create, get, edit, delete dispatch CHANNEL_*', async () => {
    events();
    const created = await api(ctx.fake, ctx.nue.token, 'POST', `/guilds/${ctx.guild.id}/channels`, {
      name: 'news',
      topic: 't',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.guild_id, ctx.guild.id);
    const id = created.body.id;
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${id}`)).body.name, 'news');
    const list = await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/channels`);
    assert.ok(list.body.some((c: { id: string }) => c.id === id));
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `/channels/${id}`, { name: 'old-news' })).body.name,
      'old-news',
    );
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `/channels/${id}`)).body.id, id);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${id}`)).body.code, 10003);
    assert.deepEqual(events(), [E.ChannelCreate, E.ChannelUpdate, E.ChannelDelete]);
    const bad = await api(ctx.fake, ctx.nue.token, 'POST', `/guilds/${ctx.guild.id}/channels`, {});
    assert.equal(bad.body.errors.name._errors[0].code, 'BASE_TYPE_REQUIRED');
  });

  test('roles: create, edit, add to member, remove, delete', async () => {
    events();
    const role = (
      await api(ctx.fake, ctx.nue.token, 'POST', `/guilds/${ctx.guild.id}/roles`, { name: 'mod', permissions: '8192' })
    ).body;
    assert.equal(role.name, 'mod');
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `/guilds/${ctx.guild.id}/roles/${role.id}`, { name: 'moderator' }))
        .body.name,
      'moderator',
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PUT', `/guilds/${ctx.guild.id}/members/${ctx.alice.id}/roles/${role.id}`))
        .status,
      204,
    );
    const member = await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/members/${ctx.alice.id}`);
    assert.ok(member.body.roles.includes(role.id));
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `/guilds/${ctx.guild.id}/members/${ctx.alice.id}/roles/${role.id}`))
        .status,
      204,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `/guilds/${ctx.guild.id}/roles/${role.id}`)).status,
      204,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/roles/${role.id}`)).body.code,
      10011,
    );
    assert.deepEqual(events(), [
      E.GuildRoleCreate,
      E.GuildRoleUpdate,
      E.GuildMemberUpdate,
      E.GuildMemberUpdate,
      E.GuildRoleDelete,
    ]);
  });

  test('members: list, edit nick, kick, ban and unban', async () => {
    const list = await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/members?limit=1000`);
    assert.equal(list.body.length, 3);
    const bob = ctx.fake.addUser({ username: 'bob' });
    ctx.fake.addMembers(ctx.guild, [bob]);
    events();
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `/guilds/${ctx.guild.id}/members/${bob.id}`, { nick: 'Bobby' })).body
        .nick,
      'Bobby',
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `/guilds/${ctx.guild.id}/members/${bob.id}`)).status,
      204,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/members/${bob.id}`)).body.code,
      10007,
    );
    ctx.fake.addMembers(ctx.guild, [bob]);
    assert.equal(
      (
        await api(
          ctx.fake,
          ctx.nue.token,
          'PUT',
          `/guilds/${ctx.guild.id}/bans/${bob.id}`,
          {},
          { 'x-audit-log-reason': 'spam%20bot' },
        )
      ).status,
      204,
    );
    const ban = await api(ctx.fake, ctx.nue.token, 'GET', `/guilds/${ctx.guild.id}/bans/${bob.id}`);
    assert.equal(ban.body.reason, 'spam bot');
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `/guilds/${ctx.guild.id}/bans/${bob.id}`)).status, 204);
    assert.deepEqual(events(), [
      E.GuildMemberUpdate,
      E.GuildMemberRemove,
      E.GuildAuditLogEntryCreate,
      E.GuildMemberAdd,
      E.GuildBanAdd,
      E.GuildMemberRemove,
      E.GuildAuditLogEntryCreate,
      E.GuildBanRemove,
      E.GuildAuditLogEntryCreate,
    ]);
  });

  test('a bot without permissions gets 50013', async () => {
    const weak = ctx.fake.addBot({ name: 'Weak' });
    ctx.fake.world.addMember(ctx.guild.id, weak.id, { permissions: 0n });
    const res = await api(ctx.fake, weak.token, 'POST', `/guilds/${ctx.guild.id}/roles`, { name: 'x' });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 50013);
  });
});

describe('fake REST: reactions, pins, typing, threads', () => {
  const ctx = fakePerSuite();

  test('reactions: put, list, delete, remove all', async () => {
    const message = await ctx.fake.userSays(ctx.channel, 'react to me');
    const base = `/channels/${ctx.channel.id}/messages/${message.id}/reactions`;
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    assert.equal((await api(ctx.fake, ctx.nue.token, 'PUT', `${base}/${encodeURIComponent('👍')}/@me`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.saki.token, 'PUT', `${base}/${encodeURIComponent('👍')}/@me`)).status, 204);
    const users = await api(ctx.fake, ctx.nue.token, 'GET', `${base}/${encodeURIComponent('👍')}`);
    assert.deepEqual(
      users.body.map((u: { id: string }) => u.id),
      [ctx.nue.id, ctx.saki.id],
    );
    assert.equal(ctx.fake.messages(ctx.channel).at(-1)?.reactions?.[0]?.count, 2);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `${base}/${encodeURIComponent('👍')}/@me`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', base)).status, 204);
    stop();
    assert.deepEqual(
      seen.map((d) => d.t),
      [E.MessageReactionAdd, E.MessageReactionAdd, E.MessageReactionRemove, E.MessageReactionRemoveAll],
    );
    assert.equal(seen[0]?.intent, GatewayIntentBits.GuildMessageReactions);
    const unknownEmoji = await api(ctx.fake, ctx.nue.token, 'PUT', `${base}/${encodeURIComponent('x:123456789')}/@me`);
    assert.equal(unknownEmoji.body.code, 10014);
  });

  test('pins and typing', async () => {
    const message = await ctx.fake.userSays(ctx.channel, 'pin me');
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PUT', `/channels/${ctx.channel.id}/pins/${message.id}`)).status,
      204,
    );
    const pins = await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${ctx.channel.id}/pins`);
    assert.deepEqual(
      pins.body.map((m: { id: string }) => m.id),
      [message.id],
    );
    assert.equal(pins.body[0].pinned, true);
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `/channels/${ctx.channel.id}/messages/pins/${message.id}`)).status,
      204,
    );
    assert.equal((await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/typing`)).status, 204);
    stop();
    assert.deepEqual(
      seen.map((d) => d.t),
      // A pin updates the message, the channel's pins, and posts the "pinned a message" system message.
      [E.MessageUpdate, E.ChannelPinsUpdate, E.MessageCreate, E.MessageUpdate, E.ChannelPinsUpdate, E.TypingStart],
    );
    const system = ctx.fake.messages(ctx.channel).at(-1);
    assert.equal(system?.type, MessageType.ChannelPinnedMessage);
    assert.equal(system?.message_reference?.message_id, message.id);
    assert.equal(system?.author.id, ctx.nue.id);
  });

  test('threads: create from a message, join, members', async () => {
    const message = await ctx.fake.userSays(ctx.channel, 'thread here');
    const thread = await api(
      ctx.fake,
      ctx.nue.token,
      'POST',
      `/channels/${ctx.channel.id}/messages/${message.id}/threads`,
      { name: 'talk' },
    );
    assert.equal(thread.status, 201);
    assert.equal(thread.body.id, message.id);
    assert.equal(thread.body.parent_id, ctx.channel.id);
    assert.equal(
      (await api(ctx.fake, ctx.saki.token, 'PUT', `/channels/${thread.body.id}/thread-members/@me`)).status,
      204,
    );
    const members = await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${thread.body.id}/thread-members`);
    assert.equal(members.body.length, 2);
    const posted = await api(ctx.fake, ctx.saki.token, 'POST', `/channels/${thread.body.id}/messages`, {
      content: 'in thread',
    });
    assert.equal(posted.body.channel_id, thread.body.id);
  });
});

test('forum posts: a thread with its first message; no message is 50006', async () => {
  const { fake, nue, guild } = await startFake();
  try {
    const forum = fake.addChannel(guild, { name: 'forum', type: ChannelType.GuildForum });
    const post = await api(fake, nue.token, 'POST', `/channels/${forum.id}/threads`, {
      name: 'Help',
      message: { content: 'How?' },
    });
    assert.equal(post.status, 201);
    assert.equal(post.body.parent_id, forum.id);
    assert.equal(post.body.message.content, 'How?');
    assert.equal(fake.messages(post.body.id)[0]?.content, 'How?');
    const empty = await api(fake, nue.token, 'POST', `/channels/${forum.id}/threads`, { name: 'Empty' });
    assert.equal(empty.body.code, 50006);
  } finally {
    await fake.close();
  }
});

describe('fake REST: webhooks, commands, interactions', () => {
  const ctx = fakePerSuite();

  test('webhooks: create, execute with and without wait, get by token, delete', async () => {
    const created = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/webhooks`, {
      name: 'hook',
    });
    assert.equal(created.status, 200);
    const { id, token } = created.body;
    const noWait = await api(ctx.fake, null, 'POST', `/webhooks/${id}/${token}`, { content: 'fire' });
    assert.equal(noWait.status, 204);
    const waited = await api(ctx.fake, null, 'POST', `/webhooks/${id}/${token}?wait=true`, {
      content: 'and forget',
      username: 'Hooky',
    });
    assert.equal(waited.body.webhook_id, id);
    assert.equal(waited.body.author.username, 'Hooky');
    assert.deepEqual(
      ctx.fake
        .messages(ctx.channel)
        .slice(-2)
        .map((m) => m.content),
      ['fire', 'and forget'],
    );
    const pub = await api(ctx.fake, null, 'GET', `/webhooks/${id}/${token}`);
    assert.equal(pub.body.token, undefined);
    assert.equal((await api(ctx.fake, null, 'GET', `/webhooks/${id}/wrong`)).body.code, 10015);
    const edited = await api(ctx.fake, null, 'PATCH', `/webhooks/${id}/${token}/messages/${waited.body.id}`, {
      content: 'edited',
    });
    assert.equal(edited.body.content, 'edited');
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `/webhooks/${id}`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/webhooks/${id}`)).body.code, 10015);
    const bad = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/webhooks`, { name: 'clyde' });
    assert.equal(bad.body.code, 50035);
  });

  test('commands: create, upsert, list, bulk PUT replaces, guild commands, delete', async () => {
    const base = `/applications/${ctx.nue.applicationId}/commands`;
    const ping = await api(ctx.fake, ctx.nue.token, 'POST', base, { name: 'ping', description: 'Ping!' });
    assert.equal(ping.status, 201);
    const again = await api(ctx.fake, ctx.nue.token, 'POST', base, { name: 'ping', description: 'Pong?' });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, ping.body.id);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', base)).body.length, 1);
    const put = await api(ctx.fake, ctx.nue.token, 'PUT', base, [
      { name: 'ping', description: 'p' },
      { name: 'echo', description: 'e', options: [{ type: 3, name: 'text', description: 't' }] },
      { name: 'Inspect', type: 2 },
    ]);
    assert.equal(put.body.length, 3);
    assert.equal(put.body.find((c: { name: string }) => c.name === 'ping').id, ping.body.id, 'same name keeps its id');
    const guildBase = `/applications/${ctx.nue.applicationId}/guilds/${ctx.guild.id}/commands`;
    const local = await api(ctx.fake, ctx.nue.token, 'POST', guildBase, { name: 'local', description: 'l' });
    assert.equal(local.body.guild_id, ctx.guild.id);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `${guildBase}/${local.body.id}`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `${guildBase}/${local.body.id}`)).body.code, 10063);
    const invalid = await api(ctx.fake, ctx.nue.token, 'POST', base, { name: 'Bad Name', description: '' });
    assert.equal(invalid.body.code, 50035);
    assert.ok(invalid.body.errors.name);
    assert.ok(invalid.body.errors.description);
    const foreign = await api(ctx.fake, ctx.saki.token, 'GET', base);
    assert.equal(foreign.status, 403);
  });

  test('interactions: INTERACTION_CREATE to the bot, callback, @original, follow-up, 40060', async () => {
    const seen: WorldDispatch[] = [];
    const stop = ctx.fake.world.onDispatch((d) => seen.push(d));
    const interaction = ctx.fake.interact(ctx.nue, ctx.channel, { kind: 'command', name: 'ping' });
    stop();
    assert.equal(seen[0]?.t, E.InteractionCreate);
    assert.deepEqual(seen[0]?.recipients, [ctx.nue.id]);
    const callback = `/interactions/${interaction.id}/${interaction.token}/callback`;
    const answered = await api(ctx.fake, null, 'POST', `${callback}?with_response=true`, {
      type: 4,
      data: { content: 'pong' },
    });
    assert.equal(answered.status, 200);
    assert.equal(answered.body.resource.message.content, 'pong');
    assert.equal(ctx.fake.interactionResponse(interaction)?.responseType, 4);
    const twice = await api(ctx.fake, null, 'POST', callback, { type: 4, data: { content: 'pong' } });
    assert.equal(twice.body.code, 40060);
    const hook = `/webhooks/${ctx.nue.applicationId}/${interaction.token}`;
    const original = await api(ctx.fake, null, 'PATCH', `${hook}/messages/@original`, { content: 'pong!' });
    assert.equal(original.body.content, 'pong!');
    const followup = await api(ctx.fake, null, 'POST', hook, { content: 'more', flags: 64 });
    assert.equal(followup.status, 200);
    assert.equal(followup.body.flags & 64, 64);
    assert.ok(
      !ctx.fake.messages(ctx.channel).some((m) => m.id === followup.body.id),
      'ephemeral messages stay out of the channel',
    );
    const unknownInteraction = await api(ctx.fake, null, 'POST', '/interactions/1/abc/callback', {
      type: 4,
      data: { content: 'x' },
    });
    assert.equal(unknownInteraction.body.code, 10062);
  });

  test('interactions: deferred reply then edit; late answers are 10062', async () => {
    ctx.fake.addCommand(ctx.nue, { name: 'slow', description: 'slow' });
    const interaction = ctx.fake.interact(ctx.nue, ctx.channel, { kind: 'command', name: 'slow' });
    const callback = `/interactions/${interaction.id}/${interaction.token}/callback`;
    assert.equal((await api(ctx.fake, null, 'POST', callback, { type: 5 })).status, 204);
    const edited = await api(
      ctx.fake,
      null,
      'PATCH',
      `/webhooks/${ctx.nue.applicationId}/${interaction.token}/messages/@original`,
      { content: 'done' },
    );
    assert.equal(edited.body.content, 'done');
    assert.equal(edited.body.flags & 128, 0, 'no longer loading');
    ctx.fake.addCommand(ctx.nue, { name: 'late', description: 'late' });
    const late = ctx.fake.interact(ctx.nue, ctx.channel, { kind: 'command', name: 'late' });
    ctx.fake.world.stores.interactions.get(late.id)!.createdAt -= 5_000;
    const res = await api(ctx.fake, null, 'POST', `/interactions/${late.id}/${late.token}/callback`, {
      type: 4,
      data: { content: 'x' },
    });
    assert.equal(res.body.code, 10062);
  });

  test('interactions: component update and modal validation', async () => {
    const message = (
      await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${ctx.channel.id}/messages`, { content: 'click' })
    ).body;
    const click = ctx.fake.interact(ctx.nue, ctx.channel, { kind: 'component', customId: 'b1', message });
    const res = await api(ctx.fake, null, 'POST', `/interactions/${click.id}/${click.token}/callback`, {
      type: 7,
      data: { content: 'clicked' },
    });
    assert.equal(res.status, 204);
    assert.equal(ctx.fake.messages(ctx.channel).find((m) => m.id === message.id)?.content, 'clicked');
    ctx.fake.addCommand(ctx.nue, { name: 'form', description: 'form' });
    const modal = ctx.fake.interact(ctx.nue, ctx.channel, { kind: 'command', name: 'form' });
    const bad = await api(ctx.fake, null, 'POST', `/interactions/${modal.id}/${modal.token}/callback`, {
      type: 9,
      data: { title: 'x'.repeat(46), custom_id: 'm', components: [] },
    });
    assert.equal(bad.body.code, 50035);
    assert.ok(bad.body.errors.data.title);
  });

  test('users: GET /users/{id}, /users/@me/guilds, unknown user 10013', async () => {
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/users/${ctx.alice.id}`)).body.username, 'alice');
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', '/users/123456789')).body.code, 10013);
    const guilds = await api(ctx.fake, ctx.nue.token, 'GET', '/users/@me/guilds');
    assert.deepEqual(
      guilds.body.map((g: { id: string }) => g.id),
      [ctx.guild.id],
    );
  });
});
