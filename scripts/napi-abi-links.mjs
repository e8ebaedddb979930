#!/usr/bin/env node
// Run with each extra Node version of CI (`npx node@22 scripts/napi-abi-links.mjs`): @discordjs/opus
// is an N-API addon (ABI-stable across Node versions), but node-pre-gyp looks for it in a folder
// named after the Node ABI (`prebuild/node-v115-napi-v3-linux-x64-...`), so the build made by
// `npm ci` on Node 20 is not found on Node 22 or 24. Point this Node's folder at the N-API build of
// the same N-API version, platform and arch. Nothing is downloaded or rebuilt.
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
let manifest;
try {
  manifest = require.resolve('@discordjs/opus/package.json');
} catch {
  process.exit(0); // not installed: nothing to link
}
const preGyp = require(require.resolve('@discordjs/node-pre-gyp', { paths: [dirname(manifest)] }));
const wanted = dirname(preGyp.find(manifest));
if (existsSync(wanted)) process.exit(0);
// node-v127-napi-v3-linux-x64-glibc-2.36 -> the same name after the ABI part.
const tail = basename(wanted).replace(/^node-v\d+-/, '');
const prebuilds = dirname(wanted);
const built = existsSync(prebuilds) ? readdirSync(prebuilds).find((name) => name.endsWith(`-${tail}`)) : undefined;
if (!built) {
  console.error(`@discordjs/opus: no N-API build matching ${tail} in ${prebuilds}; run npm rebuild @discordjs/opus`);
  process.exit(1);
}
symlinkSync(built, wanted);
console.log(`@discordjs/opus: ${basename(wanted)} -> ${built} (${tail.split('-')[1]})`);
