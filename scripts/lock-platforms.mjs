#!/usr/bin/env node
// Adds lock-file entries for optional platform binaries (biome's and turbo's builds for macOS,
// Windows, musl, Android) that npm left out of package-lock.json because the registry it talked
// to did not serve them. Without these entries `npm ci` refuses the lock file as out of sync,
// even on Linux, where those packages are never installed. Each entry carries the os/cpu/libc that
// the package name states, so npm skips it on every other platform. Run after `npm install`:
//   node scripts/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** os, cpu and libc from a platform package name such as `cli-linux-x64-musl` or `darwin-arm64`. */
function platformOf(name) {
  const base = name.split('/').pop();
  const os =
    ['android', 'darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix'].find((o) => base.includes(o)) ??
    (base.includes('windows') ? 'win32' : undefined);
  const cpu = base.includes('arm64')
    ? 'arm64'
    : base.includes('x64') || base.endsWith('-64')
      ? 'x64'
      : base.includes('ia32')
        ? 'ia32'
        : undefined;
  const libc = base.includes('musl') ? 'musl' : undefined;
  return os && cpu ? { os, cpu, libc } : undefined;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[key] = {
      version: String(version).replace(/^[\^~]/, ''),
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added += 1;
    console.log(
      `added ${key} (${platform.os}/${platform.cpu}${platform.libc ? `/${platform.libc}` : ''}) for ${path || 'the root'}`,
    );
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} platform entries added`);
