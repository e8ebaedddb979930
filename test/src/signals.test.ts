// SIGINT and SIGTERM stop every client cleanly and exit 0, with or without the console.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fixture, KOKORO_BIN, ROOT } from './helpers.js';

function runUntilReady(args: string[]) {
  const child = spawn(process.execPath, [KOKORO_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, KOKORO_LOG_LEVEL: 'info', KOKORO_LOG_FORMAT: 'json' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const ready = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // Both clients log when ready; the console answers once it is ready too.
      if ((stderr.match(/is ready as/g) ?? []).length === 2) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const repl of [true, false]) {
    test(`${signal} ${repl ? 'with' : 'without'} the console closes the gateways (1000) and exits 0`, async () => {
      const run = runUntilReady([
        'run',
        '--fake',
        '--no-history',
        ...(repl ? [] : ['--no-repl']),
        fixture('two-bots.ts'),
      ]);
      await run.ready;
      run.child.kill(signal);
      const code = await run.exited;
      const { stderr } = run.output();
      assert.equal(code, 0, stderr);
      assert.equal((stderr.match(/"code":1000,"msg":"shard closed"/g) ?? []).length, 2, stderr);
    });
  }
}
