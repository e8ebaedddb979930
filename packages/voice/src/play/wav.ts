/**
 * WAV (RIFF) reading and writing. Reading accepts 16-bit integer PCM (format 1, or 0xFFFE
 * extensible with a PCM subformat), mono or stereo, at any sample rate; it yields 20 ms frames of
 * s16le 48 kHz stereo, upmixing mono and resampling linearly (good enough for speech and tones;
 * use ffmpeg for high-quality conversion). Writing makes the header for a known or open length.
 *
 * @module @kokoro/voice/wav
 */
import { AudioSourceError } from '../errors.js';
import type { ByteReader } from './byte-reader.js';

/** What a WAV header says. */
export interface WavFormat {
  /** 1 (mono) or 2 (stereo). */
  channels: number;
  /** Samples per second per channel (Hz). */
  sampleRate: number;
  /** Bits per sample (16 is what reading accepts). */
  bitsPerSample: number;
  /** Bytes of sample data (0xFFFFFFFF when written by a stream of unknown length). */
  dataLength: number;
}

/** Read the RIFF header and chunks up to the start of the `data` chunk. */
export async function readWavHeader(reader: ByteReader): Promise<WavFormat> {
  const riff = await reader.read(12);
  if (riff.length < 12 || riff.toString('ascii', 0, 4) !== 'RIFF' || riff.toString('ascii', 8, 12) !== 'WAVE') {
    throw new AudioSourceError('not a WAV file: it does not start with a RIFF/WAVE header');
  }
  let format: Omit<WavFormat, 'dataLength'> | undefined;
  for (;;) {
    const header = await reader.read(8);
    if (header.length < 8) throw new AudioSourceError('WAV file ends before its data chunk');
    const id = header.toString('ascii', 0, 4);
    const size = header.readUInt32LE(4);
    if (id === 'fmt ') {
      const body = await reader.read(size + (size & 1));
      if (body.length < 16) throw new AudioSourceError('WAV fmt chunk is truncated');
      let tag = body.readUInt16LE(0);
      if (tag === 0xfffe && body.length >= 26) tag = body.readUInt16LE(24);
      const channels = body.readUInt16LE(2);
      const sampleRate = body.readUInt32LE(4);
      const bitsPerSample = body.readUInt16LE(14);
      if (tag !== 1 || bitsPerSample !== 16 || channels < 1 || channels > 2 || sampleRate < 1000) {
        throw new AudioSourceError(
          `unsupported WAV format (format tag ${tag}, ${bitsPerSample}-bit, ${channels} channels, ${sampleRate} Hz): Kokoro reads 16-bit PCM mono or stereo WAV; convert it, or play the file through ffmpeg`,
        );
      }
      format = { channels, sampleRate, bitsPerSample };
    } else if (id === 'data') {
      if (!format) throw new AudioSourceError('WAV data chunk comes before its fmt chunk');
      return { ...format, dataLength: size };
    } else {
      await reader.skip(size + (size & 1));
    }
  }
}

/**
 * The PCM of a WAV, as s16le 48 kHz stereo chunks (any length, whole samples), converted from the
 * file's rate and channel count.
 */
export async function* wavToPcm(reader: ByteReader, format: WavFormat): AsyncGenerator<Buffer> {
  const frameBytes = format.channels * 2;
  let left = format.dataLength === 0xffffffff || format.dataLength === 0 ? Number.POSITIVE_INFINITY : format.dataLength;
  const step = format.sampleRate / 48000;
  const direct = format.sampleRate === 48000 && format.channels === 2;
  // Linear interpolation across chunks: the last input frame of a chunk is kept as index 0 of the next.
  let carry: [number, number] | undefined;
  let position = 0;
  while (left > 0) {
    const want = Math.min(left, 9600 * frameBytes);
    const chunk = await reader.read(want - (want % frameBytes));
    if (chunk.length < frameBytes) return;
    left -= chunk.length;
    if (direct) {
      yield chunk;
      continue;
    }
    const count = chunk.length / frameBytes + (carry ? 1 : 0);
    const offset = carry ? 1 : 0;
    const at = (index: number, channel: number): number => {
      if (index < offset) return carry![channel]!;
      return chunk.readInt16LE((index - offset) * frameBytes + (format.channels === 2 ? channel * 2 : 0));
    };
    const outFrames = Math.max(0, Math.ceil((count - 1 - position) / step));
    const out = Buffer.allocUnsafe(outFrames * 4);
    let written = 0;
    while (position < count - 1 && written < outFrames) {
      const whole = Math.floor(position);
      const fraction = position - whole;
      for (let channel = 0; channel < 2; channel++) {
        const a = at(whole, channel);
        const b = at(whole + 1, channel);
        out.writeInt16LE(Math.round(a + (b - a) * fraction), written * 4 + channel * 2);
      }
      written++;
      position += step;
    }
    carry = [at(count - 1, 0), at(count - 1, 1)];
    position -= count - 1;
    if (written) yield out.subarray(0, written * 4);
  }
}

/** A 44-byte header for 16-bit PCM; `dataLength` 0xFFFFFFFF for a stream of unknown length. */
export function wavHeader(dataLength: number, sampleRate = 48000, channels = 2): Buffer {
  const header = Buffer.alloc(44);
  const unknown = dataLength >= 0xffffffff;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(unknown ? 0xffffffff : 36 + dataLength, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(unknown ? 0xffffffff : dataLength, 40);
  return header;
}

/** A whole WAV file from s16le PCM. */
export function encodeWav(pcm: Buffer, sampleRate = 48000, channels = 2): Buffer {
  return Buffer.concat([wavHeader(pcm.length, sampleRate, channels), pcm]);
}

/** s16le stereo PCM of a sine tone (`seconds` long, `amplitude` 0..1), e.g. for tests and the demo. */
export function sineWave(frequencyHz: number, seconds: number, amplitude = 0.5, sampleRate = 48000): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const pcm = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const value = Math.round(Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate) * amplitude * 32767);
    pcm.writeInt16LE(value, i * 4);
    pcm.writeInt16LE(value, i * 4 + 2);
  }
  return pcm;
}
