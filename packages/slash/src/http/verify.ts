/**
 * Discord signs every HTTP interaction with the application's Ed25519 key: the signature (hex, header
 * `X-Signature-Ed25519`) covers the timestamp header (`X-Signature-Timestamp`) followed by the raw
 * body bytes. A request is accepted only when the signature verifies against the application's public
 * key and the timestamp is recent (a replayed old request is refused).
 *
 * Verification uses sodium-native's `crypto_sign_verify_detached` when that optional module loads:
 * measured in apps/bench (`npm run bench -- ed25519`) it verified about twice as many requests per
 * second as node:crypto's Ed25519 (with the key imported once), and more than WebCrypto. Without it (a platform
 * with no prebuilt binary), node:crypto does the same check; `verifyEngine()` says which one is in use.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { type SodiumNative, trySodiumNative } from '@kokoro/common';
import { ValidationError } from '@kokoro/core';

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Import a 64-hex-digit Ed25519 public key (as the developer portal shows it). */
export function ed25519PublicKey(hex: string): KeyObject {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/i.test(hex)) {
    throw new ValidationError(
      'publicKey',
      "must be the application's public key: 64 hex digits, as in the developer portal",
    );
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Why a request was refused (for logs), or `undefined` when it is genuine and fresh. */
export type VerifyFailure =
  | 'missing signature'
  | 'malformed signature'
  | 'bad signature'
  | 'missing timestamp'
  | 'stale timestamp';

/** sodium-native when it loads (once, lazily), else undefined. */
function loadSodium(): SodiumNative | undefined {
  return trySodiumNative(import.meta.url);
}

/** The Ed25519 implementation verifiers use: `'sodium-native'` when it loads, else `'node:crypto'`. */
export function verifyEngine(): 'sodium-native' | 'node:crypto' {
  return loadSodium() ? 'sodium-native' : 'node:crypto';
}

/** A verifier for one application's key: `(signature, timestamp, body, now) => failure | undefined`. */
export function createVerifier(
  publicKey: string | KeyObject,
  maxAgeSeconds = 300,
): (
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  now: number,
) => VerifyFailure | undefined {
  const key = typeof publicKey === 'string' ? ed25519PublicKey(publicKey) : publicKey;
  const rawKey = key.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length);
  const native = loadSodium();
  const check = native
    ? (signed: Buffer, signatureBytes: Buffer) => native.crypto_sign_verify_detached(signatureBytes, signed, rawKey)
    : (signed: Buffer, signatureBytes: Buffer) => verify(null, signed, key, signatureBytes);
  return (signature, timestamp, body, now) => {
    if (!signature) return 'missing signature';
    if (!timestamp) return 'missing timestamp';
    if (!/^[0-9a-f]{128}$/i.test(signature)) return 'malformed signature';
    const seconds = Number(timestamp);
    if (!Number.isFinite(seconds) || Math.abs(now / 1000 - seconds) > maxAgeSeconds) return 'stale timestamp';
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    return check(signed, Buffer.from(signature, 'hex')) ? undefined : 'bad signature';
  };
}
