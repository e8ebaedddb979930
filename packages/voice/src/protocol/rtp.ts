/**
 * RTP as Discord uses it: a 12-byte header (`0x80 0x78`, sequence u16, timestamp u32, SSRC u32,
 * big-endian), optionally followed by CSRCs and a header extension (Discord's clients send the
 * one-byte-header extension `0xBEDE`). With the `*_rtpsize` encryption modes the fixed header, the
 * CSRCs and the 4-byte extension preamble stay clear (they are the AEAD's additional data) while the
 * extension body is encrypted together with the Opus payload.
 */

/** Size of the fixed RTP header. */
export const RTP_HEADER_SIZE = 12;
/** Version 2, no padding, no extension, no CSRC. */
export const RTP_FIRST_BYTE = 0x80;
/** Payload type 120 (Opus), marker clear. */
export const RTP_PAYLOAD_TYPE = 0x78;

/** Write a 12-byte RTP header into `target` at `offset`. */
export function writeRtpHeader(
  target: Buffer,
  offset: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  target[offset] = RTP_FIRST_BYTE;
  target[offset + 1] = RTP_PAYLOAD_TYPE;
  target.writeUInt16BE(sequence & 0xffff, offset + 2);
  target.writeUInt32BE(timestamp >>> 0, offset + 4);
  target.writeUInt32BE(ssrc >>> 0, offset + 8);
}

/** What the clear part of a received RTP packet says. */
export interface RtpHeader {
  /** The sequence number (16 bits, wraps). */
  sequence: number;
  /** The timestamp (48 kHz samples, 32 bits). */
  timestamp: number;
  /** The sender's SSRC. */
  ssrc: number;
  /** Bytes that stay clear under the rtpsize modes: fixed header + CSRCs + extension preamble. */
  clearSize: number;
  /** Length in bytes of the (encrypted) extension body that precedes the payload once decrypted. */
  extensionSize: number;
}

/**
 * Parse the clear part of an RTP packet; `undefined` for what is not RTP audio (RTCP, keep-alives,
 * truncated packets).
 */
export function parseRtpHeader(packet: Buffer): RtpHeader | undefined {
  if (packet.length < RTP_HEADER_SIZE) return undefined;
  const first = packet[0]!;
  if (first >> 6 !== 2) return undefined;
  const payloadType = packet[1]! & 0x7f;
  // RTCP (200..204 with the marker bit) shares the port.
  if (payloadType >= 72 && payloadType <= 76) return undefined;
  const csrcCount = first & 0x0f;
  let clearSize = RTP_HEADER_SIZE + 4 * csrcCount;
  let extensionSize = 0;
  if (first & 0x10) {
    if (packet.length < clearSize + 4) return undefined;
    extensionSize = 4 * packet.readUInt16BE(clearSize + 2);
    clearSize += 4;
  }
  if (packet.length < clearSize) return undefined;
  return {
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    clearSize,
    extensionSize,
  };
}
