import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import {
  AudioSourceError,
  ByteReader,
  createAudioSource,
  encodeWav,
  FfmpegNotFoundError,
  OggOpusWriter,
  oggCrc,
  oggOpusPackets,
  PCM_FRAME_BYTES,
  sineWave,
} from '../src/index.js';
import { frequencyOf } from './audio-helpers.js';

const require = createRequire(import.meta.url);
const { OpusEncoder } = require('@discordjs/opus') as {
  OpusEncoder: new (rate: number, channels: number) => { encode(pcm: Buffer): Buffer; decode(opus: Buffer): Buffer };
};

async function collect(iterable: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function mono16k(frequency: number, seconds: number): Buffer {
  const frames = 16000 * seconds;
  const pcm = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++)
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / 16000) * 12000), i * 2);
  return pcm;
}

test('raw PCM: cut into 20 ms frames, the last one padded', async () => {
  const pcm = sineWave(440, 0.05); // 2.5 frames
  const source = createAudioSource(pcm);
  assert.equal(source.kind, 'pcm');
  const frames = await collect(source.frames());
  assert.equal(frames.length, 3);
  assert.ok(frames.every((frame) => frame.length === PCM_FRAME_BYTES));
  assert.deepEqual(frames[0], pcm.subarray(0, PCM_FRAME_BYTES));
});

test('WAV 48 kHz stereo is read as is; 16 kHz mono is upmixed and resampled', async () => {
  const stereo = sineWave(440, 0.5);
  const frames = await collect(createAudioSource(encodeWav(stereo)).frames());
  assert.deepEqual(Buffer.concat(frames).subarray(0, stereo.length), stereo);
  const mono = encodeWav(mono16k(440, 0.5), 16000, 1);
  const source = createAudioSource(mono);
  const out = Buffer.concat(await collect(source.frames()));
  assert.ok(Math.abs(out.length / 4 - 24000) <= 960, `${out.length / 4} frames`);
  assert.ok(Math.abs(frequencyOf(out) - 440) < 5, `${frequencyOf(out)} Hz`);
  // Both channels carry the mono signal.
  assert.equal(out.readInt16LE(400), out.readInt16LE(402));
});

test('WAV from a file path and from a Readable stream in small chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-voice-'));
  const wav = encodeWav(sineWave(440, 0.2));
  const path = join(dir, 'tone.wav');
  writeFileSync(path, wav);
  assert.equal(Buffer.concat(await collect(createAudioSource(path).frames())).length, 0.2 * 48000 * 4);
  const chunks = Array.from({ length: Math.ceil(wav.length / 7) }, (_, i) => wav.subarray(i * 7, i * 7 + 7));
  const source = createAudioSource(Readable.from(chunks));
  const out = Buffer.concat(await collect(source.frames()));
  assert.equal(source.format, 'wav');
  assert.equal(out.length, 0.2 * 48000 * 4);
});

test('a bad WAV says what is wrong', async () => {
  const wav = encodeWav(sineWave(440, 0.1));
  wav.writeUInt16LE(3, 20); // float format
  await assert.rejects(collect(createAudioSource(wav).frames()), AudioSourceError);
});

test('Ogg/Opus: written pages carry valid CRCs; packets come back unchanged (passthrough)', async () => {
  const encoder = new OpusEncoder(48000, 2);
  const pcm = sineWave(440, 0.2);
  const packets = Array.from({ length: 10 }, (_, i) =>
    encoder.encode(pcm.subarray(i * PCM_FRAME_BYTES, (i + 1) * PCM_FRAME_BYTES)),
  );
  // A packet over 255 bytes spans several lacing segments.
  packets.push(Buffer.alloc(600, 0x11));
  const writer = new OggOpusWriter();
  const ogg = Buffer.concat([writer.headers(), ...packets.map((p) => writer.packet(p)), writer.end()]);
  // Every page's CRC checks out.
  let at = 0;
  while (at < ogg.length) {
    const segments = ogg[at + 26]!;
    let size = 27 + segments;
    for (let i = 0; i < segments; i++) size += ogg[at + 27 + i]!;
    const page = Buffer.from(ogg.subarray(at, at + size));
    const crc = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    assert.equal(oggCrc(page), crc);
    at += size;
  }
  const source = createAudioSource(ogg);
  assert.equal(source.kind, 'opus');
  assert.deepEqual(await collect(source.frames()), packets);
  // Streamed in odd chunks too.
  const chunks = Array.from({ length: Math.ceil(ogg.length / 13) }, (_, i) => ogg.subarray(i * 13, i * 13 + 13));
  assert.deepEqual(await collect(oggOpusPackets(new ByteReader(Readable.from(chunks)))), packets);
});

test('an async iterable of PCM chunks plays as PCM', async () => {
  const pcm = sineWave(440, 0.1);
  async function* chunks() {
    yield pcm.subarray(0, 1000);
    yield pcm.subarray(1000);
  }
  const frames = await collect(createAudioSource(chunks()).frames());
  assert.equal(frames.length, 5);
});

test('another format without ffmpeg: a clear error naming ffmpeg, before anything plays', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-voice-'));
  const path = join(dir, 'song.mp3');
  writeFileSync(path, Buffer.from('ID3\x03\x00\x00\x00not really mp3'));
  const error = (() => {
    try {
      createAudioSource(path, { ffmpegPath: 'kokoro-no-such-ffmpeg' });
    } catch (e) {
      return e as Error;
    }
    return undefined;
  })();
  assert.ok(error instanceof FfmpegNotFoundError);
  assert.match(error.message, /ffmpeg/);
  assert.throws(
    () => createAudioSource(Buffer.alloc(10), { type: 'ffmpeg', ffmpegPath: '/nonexistent/ffmpeg' }),
    FfmpegNotFoundError,
  );
});

test('another format with ffmpeg installed: decoded through it to 48 kHz stereo PCM', async () => {
  // A stand-in ffmpeg (a script) that answers with a 440 Hz tone, as ffmpeg would decode a file.
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-voice-'));
  const tone = join(dir, 'tone.pcm');
  writeFileSync(tone, sineWave(440, 0.3));
  const script = join(dir, 'ffmpeg');
  writeFileSync(
    script,
    `#!${process.execPath}\nconst args = process.argv.slice(2);\nif (!args.includes('s16le') || args[args.indexOf('-ar') + 1] !== '48000') process.exit(3);\nprocess.stdout.write(require('fs').readFileSync(${JSON.stringify(tone)}));\n`,
  );
  chmodSync(script, 0o755);
  const input = join(dir, 'song.mp3');
  writeFileSync(input, 'ID3 whatever');
  const source = createAudioSource(input, { ffmpegPath: script });
  assert.equal(source.format, 'ffmpeg');
  const out = Buffer.concat(await collect(source.frames()));
  assert.equal(out.length, 0.3 * 48000 * 4);
  assert.ok(Math.abs(frequencyOf(out) - 440) < 5);
});

test('play() input that is not audio is refused at once', () => {
  assert.throws(() => createAudioSource(42 as never), AudioSourceError);
  assert.throws(() => createAudioSource('/no/such/file.wav'), AudioSourceError);
  assert.throws(() => createAudioSource(Buffer.alloc(4), { type: 'flac' as never }), AudioSourceError);
});
