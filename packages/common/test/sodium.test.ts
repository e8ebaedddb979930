import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KokoroError, loadSodiumNative, MissingDependencyError, trySodiumNative } from '../src/index.js';

test('sodium-native loads once for every caller, typed with the functions Kokoro uses', () => {
  const a = loadSodiumNative('a test', import.meta.url);
  const b = trySodiumNative();
  assert.equal(a, b);
  const key = Buffer.alloc(32, 7);
  const nonce = Buffer.alloc(24, 1);
  const sealed = Buffer.alloc(3 + 16);
  a.crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, Buffer.from([1, 2, 3]), null, null, nonce, key);
  const opened = Buffer.alloc(3);
  a.crypto_aead_xchacha20poly1305_ietf_decrypt(opened, null, sealed, null, nonce, key);
  assert.deepEqual([...opened], [1, 2, 3]);
  assert.equal(typeof a.crypto_sign_verify_detached, 'function');
});

test('a missing optional package: a typed error naming it, what needs it and how to install it', () => {
  const error = new MissingDependencyError(
    'sodium-native',
    'Voice encryption mode x',
    new Error("Cannot find module 'sodium-native'\nRequire stack: ..."),
  );
  assert.ok(error instanceof KokoroError);
  assert.equal(error.code, 'KOKORO_MISSING_DEPENDENCY');
  assert.equal(error.dependency, 'sodium-native');
  assert.match(error.message, /^Voice encryption mode x needs the optional package "sodium-native"/);
  assert.match(error.message, /npm install sodium-native/);
  assert.doesNotMatch(error.message, /Require stack/);
});
