import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stubClient } from './stub.js';

test('prefix lists (longest first), changing the prefix, and bad prefixes', async () => {
  const { commands, say, texts } = stubClient({ prefix: ['!', '!!'] });
  commands.add('a', () => 'A');
  commands.add('!a', () => 'bang A');
  await say('!!a');
  await say('!a');
  commands.prefix = '>';
  await say('>a');
  await say('!a');
  assert.deepEqual(texts(), ['A', 'A', 'A']);
  assert.throws(() => {
    commands.prefix = '';
  }, /non-empty string/);
});

test('the bot’s mention is a prefix unless turned off; case-insensitive prefixes; space after the prefix', async () => {
  const on = stubClient({ prefix: 'S!' });
  on.commands.add('ping', () => 'pong');
  await on.say('<@1000> ping');
  await on.say('<@!1000>ping');
  await on.say('<@999> ping');
  await on.say('s!ping');
  await on.say('S! ping');
  assert.deepEqual(on.texts(), ['pong', 'pong', 'pong']);

  const off = stubClient({ prefix: 'S!', mentionPrefix: false, prefixIgnoreCase: true, spaceAfterPrefix: false });
  off.commands.add('ping', () => 'pong');
  await off.say('<@1000> ping');
  await off.say('s!ping');
  await off.say('s! ping');
  assert.deepEqual(off.texts(), ['pong']);
});

test('an async prefix function per guild, cached for prefixCacheTime on the clock, cleared on demand', async () => {
  const calls: string[] = [];
  const stored = new Map([
    ['77', '?'],
    ['78', '$'],
  ]);
  const { commands, say, texts, clock } = stubClient({
    prefix: async (message) => {
      const id = message.guild?.id ?? 'dm';
      calls.push(id);
      return stored.get(id) ?? '!';
    },
    prefixCacheTime: 60_000,
  });
  commands.add('ping', () => 'pong');
  const g77 = { id: '77', members: new Map() };
  const g78 = { id: '78', members: new Map() };
  await Promise.all([say('?ping', { guild: g77 }), say('?ping', { guild: g77 })]);
  await say('$ping', { guild: g78 });
  await say('?ping', { guild: g78 });
  stored.set('77', '%');
  await say('%ping', { guild: g77 }); // still cached: '?'
  commands.clearPrefixCache('77');
  await say('%ping', { guild: g77 });
  stored.set('78', '&');
  await clock.advance(60_000);
  await say('&ping', { guild: g78 });
  await say('!ping');
  assert.deepEqual(texts(), ['pong', 'pong', 'pong', 'pong', 'pong', 'pong']);
  assert.deepEqual(
    calls,
    ['77', '78', '77', '78', 'dm'],
    'one call per guild while cached, shared by concurrent messages',
  );
});

test('a prefix function that returns nonsense is an error naming the client', async () => {
  const { commands, say } = stubClient({ prefix: () => 42 as never });
  commands.add('ping', () => 'pong');
  const error = await say('!ping');
  assert.match(String(error), /the prefix function of Stub returned 42/);
});
