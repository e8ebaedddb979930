/**
 * Ed25519 verification of HTTP interactions: `npm run bench -- ed25519 [--verifies N] [--rounds R]`.
 *
 * Discord signs each HTTP interaction (timestamp + raw body) with Ed25519; a server verifies every
 * request. Peers, each as documented: node:crypto `verify` with the key imported once as a KeyObject
 * (what @kokoro/slash ships), sodium-native `crypto_sign_verify_detached` (the design card's choice),
 * and WebCrypto `subtle.verify('Ed25519')` (what the `discord-interactions` package's `verifyKey` uses),
 * plus Kokoro's own verifier (the engine it picked, plus the header and timestamp checks). The same N signed
 * bodies (interaction-sized JSON, about 1.5 kB) for every peer; R rounds (7) alternating who goes first;
 * the median round per peer; ratios against sodium-native as the headline.
 */
import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import { createVerifier, verifyEngine } from '@kokoro/slash';
import { median } from './stats.js';

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index !== -1 && args[index + 1] !== undefined ? Number(args[index + 1]) : fallback;
}

/** Run the benchmark; prints a table, returns the figures. */
export async function run(args: string[]): Promise<Record<string, number | string>> {
  const count = option(args, '--verifies', 3_000);
  const rounds = option(args, '--rounds', 7);
  const sodium = createRequire(import.meta.url)('sodium-native') as {
    crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
  };
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const hex = raw.toString('hex');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = Buffer.from(
    JSON.stringify({
      type: 2,
      id: '1'.repeat(19),
      token: 'x'.repeat(200),
      data: { name: 'echo', options: [{ name: 'text', type: 3, value: 'y'.repeat(1000) }] },
    }),
  );
  const signed = Buffer.concat([Buffer.from(timestamp), body]);
  const signatures = Array.from({ length: 16 }, () => sign(null, signed, privateKey));
  const sigHex = signatures.map((s) => s.toString('hex'));
  const subtleKey = await webcrypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  const kokoro = createVerifier(hex);
  const now = Date.now();
  const { verify } = await import('node:crypto');

  const peers: Record<string, () => Promise<number>> = {
    'node:crypto': async () => {
      let ok = 0;
      for (let i = 0; i < count; i++) if (verify(null, signed, publicKey, signatures[i & 15]!)) ok++;
      return ok;
    },
    'sodium-native': async () => {
      let ok = 0;
      for (let i = 0; i < count; i++) if (sodium.crypto_sign_verify_detached(signatures[i & 15]!, signed, raw)) ok++;
      return ok;
    },
    'webcrypto (discord-interactions)': async () => {
      let ok = 0;
      for (let i = 0; i < count; i++)
        if (await webcrypto.subtle.verify('Ed25519', subtleKey, signatures[i & 15]!, signed)) ok++;
      return ok;
    },
    'kokoro verifier': async () => {
      let ok = 0;
      for (let i = 0; i < count; i++) if (kokoro(sigHex[i & 15], timestamp, body, now) === undefined) ok++;
      return ok;
    },
  };
  const names = Object.keys(peers);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const start = process.hrtime.bigint();
      const ok = await peers[name]!();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (ok !== count) throw new Error(`${name} verified ${ok} of ${count}`);
      times[name]!.push(ms);
    }
  }
  const result: Record<string, number | string> = { verifies: count, rounds, kokoro_engine: verifyEngine() };
  const base = median(times['sodium-native']!);
  console.log(
    `Ed25519 verify of ${count} interaction bodies (${signed.length} bytes), median of ${rounds} rounds; Kokoro uses ${verifyEngine()}`,
  );
  console.log('peer                               | ms     | verifies/s | vs sodium-native');
  for (const name of names) {
    const ms = median(times[name]!);
    const perSecond = Math.round((count / ms) * 1000);
    console.log(
      `${name.padEnd(34)} | ${ms.toFixed(1).padStart(6)} | ${String(perSecond).padStart(10)} | ${(base / ms).toFixed(2)}x`,
    );
    const key = name.split(' ')[0]!.replace(/[^a-z]+/gi, '_');
    result[`${key}_per_s`] = perSecond;
    result[`${key}_vs_sodium`] = Number((base / ms).toFixed(3));
  }
  return result;
}
