import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandFailedError, param, validateCommandsOptions } from '../src/index.js';
import { stubClient } from './stub.js';

test('a returned string is sent to the channel; words (quotes respected) and rest are parsed', async () => {
  const { commands, say, sent, texts } = stubClient({ prefix: 's!' });
  commands.add('ping', () => 'pong');
  commands('echo', (_c, _m, args) => `${args.length}:${args.join('|')}:${args.rest}`, { aliases: ['say'] });
  await say('s!ping');
  await say('s!PING');
  await say('s!  echo a  "b c" d');
  await say('s!say x');
  await say('ping');
  await say('s!unknown');
  assert.deepEqual(texts(), ['pong', 'pong', '3:a|b c|d:a  "b c" d', '1:x:x']);
  assert.equal((sent[0]!.channel as { id: string }).id, '42');
});

test('a client never answers itself, nor other bots unless asked', async () => {
  const quiet = stubClient();
  quiet.commands.add('ping', () => 'pong');
  await quiet.say('!ping', { author: { id: '1000', bot: true } });
  await quiet.say('!ping', { author: { id: '3000', bot: true } });
  assert.equal(quiet.sent.length, 0);
  const open = stubClient({ commandsFromBots: true });
  open.commands.add('ping', () => 'pong');
  await open.say('!ping', { author: { id: '1000', bot: true } });
  await open.say('!ping', { author: { id: '3000', bot: true } });
  assert.deepEqual(open.texts(), ['pong']);
});

test('removing a command keeps an alias another command took over; bad definitions are refused', () => {
  const { commands } = stubClient();
  const a = commands.add('a', () => 'A', { aliases: ['x'] });
  const b = commands.add('b', () => 'B', { aliases: ['x'] });
  assert.equal(commands.get('x'), b);
  assert.equal(commands.remove('a'), true);
  assert.equal(commands.get('x'), b, 'x still calls b');
  assert.notEqual(commands.get('x'), a);
  assert.throws(() => commands.add('two words', () => 'x'), /without spaces/);
  assert.throws(() => commands.add('c', () => 'C', { aliases: ['two words'] }), /alias "two words"/);
  assert.throws(() => commands.add('d', () => 'D', { aliases: ['y'.repeat(65)] }), /alias/);
  assert.throws(() => commands.add('e', 'nope' as never), /handler function or an options object/);
  assert.throws(() => commands.add('f', { handler: 3 as never }), /handler must be a function/);
  assert.throws(() => commands.add('g', () => '', { checks: [{} as never] }), /checks must be a list made with check/);
  assert.throws(() => commands.add('h', () => '', { cooldown: { per: 'planet' as never, window: 1 } }), /cooldown.per/);
  assert.throws(() => commands.add('i', () => '', { cooldown: { per: 'user', window: -1 } }), /cooldown.window/);
});

test('extension options are checked at construction', () => {
  assert.throws(() => validateCommandsOptions({ prefix: '' }), /"prefix" must be a non-empty string/);
  assert.throws(() => validateCommandsOptions({}), /"prefix"/);
  assert.throws(() => validateCommandsOptions({ prefix: ['!', ''] }), /"prefix"/);
  assert.throws(
    () => validateCommandsOptions({ prefix: '!', mentionPrefix: 'yes' }),
    /"mentionPrefix" must be true or false/,
  );
  assert.throws(() => validateCommandsOptions({ prefix: '!', prefixCacheTime: -1 }), /prefixCacheTime/);
  assert.throws(() => validateCommandsOptions({ prefix: '!', owners: ['me'] }), /owners/);
  assert.throws(() => validateCommandsOptions({ prefix: '!', help: { perPage: 0 } }), /perPage/);
  assert.throws(() => validateCommandsOptions({ prefix: '!', errorReply: 5 }), /errorReply/);
  validateCommandsOptions({ prefix: () => '!', owners: ['123456789012345678'], help: false, errorReply: null });
});

test('subcommands: `config prefix set ?` walks the groups; a group alone answers its help; group checks apply', async () => {
  const { commands, say, texts } = stubClient({ prefix: 's!' });
  const config = commands.add('config', { description: 'Settings.', aliases: ['cfg'] });
  const prefix = config.add('prefix', (_c, _m) => 'prefix is s!', { description: 'Shows or sets the prefix.' });
  prefix.add('set', (_c, _m, { value }) => `prefix set to ${value}`, {
    params: { value: param.string({ maxLength: 3 }) },
  });
  config.add('secret', () => 'never', { hidden: true });
  await say('s!config prefix set ?');
  await say('s!cfg PREFIX');
  await say('s!config');
  await say('s!config prefix set toolong');
  const [set, shown, group, bad] = texts();
  assert.equal(set, 'prefix set to ?');
  assert.equal(shown, 'prefix is s!');
  assert.match(group!, /\*\*s!config\*\* — Settings\./);
  assert.match(group!, /Usage: `s!config <prefix>`/, 'hidden subcommands are not in the usage');
  assert.match(group!, /`s!config prefix` — Shows or sets the prefix\./);
  assert.doesNotMatch(group!.split('Subcommands:')[1]!, /secret/, 'hidden subcommands are not listed');
  assert.match(
    bad!,
    /parameter `value`: must be at most 3 characters, got `toolong`\.\nUsage: `s!config prefix set <value>`/,
  );
  assert.equal(config.get('prefix')?.get('set')?.fullName, 'config prefix set');
});

test('return values: options, embeds (toJSON), async iterables, generators, nothing', async () => {
  const { commands, say, sent } = stubClient();
  const embed = { toJSON: () => ({ title: 'Hi', color: 0xff0000 }) };
  commands.add('options', () => ({ content: 'with options', embeds: [embed as never] }));
  commands.add('embed', () => embed);
  commands.add('many', async function* () {
    yield 'one';
    yield embed;
  });
  commands.add('gen', function* () {
    yield 'a';
    yield 'b';
  });
  commands.add('nothing', () => undefined);
  commands.add('empty', () => '');
  for (const name of ['options', 'embed', 'many', 'gen', 'nothing', 'empty']) await say(`!${name}`);
  assert.deepEqual(
    sent.map(({ body }) => body),
    [
      { content: 'with options', embeds: [{ title: 'Hi', color: 0xff0000 }] },
      { embeds: [{ title: 'Hi', color: 0xff0000 }] },
      'one',
      { embeds: [{ title: 'Hi', color: 0xff0000 }] },
      'a',
      'b',
    ],
  );
});

test('errors: the command, its group, then the extension handlers; else an apology and the error event', async () => {
  const seen: string[] = [];
  const { commands, say, texts } = stubClient({
    onError: (_c, _m, error) => {
      seen.push(`extension:${(error as Error).message}`);
      return (error as Error).message === 'extension handles' ? 'handled by the extension' : undefined;
    },
  });
  const group = commands.add('group', {
    onError: (_c, _m, error) => ((error as Error).message === 'group handles' ? true : undefined),
  });
  group.add(
    'own',
    () => {
      throw new Error('own handles');
    },
    { onError: () => 'handled by the command' },
  );
  group.add('up', () => {
    throw new Error('group handles');
  });
  commands.add('ext', () => {
    throw new Error('extension handles');
  });
  commands.add('boom', async () => {
    throw new Error('nobody handles');
  });
  const removeLate = commands.onError(() => {
    seen.push('late');
    return undefined;
  });
  assert.equal(await say('!group own'), undefined);
  assert.equal(await say('!group up'), undefined);
  assert.equal(await say('!ext'), undefined);
  const failure = await say('!boom');
  assert.ok(failure instanceof CommandFailedError, 'an unhandled error reaches the client (its error event)');
  assert.equal(failure.command, 'boom');
  assert.equal(failure.code, 'KOKORO_COMMAND_FAILED');
  assert.equal((failure.cause as Error).message, 'nobody handles');
  removeLate();
  assert.deepEqual(texts(), [
    'handled by the command',
    'handled by the extension',
    'Something went wrong while running `boom`.',
  ]);
  assert.deepEqual(seen, ['extension:extension handles', 'extension:nobody handles', 'late']);
});

test('errorReply: null stays silent; a throwing error handler reaches the error event', async () => {
  const { commands, say, sent } = stubClient({ errorReply: null });
  commands.add('boom', () => {
    throw new Error('x');
  });
  commands.add(
    'worse',
    () => {
      throw new Error('y');
    },
    {
      onError: () => {
        throw new Error('handler broke');
      },
    },
  );
  assert.ok((await say('!boom')) instanceof CommandFailedError);
  const failure = await say('!worse');
  assert.ok(failure instanceof CommandFailedError);
  assert.match(failure.message, /handler broke/);
  assert.equal(sent.length, 0);
});
