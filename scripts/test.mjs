#!/usr/bin/env node
// Runs every compiled test file of the workspace in one `node --test` run, so there is one
// summary at the end. Pass file or folder filters as arguments: `node scripts/test.mjs rest`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = [
  ...readdirSync('packages').map((p) => join('packages', p, 'dist', 'test')),
  ...readdirSync('apps').map((p) => join('apps', p, 'dist', 'test')),
  join('examples', 'dist', 'test'),
  join('test', 'dist', 'src'),
];

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((root) => collect(root, []))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files found; did the build run?');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
