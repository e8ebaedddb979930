// `npx kokoro` from the repository after install, and from a bot project outside the monorepo: the
// README's "Your own bots" example, copied verbatim, run with `npx kokoro run bots.ts --fake`,
// answers `hello`. The project installs kokoro from this checkout (a link: no network, no registry).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment of a user with no token set at all. */
function tokenlessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KOKORO_LOG_LEVEL: 'warn' };
  for (const name of Object.keys(env)) if (/TOKEN/.test(name)) delete env[name];
  return env;
}

test('npx kokoro runs in the repository: the command is linked to a committed, executable launcher', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'packages/kokoro/package.json'), 'utf8')) as {
    bin: { kokoro: string };
  };
  const tracked = spawnSync('git', ['ls-files', '-s', join('packages/kokoro', pkg.bin.kokoro)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.match(tracked.stdout, /^100755 /, 'the launcher is in git with the executable bit');
  const help = spawnSync('npx', ['--no-install', 'kokoro', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /usage: kokoro run/);
});

test("the README's own-bots example, in a project outside the monorepo, answers hello under --fake", async () => {
  const project = mkdtempSync(join(tmpdir(), 'kokoro-bots-'));
  try {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Your own bots'));
    const example = /```ts\n(\/\/ bots\.ts\n[\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example, 'the README has the bots.ts example');
    writeFileSync(join(project, 'bots.ts'), example);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-bots', private: true, type: 'module' }));
    // What the README tells users outside the monorepo to do.
    const install = spawnSync(
      npm,
      ['install', '--offline', '--no-audit', '--no-fund', join(ROOT, 'packages', 'kokoro')],
      { cwd: project, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(install.status, 0, install.stderr);

    const child = spawn('npx', ['--no-install', 'kokoro', 'run', 'bots.ts', '--fake', '--no-history'], {
      cwd: project,
      env: tokenlessEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    // The answer is awaited as a condition, in the console.
    child.stdin.end(
      [
        "await fake.userSays(sandbox.channel, 'hello')",
        "await new Promise((resolve) => { const t = setInterval(() => { const m = fake.messages(sandbox.channel).at(-1); if (m.author.username === 'Bot') { clearInterval(t); resolve('answer: ' + m.content); } }, 5); })",
        '',
      ].join('\n'),
    );
    const code = await exited;
    clearTimeout(killer);
    assert.equal(code, 0, `stdout:\n${stdout}\nstderr:\n${stderr}`);
    assert.match(stdout, /the fake Discord made a bot account "Bot" for client "Bot"/);
    assert.match(stdout, /answer: hello, someone/);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
