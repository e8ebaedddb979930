/**
 * What an Opus packet's TOC byte says about its duration (RFC 6716 §3.1), so Ogg/Opus passthrough
 * paces each packet by its real length, and the silence frame Discord expects after audio.
 */

/** Opus silence frame; five of them end a stretch of audio. */
export const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);
/** Samples per channel in 20 ms at 48 kHz. */
export const FRAME_SAMPLES = 960;
/** Bytes of s16le stereo PCM in one 20 ms frame. */
export const PCM_FRAME_BYTES = FRAME_SAMPLES * 2 * 2;

/** Samples per channel (48 kHz) of one Opus packet; 0 for a malformed one. */
export function opusPacketSamples(packet: Uint8Array): number {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  let frameSize: number;
  if (config < 12) frameSize = [480, 960, 1920, 2880][config & 3]!;
  else if (config < 16) frameSize = config & 1 ? 960 : 480;
  else frameSize = [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1 || code === 2) frames = 2;
  else {
    if (packet.length < 2) return 0;
    frames = packet[1]! & 0x3f;
  }
  return frames * frameSize;
}
