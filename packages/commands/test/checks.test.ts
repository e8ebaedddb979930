import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionFlagsBits } from '@kokoro/core';
import { check } from '../src/index.js';
import { stubClient } from './stub.js';

const admins = { id: '500', name: 'Admins' };
const mods = { id: '501', name: 'Mods' };

/** A guild where user 2000 has the Mods role and Manage Messages, and the bot (1000) has Send Messages only. */
function guild() {
  return {
    id: '77',
    members: new Map<string, unknown>([
      ['2000', { id: '2000', roles: [mods] }],
      ['1000', { id: '1000', roles: [] }],
    ]),
  };
}
const channel = {
  permissionsFor: (member: { id: string }) =>
    member.id === '2000'
      ? PermissionFlagsBits.ManageMessages | PermissionFlagsBits.SendMessages
      : PermissionFlagsBits.SendMessages,
};

test('guild only, DM only, NSFW channel and owner only, with their default replies', async () => {
  const { commands, say, texts } = stubClient();
  commands.add('g', () => 'ran g', { checks: [check.guildOnly()] });
  commands.add('d', () => 'ran d', { checks: [check.dmOnly()] });
  commands.add('n', () => 'ran n', { checks: [check.nsfwChannel()] });
  commands.add('o', () => 'ran o', { checks: [check.ownerOnly()] });
  await say('!g');
  await say('!g', { guild: guild() });
  await say('!d', { guild: guild() });
  await say('!d');
  await say('!n');
  await say('!n', { channel: { nsfw: true } });
  await say('!n', { channel: { isThread: true, parent: { nsfw: true } } });
  await say('!o');
  await say('!o', { author: { id: '7' } });
  assert.deepEqual(texts(), [
    'This command works only in a server.',
    'ran g',
    'This command works only in direct messages.',
    'ran d',
    'This command works only in an age-restricted channel.',
    'ran n',
    'ran n',
    'Only the owner of this bot can use this command.',
    'ran o',
  ]);
});

test('owners given as an option; the application is not asked', async () => {
  const { commands, say, texts } = stubClient(
    { owners: ['123456789012345678'] },
    {
      currentApplicationGet: async () => {
        throw new Error('must not be called');
      },
    },
  );
  commands.add('o', () => 'ran', { checks: [check.ownerOnly({ reply: null })] });
  await say('!o', { author: { id: '7' } });
  await say('!o', { author: { id: '123456789012345678' } });
  assert.deepEqual(texts(), ['ran']);
});

test('roles and permissions, the user’s and the bot’s, through permissionsFor', async () => {
  const { commands, say, texts } = stubClient();
  commands.add('mod', () => 'mod ok', { checks: [check.hasRoles([admins, 'mods'])] });
  commands.add('admin', () => 'admin ok', { checks: [check.hasRoles([admins, mods], { all: true })] });
  commands.add('purge', () => 'purge ok', { checks: [check.hasPermissions(['ManageMessages'])] });
  commands.add('ban', () => 'ban ok', { checks: [check.hasPermissions(PermissionFlagsBits.BanMembers)] });
  commands.add('botpurge', () => 'bot ok', {
    checks: [check.botHasPermissions(['ManageMessages'], { reply: 'I cannot.' })],
  });
  for (const name of ['mod', 'admin', 'purge', 'ban', 'botpurge']) await say(`!${name}`, { guild: guild(), channel });
  await say('!purge');
  assert.deepEqual(texts(), [
    'mod ok',
    'You need the role Admins and Mods.',
    'purge ok',
    'You need the Ban Members permission(s) here.',
    'I cannot.',
    'This command works only in a server.',
  ]);
  assert.throws(() => check.hasPermissions(['Flying' as never]), /unknown permission "Flying"/);
  assert.throws(() => check.hasRoles([]), /one or more roles/);
});

test('composition: and, or, not, custom checks, silence, and group checks before their subcommands', async () => {
  const { commands, say, texts } = stubClient();
  const isMika = check.custom((_c, message) => message.author.id === '2000', {
    description: 'mika only',
    reply: 'Only mika.',
  });
  commands.add('both', () => 'both ok', { checks: [check.and(check.guildOnly(), isMika)] });
  commands.add('either', () => 'either ok', { checks: [check.or([check.dmOnly(), isMika], { reply: 'DM or mika.' })] });
  commands.add('notmika', () => 'not ok', { checks: [check.not(isMika, { reply: 'Not for mika.' })] });
  commands.add('quiet', () => 'quiet ok', { checks: [check.guildOnly({ reply: null })] });
  const group = commands.add('group', { checks: [check.guildOnly({ reply: 'Group needs a server.' })] });
  group.add('sub', () => 'sub ok', { checks: [isMika] });
  await say('!both'); // DM: fails the first
  await say('!both', { guild: guild() }); // passes
  await say('!both', { guild: guild(), author: { id: '3000' } }); // fails the second
  await say('!either', { guild: guild(), author: { id: '3000' } }); // fails both
  await say('!either'); // DM
  await say('!notmika');
  await say('!notmika', { author: { id: '3000' } });
  await say('!quiet');
  await say('!group sub');
  await say('!group sub', { guild: guild(), author: { id: '3000' } });
  await say('!group sub', { guild: guild() });
  assert.deepEqual(texts(), [
    'This command works only in a server.',
    'both ok',
    'Only mika.',
    'DM or mika.',
    'either ok',
    'Not for mika.',
    'not ok',
    'Group needs a server.',
    'Only mika.',
    'sub ok',
  ]);
  assert.equal(check.and(check.guildOnly(), isMika).description, 'server only and mika only');
  assert.equal(check.not(isMika).description, 'not mika only');
});
