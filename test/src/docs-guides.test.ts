// The guides in docs/guides are part of the documentation site (`npm run docs`); their TypeScript
// samples must work against the real API. Every ```ts block of every guide is written out as a
// module of its own and the lot is type-checked in one `tsc` run against the built packages
// (strict, as a user's project would be). A block preceded by `<!-- no-check -->` is skipped:
// use it only for fragments that cannot stand alone, and say why in it (`<!-- no-check: why -->`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

const GUIDES = join(ROOT, 'docs', 'guides');

/** The guides the docs site lists (docs/index.md); each must exist. */
const EXPECTED = [
  'getting-started.md',
  'several-bots.md',
  'console.md',
  'commands.md',
  'slash.md',
  'voice.md',
  'testing.md',
  'scaling-out.md',
  'migrating-from-discord-js.md',
];

interface Sample {
  guide: string;
  line: number;
  code: string;
}

/** The ```ts blocks of a Markdown text, with the line each starts on. */
export function tsBlocks(guide: string, text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const skipped = i > 0 && lines[i - 1]!.trim().startsWith('<!-- no-check');
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    assert.ok(end < lines.length, `${guide}:${i + 1}: a \`\`\`ts block is never closed`);
    if (!skipped) samples.push({ guide, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return samples;
}

test('tsBlocks finds ts blocks, their lines, and honours no-check', () => {
  const text = ['# t', '```ts', 'const a = 1;', '```', '<!-- no-check -->', '```ts', 'x', '```', '```sh', 'ls', '```'];
  assert.deepEqual(tsBlocks('t.md', text.join('\n')), [{ guide: 't.md', line: 3, code: 'const a = 1;' }]);
});

test('every guide the site lists exists', () => {
  const present = readdirSync(GUIDES);
  for (const name of EXPECTED) assert.ok(present.includes(name), `docs/guides/${name} is missing`);
  const index = readFileSync(join(ROOT, 'docs', 'index.md'), 'utf8');
  for (const name of EXPECTED) assert.ok(index.includes(`guides/${name}`), `docs/index.md does not link ${name}`);
});

test('the TypeScript samples of the guides type-check against the built packages', (t) => {
  const samples = readdirSync(GUIDES)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .flatMap((name) => tsBlocks(name, readFileSync(join(GUIDES, name), 'utf8')));
  assert.ok(samples.length >= 10, `expected the guides to hold samples, found ${samples.length}`);

  // Inside the test workspace, so `kokoro` and `@kokoro/*` resolve as in a user's project; a folder of
  // this run's own, so copies of the suite running at once in one tree do not remove each other's files.
  const dir = join(ROOT, 'test', 'dist', 'guide-samples', `run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = samples.map((sample, i) => {
    const file = `${String(i).padStart(3, '0')}-${sample.guide.replace(/\.md$/, '')}-line${sample.line}.ts`;
    // `export {}` makes each sample a module (top-level await, no shared globals).
    writeFileSync(join(dir, file), `${sample.code}\nexport {};\n`);
    return file;
  });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false },
      files,
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const errors = `${result.stdout}${result.stderr}`.replace(
    /(\d{3})-([\w-]+)-line(\d+)\.ts\((\d+),(\d+)\)/g,
    (_m, _i, guide, line, row, col) => `docs/guides/${guide}.md:${Number(line) + Number(row) - 1}:${col}`,
  );
  assert.equal(result.status, 0, `guide samples do not type-check:\n${errors}`);
});
