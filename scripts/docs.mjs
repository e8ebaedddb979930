#!/usr/bin/env node
// `npm run docs`: builds the API reference and the guides into docs/site with TypeDoc (typedoc.json).
// TypeDoc reads the packages' TypeScript sources directly (tsconfig.docs.json maps every @kokoro/*
// import to its src), so no build is needed first. Any warning fails the build: an export, or a
// method, accessor, enum member or property of one, without a TSDoc comment; a {@link} that
// resolves to nothing; an unknown tag.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
const started = Date.now();
const result = spawnSync(process.execPath, [typedoc, ...process.argv.slice(2)], { stdio: 'inherit' });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.status !== 0) {
  console.error(`
npm run docs FAILED (${seconds} s). Each [warning] above is an error. Usually:
  - "X (Kind), defined in <file>, does not have any documentation": an exported symbol, or a method,
    accessor, enum member or property of an exported class or interface, has no TSDoc comment.
    Add /** what it is, units, default, what it throws */ right above it in <file>.
  - "Failed to resolve link to ..." / "links to X which was resolved but is not included": a {@link X}
    names nothing exported from a package entry point; fix the name, export X, or write \`X\` instead.
  - "Encountered an unknown block tag @word": write \`@word\` in backticks (e.g. \`@everyone\`).
Config: typedoc.json (+ tsconfig.docs.json, scripts/typedoc-plugin.mjs).`);
  process.exit(result.status ?? 1);
}
console.log(`docs: docs/site/index.html (${seconds} s)`);
