/**
 * The native addons Kokoro's packages depend on load and work on the Node running the suite.
 * `.ci/run` runs the whole suite on Node 20, 22 and 24 from one install, so an addon built for one
 * Node's ABI (not N-API) would fail here on the others. Each addon is checked only if a workspace
 * package declares it (it is then required: a declared addon that does not load is a failure),
 * resolved from the package that declares it, and exercised with a small round trip.
 *
 * zlib-sync (apps/bench only, the peer's recommended inflater) is built with nan for the Node that
 * installed it, so it is left out: the benchmarks run on that Node.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Each workspace package's directory and the dependencies it declares. */
function workspaces(): { dir: string; deps: Set<string> }[] {
  const dirs = [
    ROOT,
    ...['packages', 'apps'].flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name))),
    join(ROOT, 'test'),
  ];
  const found: { dir: string; deps: Set<string> }[] = [];
  for (const dir of dirs) {
    let manifest: Record<string, Record<string, string> | undefined>;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const deps = new Set<string>();
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) deps.add(name);
    }
    found.push({ dir, deps });
  }
  return found;
}

/** Addon name -> a round trip that fails if the addon does not work. */
const CHECKS: Record<string, (load: (name: string) => unknown) => void> = {
  'zstd-napi': (load) => {
    const zstd = load('zstd-napi') as { compress(data: Buffer): Buffer; decompress(data: Buffer): Buffer };
    const text = Buffer.from('kokoro '.repeat(100));
    assert.deepEqual(zstd.decompress(zstd.compress(text)), text);
  },
  '@discordjs/opus': (load) => {
    const { OpusEncoder } = load('@discordjs/opus') as {
      OpusEncoder: new (
        rate: number,
        channels: number,
      ) => { encode(pcm: Buffer): Buffer; decode(opus: Buffer): Buffer };
    };
    const encoder = new OpusEncoder(48_000, 2);
    const frame = Buffer.alloc(960 * 2 * 2); // 20 ms of stereo 16-bit silence
    const packet = encoder.encode(frame);
    assert.ok(packet.length > 0);
    assert.equal(encoder.decode(packet).length, frame.length);
  },
  'sodium-native': (load) => {
    const sodium = load('sodium-native') as {
      crypto_generichash(out: Buffer, data: Buffer): void;
      crypto_generichash_BYTES: number;
    };
    const out = Buffer.alloc(sodium.crypto_generichash_BYTES);
    sodium.crypto_generichash(out, Buffer.from('kokoro'));
    assert.ok(out.some((byte) => byte !== 0));
  },
};

describe(`native addons on Node ${process.versions.node}`, () => {
  const packages = workspaces();
  for (const [name, check] of Object.entries(CHECKS)) {
    const declaring = packages.find((pkg) => pkg.deps.has(name));
    it(`${name} loads and works`, { skip: declaring ? false : 'no workspace package depends on it' }, () => {
      const require = createRequire(join((declaring as { dir: string }).dir, 'package.json'));
      check(require);
    });
  }

  it('at least one addon is checked (zstd-napi: @kokoro/gateway and @kokoro/testing use it)', () => {
    assert.ok(packages.some((pkg) => pkg.deps.has('zstd-napi')));
  });
});
