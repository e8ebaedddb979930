import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, HELP_BUTTON, param } from '../src/index.js';
import { stubClient } from './stub.js';

function withCommands(options = {}, extra = {}) {
  const stub = stubClient({ prefix: 's!', ...options }, extra);
  stub.commands.add('ping', () => 'pong', { description: 'Answers pong.' });
  stub.commands.add('add', (_c, _m, { a, b }) => `${a + b}`, {
    description: 'Adds two integers.',
    category: 'Math',
    aliases: ['plus', 'sum'],
    params: { a: param.int().describe('the first'), b: param.int({ min: 0 }).default(1) },
    checks: [check.guildOnly()],
    cooldown: { per: 'user', window: 5000 },
  });
  stub.commands.add('secret', () => 'hidden', { hidden: true });
  return stub;
}

test('help lists visible commands by category, with usage and descriptions', async () => {
  const { say, texts } = withCommands();
  await say('s!help');
  assert.equal(
    texts()[0],
    [
      '**Commands**',
      '__General__',
      '`s!help [command...]` — Lists the commands, or shows how to use one.',
      '`s!ping` — Answers pong.',
      '__Math__',
      '`s!add <a> [b]` — Adds two integers.',
      '`s!help <command>` for details.',
    ].join('\n'),
  );
});

test('help of one command: usage, parameters, aliases, checks, cooldown; by alias too; unknown and hidden', async () => {
  const { say, texts } = withCommands();
  await say('s!help add');
  await say('s!help SUM');
  await say('s!help secret');
  await say('s!help math');
  const [add, sum, secret, math] = texts();
  assert.equal(
    add,
    [
      '**s!add** — Adds two integers.',
      'Usage: `s!add <a> [b]`',
      'Parameters:',
      '• `a` (integer) — the first',
      '• `b` (integer, >= 0, optional)',
      'Aliases: `plus`, `sum`',
      'Checks: server only',
      'Cooldown: 1 use per 5 s per user',
      'Category: Math',
    ].join('\n'),
  );
  assert.equal(sum, add);
  assert.equal(secret, 'No command `secret`. `s!help` lists them.');
  assert.match(math!, /^\*\*Commands\*\*\n__Math__\n`s!add <a> \[b\]`/);
  assert.doesNotMatch(math!, /ping/);
});

test('plain text pages without slash: `help 2`; the footer says how to turn pages', async () => {
  const { commands, say, texts } = withCommands({ help: { perPage: 2 } });
  for (const name of ['c1', 'c2', 'c3']) commands.add(name, () => name);
  await say('s!help');
  await say('s!help 3');
  await say('s!help 99');
  const [first, third, last] = texts();
  assert.match(first!, /^\*\*Commands\*\* \(page 1\/3\)/);
  assert.match(first!, /`s!help <page>` for another page/);
  assert.match(third!, /^\*\*Commands\*\* \(page 3\/3\)/);
  assert.equal(last, third, 'a page past the end shows the last');
  assert.equal(typeof texts()[0], 'string');
});

test('with slash enabled, pages come with buttons, and a click is answered with the asked page', async () => {
  const stub = withCommands({ help: { perPage: 2 } }, { extensions: ['commands', 'slash'] });
  for (const name of ['c1', 'c2', 'c3']) stub.commands.add(name, () => name);
  await stub.say('s!help');
  const first = stub.sent[0]!.body as {
    content: string;
    components: { components: { custom_id: string; disabled: boolean }[] }[];
  };
  assert.doesNotMatch(first.content, /another page/);
  const [previous, next] = first.components[0]!.components;
  assert.equal(previous!.disabled, true);
  assert.equal(next!.disabled, false);
  assert.ok(next!.custom_id.startsWith(HELP_BUTTON));
  await stub.interact({ id: '1', token: 't', type: 3, data: { custom_id: next!.custom_id, component_type: 2 } });
  await stub.interact({ id: '2', token: 't', type: 3, data: { custom_id: 'someone-else', component_type: 2 } });
  assert.equal(stub.responses.length, 1, 'only our own buttons are answered');
  const answer = stub.responses[0]!.body as { type: number; data: { content: string } };
  assert.equal(answer.type, 7, 'UPDATE_MESSAGE');
  assert.match(answer.data.content, /\(page 2\/3\)/);
  assert.match(answer.data.content, /`s!c2`|`s!c3`|`s!add/);
});

test('help can be renamed or turned off', async () => {
  const renamed = withCommands({ help: { name: 'commands', aliases: ['h'] } });
  await renamed.say('s!h');
  assert.match(renamed.texts()[0]!, /`s!commands <command>` for details/);
  const none = withCommands({ help: false });
  await none.say('s!help');
  assert.equal(none.sent.length, 0);
});
