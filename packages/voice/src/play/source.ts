/**
 * Audio sources: what `connection.play(input)` accepts, turned into frames the player sends.
 *
 * - raw PCM (s16le, 48 kHz, stereo): bytes that are neither WAV nor Ogg, or `type: 'pcm'`;
 * - WAV (16-bit PCM, any rate, mono or stereo): converted to 48 kHz stereo here;
 * - Ogg/Opus: packets sent as they are (passthrough: no decoding, no re-encoding, no volume);
 * - anything else (mp3, flac, webm, a file of unknown kind): through ffmpeg, when installed.
 *
 * An input is a file path, a Buffer/Uint8Array, a Node Readable, or any (async) iterable of
 * byte chunks. Paths and buffers are recognized at once (so a missing ffmpeg is reported before
 * anything is sent); streams by their first bytes, as they arrive.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { AudioSourceError } from '../errors.js';
import { PCM_FRAME_BYTES } from '../protocol/opus-packet.js';
import { ByteReader } from './byte-reader.js';
import { ffmpegPcm, findFfmpeg } from './ffmpeg.js';
import { oggOpusPacketBatches } from './ogg.js';
import { readWavHeader, wavToPcm } from './wav.js';

/** Something playable. */
export type AudioInput = string | Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** How to read an input: `auto` (default) recognizes WAV and Ogg/Opus by their first bytes. */
export type AudioInputType = 'auto' | 'pcm' | 'wav' | 'ogg' | 'ffmpeg';

/** Options of a source. */
export interface AudioSourceOptions {
  /** How to read the input (default `auto`). */
  type?: AudioInputType;
  /** The ffmpeg executable (default `ffmpeg` on PATH). */
  ffmpegPath?: string;
}

/** A source ready to play: PCM frames to encode, or Opus packets to pass through. */
export interface AudioSource {
  /** `pcm`: 20 ms s16le 48 kHz stereo frames (3840 bytes); `opus`: Opus packets. */
  readonly kind: 'pcm' | 'opus';
  /** What it was read as, for events and errors. */
  readonly format: 'pcm' | 'wav' | 'ogg/opus' | 'ffmpeg';
  /** The frames one by one (PCM frames or Opus packets, as `kind` says). */
  frames(): AsyncGenerator<Buffer>;
  /**
   * The same frames in batches, as they are read (an Ogg/Opus file: every packet of a read chunk
   * at once); batches are never empty. Use either this or `frames()`, once.
   */
  batches(): AsyncGenerator<Buffer[]>;
  /** Stop reading (closes files and ffmpeg). */
  close(): Promise<void>;
}

type Format = AudioSource['format'];

function sniff(head: Buffer): Format | undefined {
  if (head.length >= 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE')
    return 'wav';
  if (head.length >= 4 && head.toString('ascii', 0, 4) === 'OggS') {
    return head.includes('OpusHead') ? 'ogg/opus' : 'ffmpeg';
  }
  return undefined;
}

function toAsyncIterable(input: Exclude<AudioInput, string>): AsyncIterable<Uint8Array> {
  if (input instanceof Uint8Array) {
    return (async function* () {
      yield input;
    })();
  }
  if (Symbol.asyncIterator in input) return input;
  const iterable = input as Iterable<Uint8Array>;
  return (async function* () {
    yield* iterable;
  })();
}

/** Cut PCM chunks into exact 20 ms frames; the last one is padded with silence. */
async function* pcmFrames(chunks: AsyncIterable<Buffer> | ByteReader): AsyncGenerator<Buffer> {
  if (chunks instanceof ByteReader) {
    for (;;) {
      const frame = await chunks.read(PCM_FRAME_BYTES);
      if (frame.length === 0) return;
      if (frame.length < PCM_FRAME_BYTES) {
        const padded = Buffer.alloc(PCM_FRAME_BYTES);
        frame.copy(padded);
        yield padded;
        return;
      }
      yield frame;
    }
  }
  yield* pcmFrames(new ByteReader(chunks));
}

/** Frames as batches of one (PCM is encoded in batches the player forms). */
async function* single(frames: AsyncIterable<Buffer>): AsyncGenerator<Buffer[]> {
  for await (const frame of frames) yield [frame];
}

/** Build a source for `input`; throws at once for a missing ffmpeg or an unreadable path. */
export function createAudioSource(input: AudioInput, options: AudioSourceOptions = {}): AudioSource {
  if (input === null || input === undefined || (typeof input !== 'string' && typeof input !== 'object')) {
    throw new AudioSourceError('play() takes a file path, a Buffer, a Readable stream or an async iterable of bytes');
  }
  let type = options.type ?? 'auto';
  if (!['auto', 'pcm', 'wav', 'ogg', 'ffmpeg'].includes(type)) {
    throw new AudioSourceError(`unknown source type "${type}": use auto, pcm, wav, ogg or ffmpeg`);
  }
  let ffmpeg: string | undefined;
  if (type === 'auto' && typeof input === 'string') {
    const head = readHead(input);
    const found = sniff(head);
    if (found === 'wav') type = 'wav';
    else if (found === 'ogg/opus') type = 'ogg';
    else if (found === undefined && ['.pcm', '.raw', '.s16le'].includes(extname(input).toLowerCase())) type = 'pcm';
    else type = 'ffmpeg';
  } else if (type === 'auto' && input instanceof Uint8Array) {
    const found = sniff(Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, 64)));
    type = found === 'wav' ? 'wav' : found === 'ogg/opus' ? 'ogg' : found === 'ffmpeg' ? 'ffmpeg' : 'pcm';
  }
  if (type === 'ffmpeg') ffmpeg = findFfmpeg(options.ffmpegPath);

  const chunks = (): AsyncIterable<Uint8Array> =>
    typeof input === 'string' ? createReadStream(input) : toAsyncIterable(input);
  let reader: ByteReader | undefined;
  let ffmpegOut: AsyncIterable<Buffer> | undefined;

  const source = {
    kind: (type === 'ogg' ? 'opus' : 'pcm') as AudioSource['kind'],
    format: (type === 'ogg' ? 'ogg/opus' : type === 'auto' ? 'pcm' : type) as Format,
    async *frames(): AsyncGenerator<Buffer> {
      for await (const batch of source.batches()) yield* batch;
    },
    async *batches(): AsyncGenerator<Buffer[]> {
      if (type === 'ffmpeg') {
        ffmpegOut = ffmpegPcm(ffmpeg!, typeof input === 'string' ? input : chunks());
        yield* single(pcmFrames(ffmpegOut));
        return;
      }
      reader = new ByteReader(chunks());
      let actual = type;
      if (actual === 'auto') {
        const found = sniff(await reader.peek(64));
        if (found === 'ffmpeg') {
          throw new AudioSourceError(
            'this stream is Ogg but not Opus; pass { type: "ffmpeg" } to decode it with ffmpeg',
          );
        }
        actual = found === 'wav' ? 'wav' : found === 'ogg/opus' ? 'ogg' : 'pcm';
        if (actual === 'ogg') {
          source.kind = 'opus';
          source.format = 'ogg/opus';
        } else source.format = actual === 'wav' ? 'wav' : 'pcm';
      }
      if (actual === 'ogg') {
        yield* oggOpusPacketBatches(reader);
      } else if (actual === 'wav') {
        const format = await readWavHeader(reader);
        yield* single(pcmFrames(wavToPcm(reader, format)));
      } else {
        yield* single(pcmFrames(reader));
      }
    },
    async close(): Promise<void> {
      await reader?.close();
    },
  };
  return source;
}

function readHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new AudioSourceError(`cannot open audio file "${path}": ${(error as Error).message}`, { cause: error });
  }
  try {
    const head = Buffer.alloc(64);
    const read = readSync(fd, head, 0, 64, 0);
    return head.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
