/**
 * The Opus encoding task, run on the runtime's executor (piscina) so encoding never takes the
 * event thread's time. Each stream keeps its encoder (Opus predicts across frames) in the worker
 * that serves it; a stream that moves to another worker just starts a fresh encoder there.
 * Volume is applied to the PCM before encoding.
 *
 * @module @kokoro/voice/opus-worker
 */
import { createRequire } from 'node:module';

interface OpusEncoderLike {
  encode(pcm: Buffer): Buffer;
  setBitrate(bitrate: number): void;
}

/** Input of one encoding task. */
export interface EncodeTask {
  /** Stream id (one per track); `end: true` forgets its encoder. */
  stream: string;
  /** 20 ms frames of s16le 48 kHz stereo. */
  frames: Uint8Array[];
  /** Gain, 0..2. */
  volume: number;
  /** Opus bitrate in bit/s (default 64000). */
  bitrate?: number;
  /** The stream's last task: its encoder is dropped after it. */
  end?: boolean;
}

const require = createRequire(import.meta.url);
const encoders = new Map<string, OpusEncoderLike>();

function encoderFor(stream: string, bitrate: number): OpusEncoderLike {
  let encoder = encoders.get(stream);
  if (!encoder) {
    const { OpusEncoder } = require('@discordjs/opus') as {
      OpusEncoder: new (rate: number, channels: number) => OpusEncoderLike;
    };
    encoder = new OpusEncoder(48000, 2);
    encoder.setBitrate(bitrate);
    if (encoders.size >= 256) encoders.delete(encoders.keys().next().value!);
    encoders.set(stream, encoder);
  }
  return encoder;
}

/** Scale s16le samples in place by `volume`, clamped. */
export function applyVolume(pcm: Buffer, volume: number): void {
  if (volume === 1) return;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    const value = Math.round(pcm.readInt16LE(i) * volume);
    pcm.writeInt16LE(Math.min(32767, Math.max(-32768, value)), i);
  }
}

/** Encode PCM frames to Opus packets. */
export default function encode(task: EncodeTask): Uint8Array[] {
  if (task.end) {
    encoders.delete(task.stream);
    return [];
  }
  const encoder = encoderFor(task.stream, task.bitrate ?? 64000);
  return task.frames.map((frame) => {
    const pcm = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    applyVolume(pcm, task.volume);
    return encoder.encode(pcm);
  });
}
