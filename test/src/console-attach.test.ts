// `kokoro run --no-repl --console-socket PATH` and `kokoro attach PATH`, as an operator uses them:
// child processes, the demo bots, piped input. Every wait is on a condition (a printed line, an answer).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connectConsole } from 'kokoro';
import { fixture, KOKORO_BIN, ROOT, runKokoro, waitFor } from './helpers.js';

/** Start `kokoro run` headless; resolves once it says its bots are running. */
function startHeadless(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [KOKORO_BIN, 'run', ...args], {
    cwd: ROOT,
    env: { ...process.env, KOKORO_LOG_LEVEL: 'warn', DISCORD_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    running: () => waitFor(() => /kokoro: running /.test(stderr) || exitedEarly(), 'the runtime to run', 60_000),
  };
  function exitedEarly(): never | false {
    if (child.exitCode !== null) throw new Error(`kokoro run exited ${child.exitCode}\n${stdout}\n${stderr}`);
    return false;
  }
}

test('kokoro attach: a console into headless bots; detaching leaves them running; several consoles at once', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'kokoro-attach-')), 'bots.sock');
  const runtime = startHeadless(['apps/demo/src/bots.ts', '--no-repl', '--console-socket', path]);
  try {
    await runtime.running();
    assert.match(runtime.output().stderr, new RegExp(`console socket at ${path}`));
    const stat = statSync(path);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600, 'only the owner may connect');

    // A second console stays attached all along (in this process).
    const other = connectConsole(path);
    const printed: string[] = [];
    other.setOutput((_stream, text) => printed.push(text));
    assert.deepEqual((await other.ready).clients, ['Nue', 'Saki', 'Seija']);
    assert.equal((await other.eval('globalThis.fromOther = 41')).text, '41');

    const attached = await runKokoro(
      ['attach', path, '--no-history'],
      ['Nue.guilds.size', 'fromOther + 1', 'const n = await Promise.resolve(7)', 'n * 6', 'typeof reload'],
    );
    assert.equal(attached.code, 0, `stdout:\n${attached.stdout}\nstderr:\n${attached.stderr}`);
    assert.match(attached.stdout, /^1$/m, 'Nue.guilds.size through the socket');
    assert.match(attached.stdout, /^42$/m, 'one global scope shared by the consoles');
    assert.match(attached.stdout, /'function'/);

    // Detached: the bots still answer, and the other console still works.
    assert.equal(runtime.child.exitCode, null, 'detaching left the runtime running');
    await other.eval("await fake.userSays(demo.channel, 'ping')");
    const wait = await other.eval(
      'for (let i = 0; i < 1000 && fake.messages(demo.channel).at(-1).content !== "pong"; i++) await new Promise((r) => setTimeout(r, 10)); fake.messages(demo.channel).at(-1).content',
    );
    assert.equal(wait.text, "'pong'", 'Nue answered ping after the console detached');
    const [completions] = await other.complete('Nu');
    assert.ok(completions.includes('Nue'), `completion through the socket: ${completions}`);
    await other.eval("console.log('to every console')");
    await waitFor(() => printed.join('').includes('to every console'), 'event-thread output on the socket');

    // A second runtime cannot take a live socket.
    const second = await runKokoro(['run', 'apps/demo/src/bots.ts', '--no-repl', '--console-socket', path]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /already listens at/);

    runtime.child.kill('SIGTERM');
    assert.equal(await runtime.exited, 0, runtime.output().stderr);
    assert.equal(await other.exited, 0, 'the attached console is told and detached');
    assert.throws(() => statSync(path), /ENOENT/, 'the socket file is removed');
  } finally {
    if (runtime.child.exitCode === null) runtime.child.kill('SIGKILL');
  }
});

test('kokoro attach with nobody listening says how to start a runtime, exit 1', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'kokoro-attach-')), 'none.sock');
  const result = await runKokoro(['attach', path]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /no runtime listens at .*none\.sock; start one with `kokoro run/);
});

test('--console-socket with no path listens at the documented default, where kokoro attach looks', async () => {
  const env = { XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'kokoro-xdg-')) };
  const runtime = startHeadless(['--fake', fixture('two-bots.ts'), '--console-socket', '--no-repl'], env);
  try {
    await runtime.running();
    const path = join(env.XDG_RUNTIME_DIR, 'kokoro', 'console.sock');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(env.XDG_RUNTIME_DIR, 'kokoro')).mode & 0o777, 0o700, 'a folder of its own');
    const attached = await runKokoro(['attach', '--no-history'], ['One.guilds.size', '.exit'], env);
    assert.equal(attached.code, 0, attached.stderr);
    assert.match(attached.stdout, /^1$/m);
    runtime.child.kill('SIGINT');
    assert.equal(await runtime.exited, 0, runtime.output().stderr);
  } finally {
    if (runtime.child.exitCode === null) runtime.child.kill('SIGKILL');
  }
});
