// The `kokoro` command as a user runs it: a child process fed console lines on standard input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runKokoro } from './helpers.js';

test('the console evaluates input on the event thread against live clients, then exits 0', async () => {
  // fast-fake.ts: startClients() right after stopClients() identifies again without Discord's 5 s wait.
  const result = await runKokoro(
    ['run', '--no-history', fixture('fast-fake.ts'), fixture('two-bots.ts')],
    [
      'One.guilds.size',
      "const m = await One.messageCreate(channel, 'hi from the console')",
      'm.content',
      'undefinedThing.property',
      'let let = 1',
      'function answer() {',
      '  return 41 + 1',
      '}',
      'answer()',
      "await fake.userSays(channel, '!hello')",
      'for (let i = 0; i < 500 && fake.messages(channel).at(-1).content !== "hello back"; i++) await new Promise((r) => setTimeout(r, 10))',
      'fake.messages(channel).at(-1).content',
      'typeof startClients',
      'await stopClients()',
      '[One.state, Two.state]',
      'await startClients()',
      '[One.state, Two.state, One.guilds.size]',
      '.exit',
    ],
  );
  assert.equal(result.code, 0, `exit code\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  const out = result.stdout;
  assert.match(out, /^1$/m, 'One is in one guild');
  assert.match(out, /'hi from the console'/);
  assert.match(out, /ReferenceError: undefinedThing is not defined/);
  assert.match(out, /SyntaxError/);
  assert.match(out, /^42$/m, 'multi-line input');
  assert.match(out, /'hello back'/, 'the commands extension answered');
  assert.match(out, /'function'/);
  assert.match(out, /\[ 'stopped', 'stopped' \]/, 'stopClients() from the console');
  assert.match(out, /\[ 'ready', 'ready', 1 \]/, 'startClients() from the console');
  // Evaluated in order: the error lines do not stop the console.
  assert.ok(out.indexOf("'hi from the console'") < out.indexOf('42'));
});

test('end of input closes every gateway cleanly and exits 0', async () => {
  const result = await runKokoro(['run', '--fake', '--no-history', fixture('two-bots.ts')], ['Two.commands.all.size']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^2$/m, 'its command and the built-in help');
});

test('a bot module that throws while loading names the file and exits non-zero', async () => {
  const result = await runKokoro(['run', '--no-history', fixture('throws.ts')], ['1 + 1']);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /throws\.ts/);
  assert.match(result.stderr, /broken on purpose/);
});

test('an invalid token gives one clear error naming the client and exits non-zero without a console', async () => {
  const result = await runKokoro(['run', '--fake', '--no-repl', fixture('bad-token.ts')]);
  assert.equal(result.code, 1, result.stderr);
  const mentions = result.stderr.match(/client "Bad"/g) ?? [];
  assert.equal(mentions.length, 1, result.stderr);
  assert.match(result.stderr, /token/);
  assert.ok(!result.stderr.includes('not-a-real-token-0123456789'), 'the token is never printed');
});
