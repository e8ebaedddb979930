// `kokoro run --watch`: editing a bot module's file reloads it through `reload`, and the runtime
// says what was replaced. Waits are on printed lines and answers, never on durations.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fixture, KOKORO_BIN, ROOT, runKokoro, waitFor } from './helpers.js';

const handlers = (
  version: number,
) => `import { One } from ${JSON.stringify(pathToFileURL(fixture('two-bots.ts')).href)};
One.on('messageCreate', async (client, message) => {
  if (message.content === 'which?') await client.messageCreate(message.channel, 'version ${version}');
});
export const version = ${version};
`;

test('kokoro run --watch reloads a changed bot module and prints what was replaced', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kokoro-watch-'));
  const module = join(folder, 'handlers.ts');
  const socket = join(folder, 'c.sock');
  // An ES module, as in a project with "type": "module" (tsx reads a .ts file as CommonJS otherwise).
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(module, handlers(1));
  const child = spawn(
    process.execPath,
    [KOKORO_BIN, 'run', '--fake', fixture('two-bots.ts'), module, '--no-repl', '--watch', '--console-socket', socket],
    { cwd: ROOT, env: { ...process.env, KOKORO_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ask = async (lines: string[]) => {
    const result = await runKokoro(['attach', socket, '--no-history'], lines);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const answer = [
    "await fake.userSays(channel, 'which?')",
    'for (let i = 0; i < 1000 && !/^version/.test(fake.messages(channel).at(-1).content); i++) await new Promise((r) => setTimeout(r, 10))',
    'fake.messages(channel).at(-1).content',
  ];
  try {
    await waitFor(() => /kokoro: running /.test(stderr) || child.exitCode !== null, 'the runtime', 60_000);
    assert.match(stderr, /watching the bot modules/);
    assert.match(await ask(answer), /'version 1'/);

    writeFileSync(module, handlers(2));
    await waitFor(() => /kokoro: reloaded .*handlers\.ts \(file changed\)/.test(stderr), 'the reload line', 30_000);
    assert.match(stderr, /replaced 1 registration\(s\) with 1; exports: version/);
    const out = await ask([
      'version',
      ...answer,
      'fake.messages(channel).filter((m) => /^version/.test(m.content)).length',
    ]);
    assert.match(out, /^2$/m, 'the new exports are the globals');
    assert.match(out, /'version 2'/, 'the new handler answers');
    assert.doesNotMatch(out, /'version 1'/, 'the old handler was removed');

    // Each later change gives one more reload.
    writeFileSync(module, `${handlers(3)}\n// touched`);
    await waitFor(() => (stderr.match(/kokoro: reloaded .*handlers\.ts/g) ?? []).length === 2, 'a second reload');
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  }
});
