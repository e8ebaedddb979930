// `kokoro run <package>` finds the package from the working directory (the user's project).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KOKORO_BIN } from './helpers.js';

test('a bot module given as a package name is resolved from the working directory', () => {
  const project = fileURLToPath(new URL(`../tmp-project-${process.pid}/`, import.meta.url));
  const pkg = join(project, 'node_modules', 'my-kokoro-bots');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'my-kokoro-bots', type: 'module', exports: './index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), 'export const fromPackage = 6 * 7;\n');
  const result = spawnSync(process.execPath, [KOKORO_BIN, 'run', 'my-kokoro-bots', '--no-history'], {
    cwd: project,
    input: 'fromPackage\n',
    encoding: 'utf8',
    env: { ...process.env, KOKORO_LOG_LEVEL: 'warn' },
    timeout: 30_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^42$/m);
});
