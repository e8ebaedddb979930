/**
 * sodium-native (libsodium's Node binding), loaded lazily and once for the whole process: voice's
 * XChaCha20-Poly1305 transport encryption, the fake voice server's, and the HTTP interaction
 * verifier's Ed25519 all go through this one loader. It is an optional native package: nothing
 * loads it until a caller needs it, and a caller that cannot do without it gets a
 * {@link MissingDependencyError} naming the package and how to install it.
 *
 * The package is resolved from the caller's module (`from`, its `import.meta.url`), so a package
 * that declares sodium-native as its own dependency finds it wherever the installer put it; this
 * module's own location is tried after that.
 */
import { createRequire } from 'node:module';
import { KokoroError } from './errors.js';

/** The functions of sodium-native Kokoro uses, typed as sodium-native 5 declares them. */
export interface SodiumNative {
  /** Seal `m` into `c` (`m.length + 16` bytes) with additional data `ad`, a 24-byte nonce and a 32-byte key. */
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Uint8Array,
    m: Uint8Array,
    ad: Uint8Array | null,
    nsec: null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  /** Open `c` into `m` (`c.length - 16` bytes); throws when it does not authenticate. */
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Uint8Array,
    nsec: null,
    c: Uint8Array,
    ad: Uint8Array | null,
    npub: Uint8Array,
    k: Uint8Array,
  ): number;
  /** Whether the 64-byte Ed25519 `signature` of `message` verifies against the 32-byte `publicKey`. */
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/** An optional package a feature needs did not load. `dependency` names it. */
export class MissingDependencyError extends KokoroError {
  /** The npm package that did not load. */
  readonly dependency: string;

  constructor(dependency: string, purpose: string, cause?: unknown) {
    const why = cause instanceof Error ? `: ${cause.message.split('\n')[0]}` : '';
    super(
      'KOKORO_MISSING_DEPENDENCY',
      `${purpose} needs the optional package "${dependency}", which did not load${why}. Install it (npm install ${dependency}); it ships prebuilt binaries for common platforms.`,
      { cause },
    );
    this.dependency = dependency;
  }
}

let sodium: SodiumNative | undefined;
let failure: unknown;

function load(from: string | URL | undefined): SodiumNative | undefined {
  if (sodium) return sodium;
  for (const base of from === undefined ? [import.meta.url] : [from, import.meta.url]) {
    try {
      sodium = createRequire(base)('sodium-native') as SodiumNative;
      return sodium;
    } catch (error) {
      failure = error;
    }
  }
  return undefined;
}

/**
 * sodium-native, or a {@link MissingDependencyError} saying that `purpose` (e.g. "Voice encryption
 * mode aead_xchacha20_poly1305_rtpsize") needs it. `from`: the caller's `import.meta.url`.
 */
export function loadSodiumNative(purpose: string, from?: string | URL): SodiumNative {
  const loaded = load(from);
  if (!loaded) throw new MissingDependencyError('sodium-native', purpose, failure);
  return loaded;
}

/** sodium-native when it loads, else `undefined` (for callers with a fallback). `from` as in {@link loadSodiumNative}. */
export function trySodiumNative(from?: string | URL): SodiumNative | undefined {
  return load(from);
}
