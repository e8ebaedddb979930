// The rules of the house that a machine can check: layers point down, and no file imports another
// that (directly or not) imports it back, at run time or in its types.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

/** Which workspace packages each package's source may import. */
const ALLOWED: Record<string, string[]> = {
  common: [],
  rest: ['common'],
  gateway: ['common'],
  cache: ['common'],
  testing: ['common'],
  builders: ['common', 'rest'],
  core: ['common', 'rest', 'gateway', 'cache'],
  commands: ['common', 'core'],
  slash: ['common', 'core', 'rest', 'builders'],
  voice: ['common', 'core'],
  cluster: ['common', 'core', 'gateway', 'rest'],
  kokoro: [
    'common',
    'core',
    'commands',
    'slash',
    'builders',
    'testing',
    'rest',
    'gateway',
    'cache',
    'voice',
    'cluster',
  ],
};
const PACKAGE_NAMES: Record<string, string> = { kokoro: 'kokoro' };
const packageOf = (specifier: string): string | undefined => {
  if (specifier === 'kokoro') return 'kokoro';
  const match = /^@kokoro\/([a-z]+)/.exec(specifier);
  return match?.[1];
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)(\s+type)?\s*(\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*\{[^}]*\})?)?\s*from\s+['"]([^'"]+)['"]/g;

/** Run-time imports of a file (type-only imports are erased by TypeScript and do not count). */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    if (match[2]) continue;
    const names = match[3] ?? '';
    if (names.startsWith('{')) {
      const items = names
        .slice(1, -1)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length > 0 && items.every((item) => item.startsWith('type '))) continue;
    }
    found.push(match[4]!);
  }
  return found;
}

/** Every relative import of a file, type-only ones included. */
function allImports(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[4]!);
}

const packages = Object.keys(ALLOWED);
const files = packages.flatMap((name) => sources(join(ROOT, 'packages', name, 'src')).map((path) => ({ name, path })));

test('each package imports only the packages below it', () => {
  const wrong: string[] = [];
  for (const { name, path } of files) {
    for (const specifier of runtimeImports(readFileSync(path, 'utf8'))) {
      const target = packageOf(specifier);
      if (target && target !== name && !ALLOWED[name]!.includes(target) && PACKAGE_NAMES[target] !== name) {
        wrong.push(`${relative(ROOT, path)} imports ${specifier}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

/** The import cycles between source files, following `importsOf` (each cycle as a path). */
function cyclesOf(importsOf: (source: string) => string[]): string[] {
  const graph = new Map<string, string[]>();
  for (const { path } of files) {
    const deps = importsOf(readFileSync(path, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => normalize(join(dirname(path), specifier)).replace(/\.js$/, '.ts'))
      .filter((dep) => dep !== path);
    graph.set(path, deps);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        cycles.push(
          stack
            .slice(stack.indexOf(next))
            .map((f) => relative(ROOT, f))
            .join(' -> '),
        );
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.ok(graph.size > 100, `${graph.size} files checked`);
  return cycles;
}

test('no run-time import cycle between source files', () => {
  assert.deepEqual(cyclesOf(runtimeImports), []);
});

test('no import cycle between source files, type-only imports included', () => {
  assert.deepEqual(cyclesOf(allImports), []);
});
