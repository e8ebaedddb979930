// The `kokoro` command's arguments, as a new user types them: help, bad options, missing files,
// JavaScript modules given as `./` and absolute paths, and two modules exporting one name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KokoroError } from 'kokoro';
import { runKokoroCommand } from 'kokoro/testing';
import { fixture, ROOT, runKokoro } from './helpers.js';

test('kokoro --help and kokoro run --help print the usage and exit 0', async () => {
  for (const args of [['--help'], ['run', '--help'], ['run', 'bots.ts', '-h']]) {
    const result = await runKokoro(args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, /^usage: kokoro run <module\.\.\.>/);
    assert.match(result.stdout, /--no-repl/);
  }
});

test('an unknown option or command prints the usage and exits 2; no module is loaded', async () => {
  for (const [args, message] of [
    [['run', '--bogus', 'bots.ts'], /unknown option --bogus/],
    [['run', '-x', 'bots.ts'], /unknown option -x/],
    [['start', 'bots.ts'], /unknown command "start"/],
    [['run'], /run needs at least one bot module/],
  ] as const) {
    const result = await runKokoro([...args]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.match(result.stderr, /usage: kokoro run/);
  }
});

test('a bot module that does not exist is named, with the path looked at, and exits 1', async () => {
  const result = await runKokoro(['run', '--no-history', 'no/such/bots.ts']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /no bot module at no\/such\/bots\.ts \(.*no\/such\/bots\.ts does not exist\)/);
  assert.doesNotMatch(result.stderr, /node:internal/, 'no loader stack trace');
});

test('JavaScript modules by ./ and absolute paths; a name exported twice is a warning naming both', async () => {
  const absolute = fixture('same-name.mjs');
  const result = await runKokoro(
    ['run', '--fake', '--no-history', './test/src/fixtures/plain-bot.js', absolute],
    ['Plain.guilds.size', 'shared', 'Plain'],
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^1\n'from same-name\.mjs'\nClient\(Plain as Plain, ready, 1 guilds\)\n$/);
  assert.match(
    result.stderr,
    /exports "shared", which \.\/test\/src\/fixtures\/plain-bot\.js exports too; in the console, "shared" is the one from .*same-name\.mjs/,
  );
  assert.equal((result.stderr.match(/exports "/g) ?? []).length, 1, 'one warning, for the one clash');
});

test('console.log on the event thread comes out before the result of its input', async () => {
  const result = await runKokoro(
    ['run', '--fake', '--no-history', fixture('two-bots.ts')],
    [
      'console.log("first"); await new Promise((r) => setTimeout(r, 5)); console.log("second"); "result"',
      'console.error("to standard error"); 1',
    ],
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "first\nsecond\n'result'\n1\n");
  assert.match(result.stderr, /to standard error/);
});

test('the console history file, written in the working directory, is ignored by git here', () => {
  const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
  assert.ok(ignored.includes('.kokoro_history'), 'npm start keeps its history in .kokoro_history at the root');
});

test('runKokoroCommand (kokoro/testing) kills a command that does not exit in time and says what it wrote', async () => {
  const error = await runKokoroCommand(['run', '--fake', '--no-repl', fixture('two-bots.ts')], {
    cwd: ROOT,
    timeout: 1_500,
    env: { KOKORO_LOG_LEVEL: 'warn' },
  }).catch((e: unknown) => e);
  assert.ok(error instanceof KokoroError, String(error));
  assert.equal(error.code, 'KOKORO_COMMAND_TIMEOUT');
  assert.match(error.message, /^kokoro run --fake --no-repl .*two-bots\.ts did not exit within 1500 ms; it was killed/);
  await assert.rejects(runKokoroCommand(['--help'], { timeout: 0 }), /timeout must be milliseconds > 0/);
});
