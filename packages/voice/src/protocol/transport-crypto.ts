/**
 * Transport encryption of voice packets (Discord's `*_rtpsize` AEAD modes). The clear RTP header
 * is the additional data; the payload is sealed with the session's 32-byte `secret_key`; the nonce
 * is a 32-bit big-endian counter, appended (4 bytes) after the ciphertext and its 16-byte tag, and
 * zero-padded to the cipher's nonce size (12 bytes for AES-256-GCM, 24 for XChaCha20-Poly1305).
 * AES-256-GCM uses node:crypto; XChaCha20-Poly1305 uses sodium-native (loaded only when chosen).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { loadSodiumNative, type SodiumNative } from '@kokoro/common';
import { VoiceError } from '../errors.js';

/** The encryption modes Kokoro supports, in Discord's order of preference. */
export const ENCRYPTION_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;
/** A supported transport encryption mode. */
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

/** Size of the AEAD tag both modes append. */
export const TAG_SIZE = 16;
/** Size of the nonce counter appended to each packet. */
export const NONCE_SUFFIX_SIZE = 4;

/**
 * Pick the mode to select from the server's `modes` (op 2 Ready): AES-256-GCM when offered
 * (Discord prefers it), else XChaCha20-Poly1305 (always offered). Throws when neither is.
 */
export function chooseEncryptionMode(offered: readonly string[], prefer?: EncryptionMode): EncryptionMode {
  if (prefer && offered.includes(prefer)) return prefer;
  for (const mode of ENCRYPTION_MODES) if (offered.includes(mode)) return mode;
  throw new VoiceError(
    `the voice server offers none of the encryption modes Kokoro supports (${ENCRYPTION_MODES.join(', ')}); it offered ${offered.join(', ') || 'nothing'}`,
  );
}

/** Seals and opens packets of one voice session. */
export class TransportCipher {
  /** The mode this cipher seals and opens with. */
  readonly mode: EncryptionMode;
  readonly #key: Buffer;
  readonly #nonce: Buffer;
  readonly #sodium: SodiumNative | undefined;

  constructor(mode: EncryptionMode, secretKey: Uint8Array | readonly number[]) {
    if (!ENCRYPTION_MODES.includes(mode)) throw new VoiceError(`unsupported encryption mode "${mode}"`);
    this.mode = mode;
    this.#key = Buffer.from(secretKey as Uint8Array);
    if (this.#key.length !== 32) throw new VoiceError(`secret_key must be 32 bytes, got ${this.#key.length}`);
    this.#nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
    this.#sodium =
      mode === 'aead_xchacha20_poly1305_rtpsize'
        ? loadSodiumNative('Voice encryption mode aead_xchacha20_poly1305_rtpsize', import.meta.url)
        : undefined;
  }

  /**
   * Build one packet: `header` (clear, the additional data) + sealed `payload` + tag + nonce suffix.
   * `nonce` is the sender's 32-bit counter for this packet.
   */
  seal(header: Buffer, payload: Buffer, nonce: number): Buffer {
    const out = Buffer.allocUnsafe(header.length + payload.length + TAG_SIZE + NONCE_SUFFIX_SIZE);
    header.copy(out, 0);
    this.#nonce.fill(0);
    this.#nonce.writeUInt32BE(nonce >>> 0, 0);
    const sealedEnd = header.length + payload.length + TAG_SIZE;
    if (this.#sodium) {
      this.#sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.subarray(header.length, sealedEnd),
        payload,
        header,
        null,
        this.#nonce,
        this.#key,
      );
    } else {
      const cipher = createCipheriv('aes-256-gcm', this.#key, this.#nonce);
      cipher.setAAD(header);
      const written = cipher.update(payload);
      written.copy(out, header.length);
      cipher.final();
      cipher.getAuthTag().copy(out, header.length + payload.length);
    }
    out.writeUInt32BE(nonce >>> 0, sealedEnd);
    return out;
  }

  /**
   * Open a received packet whose first `clearSize` bytes are the clear header; returns the
   * plaintext (extension body + payload), or `undefined` when it does not authenticate.
   */
  open(packet: Buffer, clearSize: number): Buffer | undefined {
    if (packet.length < clearSize + TAG_SIZE + NONCE_SUFFIX_SIZE) return undefined;
    const nonceAt = packet.length - NONCE_SUFFIX_SIZE;
    this.#nonce.fill(0);
    packet.copy(this.#nonce, 0, nonceAt, packet.length);
    const header = packet.subarray(0, clearSize);
    const sealed = packet.subarray(clearSize, nonceAt);
    try {
      if (this.#sodium) {
        const plain = Buffer.allocUnsafe(sealed.length - TAG_SIZE);
        this.#sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, sealed, header, this.#nonce, this.#key);
        return plain;
      }
      const decipher = createDecipheriv('aes-256-gcm', this.#key, this.#nonce);
      decipher.setAAD(header);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
      decipher.final();
      return plain;
    } catch {
      return undefined;
    }
  }
}
