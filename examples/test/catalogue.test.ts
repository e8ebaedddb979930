// The examples stay a catalogue a newcomer can trust: every example has its test and its row in
// examples/README.md, says in its header how to run it, and really runs that way through the
// `kokoro` command against the fake Discord.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runKokoroCommand } from 'kokoro/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = new URL('../../src/', import.meta.url);
const TESTS = new URL('../../test/', import.meta.url);

const examples = readdirSync(SRC)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

test('every example has a test, a README row and a header that says how to run it', () => {
  assert.ok(examples.length >= 13, `13 examples or more, found ${examples.join(', ')}`);
  const tests = new Set(readdirSync(TESTS));
  const readme = readFileSync(new URL('../README.md', SRC), 'utf8');
  for (const name of examples) {
    assert.ok(tests.has(`${name}.test.ts`), `examples/test/${name}.test.ts`);
    assert.ok(readme.includes(`](src/${name}.ts)`), `a README row for ${name}.ts`);
    const header = readFileSync(new URL(`${name}.ts`, SRC), 'utf8').split('*/')[0]!;
    assert.ok(header.startsWith('/**'), `${name}.ts starts with a comment`);
    assert.ok(header.includes(`npx kokoro run examples/src/${name}.ts --fake`), `${name}.ts: how to run it offline`);
    assert.match(header, /DISCORD_TOKEN=/, `${name}.ts: how to run it against Discord`);
  }
});

test('an example runs as its header says: kokoro run examples/src/rustcord-basic.ts --fake', async () => {
  const lines = [
    "await fake.userSays(sandbox.channel, '!echo hello from the console')",
    '(await fake.waitFor(() => fake.messages(sandbox.channel).find((m) => m.author.bot))).content',
    '.exit',
  ];
  const { code, stdout, stderr } = await runKokoroCommand(
    ['run', '--no-history', 'examples/src/rustcord-basic.ts', '--fake'],
    { cwd: ROOT, input: lines, env: { KOKORO_LOG_LEVEL: 'warn', DISCORD_TOKEN: '' } },
  );
  assert.equal(code, 0, `stdout:\n${stdout}\nstderr:\n${stderr}`);
  assert.match(stdout, /made a bot account "Basic"/);
  assert.match(stdout, /^'hello from the console'$/m);
});
