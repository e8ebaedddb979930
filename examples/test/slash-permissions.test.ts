import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest, PermissionFlagsBits } from 'kokoro';
import { example } from './helpers.js';

test('slash-permissions: default_member_permissions is registered, and users without it are refused', async (t) => {
  const { fake, clients, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('slash-permissions'),
    seed: {
      bots: [{ name: 'Moderator' }],
      users: [{ username: 'owner' }, { username: 'bob' }],
      // The first user is the guild's owner: every permission.
      guilds: [{ name: 'Club', members: ['owner', 'bob', 'Moderator'], channels: [{ name: 'chat' }] }],
    },
    env: { DISCORD_TOKEN: 'Moderator' },
  });
  const bot = clients.Moderator!;
  const { guild, channels } = world!.guilds.Club!;
  const channel = channels.chat!;
  const owner = fake.user('owner');
  const bob = fake.user('bob');
  for (const text of ['one', 'two', 'three']) await bob.says(channel, text);

  // The owner may purge: the last two messages go.
  const purge = await owner.runs(bot, 'purge', { count: 2 }, { channel });
  const answer = await fake.responseTo(purge);
  assert.deepEqual((answer.response as { data: { content: string; flags: number } }).data, {
    content: 'Deleted 2 message(s).',
    flags: 64,
  });
  assert.deepEqual(
    fake.messages(channel).map((m) => m.content),
    ['one'],
  );

  // What Discord registered: the permissions each command needs.
  const registered = fake.commands(bot);
  const needs = Object.fromEntries(registered.map((c) => [c.name, c.default_member_permissions]));
  assert.deepEqual(needs, { purge: String(PermissionFlagsBits.ManageMessages), settings: '0' });

  // Bob has no Manage Messages: Discord refuses the command before the bot hears of it.
  await assert.rejects(bob.runs(bot, 'purge', { count: 1 }, { channel }), /default_member_permissions/);
  await assert.rejects(bob.runs(bot, 'settings', {}, { channel }), /default_member_permissions/);

  // Made a moderator (a role with Manage Messages), Bob may purge, but still not see the settings.
  const role = fake.simulate.roleCreate(guild, {
    name: 'Moderators',
    permissions: String(PermissionFlagsBits.ManageMessages),
  }) as { id: string };
  fake.simulate.memberUpdate(guild, bob.id, { roles: [role.id] });
  const allowed = await bob.runs(bot, 'purge', { count: 1 }, { channel });
  assert.equal(
    ((await fake.responseTo(allowed)).response as { data: { content: string } }).data.content,
    'Deleted 1 message(s).',
  );
  assert.deepEqual(fake.messages(channel), []);
  await assert.rejects(bob.runs(bot, 'settings', {}, { channel }), /default_member_permissions/);
  const settings = await owner.runs(bot, 'settings', {}, { channel });
  assert.match(((await fake.responseTo(settings)).response as { data: { content: string } }).data.content, /purge/);

  // Without Manage Messages itself (its role stripped), the bot says so instead of failing.
  const botRole = [...fake.guild(guild)!.roles.values()].find((r) => r.tags?.bot_id === bot.id)!;
  fake.simulate.roleUpdate(guild, botRole.id, { permissions: '0' });
  await owner.says(channel, 'keep me');
  const refused = await owner.runs(bot, 'purge', { count: 1 }, { channel });
  assert.equal(
    ((await fake.responseTo(refused)).response as { data: { content: string } }).data.content,
    'I need the Manage Messages permission in this channel.',
  );
  assert.deepEqual(
    fake.messages(channel).map((m) => m.content),
    ['keep me'],
  );
});
