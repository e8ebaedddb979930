/**
 * Transport encryption of voice RTP packets, as Discord's voice UDP speaks it (the `_rtpsize` AEAD
 * modes). A packet is: the RTP header (12 bytes, plus 4 per CSRC, plus the 4-byte extension header
 * `0xBEDE len` when the X bit is set) in the clear and used as additional data; then the AEAD
 * ciphertext (which starts with the extension's body, if any) and its 16-byte tag; then a 4-byte
 * big-endian counter, the only part of the nonce that travels. The nonce is that counter followed
 * by zeros: 12 bytes for `aead_aes256_gcm_rtpsize` (node:crypto), 24 for
 * `aead_xchacha20_poly1305_rtpsize` (sodium-native, loaded on first use so that users of the fake
 * without voice never load it).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { loadSodiumNative, type SodiumNative } from '@kokoro/common';

/** The transport encryption modes the fake offers, in Discord's order of preference. */
export const VOICE_ENCRYPTION_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;

/** A transport encryption mode of the voice UDP. */
export type VoiceEncryptionMode = (typeof VOICE_ENCRYPTION_MODES)[number];

/** The RTP payload type Discord uses for Opus. */
export const RTP_OPUS_PAYLOAD_TYPE = 0x78;

const TAG = 16;
const COUNTER = 4;

function loadSodium(): SodiumNative {
  return loadSodiumNative('The fake voice server (aead_xchacha20_poly1305_rtpsize)', import.meta.url);
}

/** The fields of an RTP packet's header the fake uses. */
export interface RtpHeader {
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Bytes of the clear header (the additional data). */
  headerLength: number;
  /** Whether the X bit is set: the decrypted payload starts with the extension body. */
  extension: boolean;
}

/** Read an RTP header; undefined if `packet` is not RTP version 2 with room for a header and a tag. */
export function readRtpHeader(packet: Buffer): RtpHeader | undefined {
  if (packet.length < 12 + TAG + COUNTER || packet[0]! >> 6 !== 2) return undefined;
  const csrcs = packet[0]! & 0x0f;
  const extension = (packet[0]! & 0x10) !== 0;
  const headerLength = 12 + 4 * csrcs + (extension ? 4 : 0);
  if (packet.length < headerLength + TAG + COUNTER) return undefined;
  return {
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    headerLength,
    extension,
  };
}

function nonceOf(mode: VoiceEncryptionMode, counter: Buffer): Buffer {
  const nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
  counter.copy(nonce, 0);
  return nonce;
}

/**
 * Decrypt an RTP packet's payload with the session's `key`; the extension body, if any, is cut off,
 * so the result is the (possibly DAVE-encrypted) Opus frame. Undefined if authentication fails.
 */
export function openRtp(mode: VoiceEncryptionMode, key: Uint8Array, packet: Buffer): Buffer | undefined {
  const header = readRtpHeader(packet);
  if (!header) return undefined;
  const aad = packet.subarray(0, header.headerLength);
  const nonce = nonceOf(mode, packet.subarray(packet.length - COUNTER));
  const sealed = packet.subarray(header.headerLength, packet.length - COUNTER);
  let plain: Buffer;
  try {
    if (mode === 'aead_aes256_gcm_rtpsize') {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
      plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
    } else {
      plain = Buffer.alloc(sealed.length - TAG);
      loadSodium().crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, sealed, aad, nonce, key);
    }
  } catch {
    return undefined;
  }
  if (header.extension) {
    const words = packet.readUInt16BE(header.headerLength - 2);
    plain = plain.subarray(4 * words);
  }
  return plain;
}

/** Build an encrypted RTP packet carrying `payload` (no CSRCs, no extension). */
export function sealRtp(
  mode: VoiceEncryptionMode,
  key: Uint8Array,
  rtp: { sequence: number; timestamp: number; ssrc: number; counter: number },
  payload: Buffer,
): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = RTP_OPUS_PAYLOAD_TYPE;
  header.writeUInt16BE(rtp.sequence & 0xffff, 2);
  header.writeUInt32BE(rtp.timestamp >>> 0, 4);
  header.writeUInt32BE(rtp.ssrc >>> 0, 8);
  const counter = Buffer.alloc(COUNTER);
  counter.writeUInt32BE(rtp.counter >>> 0, 0);
  const nonce = nonceOf(mode, counter);
  let sealed: Buffer;
  if (mode === 'aead_aes256_gcm_rtpsize') {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(header);
    sealed = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  } else {
    sealed = Buffer.alloc(payload.length + TAG);
    loadSodium().crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, payload, header, null, nonce, key);
  }
  return Buffer.concat([header, sealed, counter]);
}
