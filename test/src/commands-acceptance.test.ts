// Issue 12's acceptance, as a new user runs it: the demo's Saki adds two integers, names the bad
// parameter with the usage, and lists its commands in help; then a waiter from the console. The
// user's half-second sleeps are replaced by loops that wait for Saki's answer (tests never sleep).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKokoro } from './helpers.js';

const WAIT_FOR_SAKI = (count: number) =>
  `for (let i = 0; i < 2000 && fake.messages(demo.channel).filter((m) => m.author.username === 'Saki').length < ${count}; i++) await new Promise((r) => setTimeout(r, 5))`;

test('Saki adds, names the bad parameter with the usage, lists ping and add in help; waitFor works from the console', async () => {
  const result = await runKokoro(
    ['run', '--no-history', 'apps/demo/src/bots.ts'],
    [
      `await fake.userSays(demo.channel, 's!add 2 3'); ${WAIT_FOR_SAKI(1)}`,
      'fake.messages(demo.channel).at(-1).content',
      `await fake.userSays(demo.channel, 's!add 2 three'); ${WAIT_FOR_SAKI(2)}`,
      'fake.messages(demo.channel).at(-1).content',
      `await fake.userSays(demo.channel, 's!help'); ${WAIT_FOR_SAKI(3)}`,
      'fake.messages(demo.channel).at(-1).content',
      "const waiting = Saki.waitForMessage(demo.channel, { timeout: 60000 }); await fake.userSays(demo.channel, 'hello waiter'); (await waiting).content",
      '.exit',
    ],
    { DISCORD_TOKEN: '' },
  );
  assert.equal(result.code, 0, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const out = result.stdout;
  assert.match(out, /^'5'$/m);
  assert.match(out, /^'parameter `b`: expected an integer, got `three`\.\\nUsage: `s!add <a> <b>`'$/m);
  const help = out.slice(out.indexOf("'**Commands**"));
  assert.match(help, /`s!ping` — Answers pong\./);
  assert.match(help, /`s!add <a> <b>` — Adds two integers\./);
  assert.match(out, /^'hello waiter'$/m);
});
