import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KokoroClient, Message } from '@kokoro/core';
import { createCommands, validateCommandsOptions } from '../src/commands.js';

type Handler = (client: KokoroClient, message: Message) => Promise<void>;

/** A stand-in client that records replies and lets the test deliver messages. */
function stubClient() {
  let handler: Handler | undefined;
  const replies: { channel: unknown; content: unknown }[] = [];
  const client = {
    id: '1000',
    on(event: string, h: Handler) {
      assert.equal(event, 'messageCreate');
      handler = h;
      return client;
    },
    async messageCreate(channel: unknown, content: unknown) {
      replies.push({ channel, content });
    },
  } as unknown as KokoroClient;
  const say = async (content: string, author = { id: '2000', bot: false }) =>
    handler!(client, { content, author, channel: { id: '42' } } as unknown as Message);
  return { client, replies, say };
}

test('a returned string is sent as the reply; args and rest are parsed', async () => {
  const { client, replies, say } = stubClient();
  const commands = createCommands(client, { prefix: 's!' });
  commands.add('ping', () => 'pong');
  commands('echo', (_c, _m, args) => `${args.length}:${args.join('|')}:${args.rest}`, { aliases: ['say'] });
  await say('s!ping');
  await say('s!PING');
  await say('s!  echo a  b c');
  await say('s!say x');
  await say('ping');
  await say('s!unknown');
  assert.deepEqual(
    replies.map((r) => r.content),
    ['pong', 'pong', '3:a|b|c:a  b c', '1:x:x'],
  );
  assert.deepEqual(replies[0]!.channel, { id: '42' });
});

test('a client never answers itself, nor other bots unless asked', async () => {
  const { client, replies, say } = stubClient();
  const commands = createCommands(client, { prefix: '!' });
  commands.add('ping', () => 'pong');
  await say('!ping', { id: '1000', bot: true });
  await say('!ping', { id: '3000', bot: true });
  assert.equal(replies.length, 0);
});

test('prefix lists, prefix functions, removal and bad options', async () => {
  const { client, replies, say } = stubClient();
  const commands = createCommands(client, { prefix: ['!', '?'] });
  commands.add('a', () => 'A');
  await say('?a');
  commands.prefix = () => '>';
  await say('>a');
  await say('!a');
  assert.deepEqual(
    replies.map((r) => r.content),
    ['A', 'A'],
  );
  assert.equal(commands.remove('a'), true);
  assert.equal(commands.get('a'), undefined);
  assert.throws(() => commands.add('two words', () => 'x'), /without spaces/);
  assert.throws(() => validateCommandsOptions({ prefix: '' }), /"prefix" must be a non-empty string/);
  assert.throws(() => validateCommandsOptions({}), /"prefix"/);
});

test('removing a command keeps an alias another command took over; bad aliases are refused', () => {
  const { client } = stubClient();
  const commands = createCommands(client, { prefix: '!' });
  const a = commands.add('a', () => 'A', { aliases: ['x'] });
  const b = commands.add('b', () => 'B', { aliases: ['x'] });
  assert.equal(commands.get('x'), b);
  assert.equal(commands.remove('a'), true);
  assert.equal(commands.get('x'), b, 'x still calls b');
  assert.notEqual(commands.get('x'), a);
  assert.throws(() => commands.add('c', () => 'C', { aliases: ['two words'] }), /alias "two words"/);
  assert.throws(() => commands.add('d', () => 'D', { aliases: ['y'.repeat(65)] }), /alias/);
});
