// Audio against the fake voice server: both AEAD modes, every source kind, volume, receiving a
// simulated user's tone, and a blocked event thread.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import {
  ByteReader,
  ENCRYPTION_MODES,
  encodeWav,
  OggOpusWriter,
  oggOpusPackets,
  PCM_FRAME_BYTES,
  recordOgg,
  recordWav,
  sineWave,
  type VoiceConnection,
  VoiceError,
} from '../src/index.js';
import { frequencyOf, rmsOf } from './audio-helpers.js';
import { until, useVoiceFixture } from './fixture.js';

const require = createRequire(import.meta.url);
const { OpusEncoder } = require('@discordjs/opus') as {
  OpusEncoder: new (rate: number, channels: number) => { encode(pcm: Buffer): Buffer };
};

const f = useVoiceFixture();

/** Play, then wait until the fake heard the trailing silence; returns what it heard. */
async function playAndHear(
  connection: VoiceConnection,
  input: Parameters<VoiceConnection['play']>[0],
  volume?: number,
) {
  f.fake.voice.resetHeard(f.channelId);
  const player = connection.play(input);
  if (volume !== undefined) player.volume = volume;
  await player.finished;
  await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'the trailing silence');
  return f.fake.voice.heard(f.channelId, f.client.id);
}

for (const mode of ENCRYPTION_MODES) {
  test(`${mode}: selected when preferred, and the fake decrypts the tone`, async () => {
    const connection = await f.client.voiceJoin(f.channel, { encryption: mode });
    try {
      assert.equal(connection.mode, mode);
      assert.equal(f.fake.voice.session(f.guildId, f.client.id)?.mode, mode);
      const heard = await playAndHear(connection, encodeWav(sineWave(440, 0.5)));
      assert.equal(heard.badPackets, 0);
      assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `${heard.frequencyHz} Hz`);
      assert.equal(heard.e2ee, true);
    } finally {
      await connection.leave();
    }
  });
}

test('every source kind plays: PCM buffer, WAV, Ogg/Opus passthrough, a Readable, an async iterable', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    const pcm = sineWave(330, 0.4);
    const check = (heard: { frequencyHz: number; seconds: number }, hz: number, what: string) => {
      assert.ok(Math.abs(heard.frequencyHz - hz) < 6, `${what}: ${heard.frequencyHz} Hz`);
      assert.ok(heard.seconds >= 0.35, `${what}: ${heard.seconds} s`);
    };
    check(await playAndHear(connection, pcm), 330, 'PCM');
    check(await playAndHear(connection, encodeWav(sineWave(550, 0.4))), 550, 'WAV');
    const encoder = new OpusEncoder(48000, 2);
    const tone = sineWave(440, 0.4);
    const writer = new OggOpusWriter();
    const pages = [writer.headers()];
    for (let at = 0; at + PCM_FRAME_BYTES <= tone.length; at += PCM_FRAME_BYTES) {
      pages.push(writer.packet(encoder.encode(tone.subarray(at, at + PCM_FRAME_BYTES))));
    }
    pages.push(writer.end());
    const ogg = Buffer.concat(pages);
    f.fake.voice.resetHeard(f.channelId);
    const player = connection.play(ogg);
    await until(() => player.current?.source.kind === 'opus', 'the Ogg track to start');
    assert.throws(() => {
      player.volume = 0.5;
    }, VoiceError);
    await player.finished;
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'silence');
    check(f.fake.voice.heard(f.channelId, f.client.id), 440, 'Ogg/Opus');
    const chunks = Array.from({ length: Math.ceil(pcm.length / 1000) }, (_, i) =>
      pcm.subarray(i * 1000, (i + 1) * 1000),
    );
    check(await playAndHear(connection, Readable.from(chunks)), 330, 'Readable');
    check(
      await playAndHear(
        connection,
        (async function* () {
          yield* chunks;
        })(),
      ),
      330,
      'async iterable',
    );
  } finally {
    await connection.leave();
  }
});

test('the queue plays tracks in order; finished resolves after the last; events fire', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    f.fake.voice.resetHeard(f.channelId);
    const events: string[] = [];
    const player = connection.play(sineWave(440, 0.2)).play(sineWave(440, 0.2));
    player.on('start', () => events.push('start'));
    player.on('end', () => events.push('end'));
    player.on('idle', () => events.push('idle'));
    assert.equal(player.queue.length, 1);
    await player.finished;
    assert.deepEqual(events, ['end', 'start', 'end', 'idle']);
    assert.equal(player.status, 'idle');
  } finally {
    await connection.leave();
  }
});

test('volume changes the decoded amplitude', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    const full = await playAndHear(connection, sineWave(440, 0.5, 0.4));
    const half = await playAndHear(connection, sineWave(440, 0.5, 0.4), 0.5);
    const ratio = half.rms / full.rms;
    assert.ok(Math.abs(ratio - 0.5) < 0.1, `rms ratio ${ratio}`);
    assert.throws(() => {
      connection.player!.volume = 3;
    }, /volume/);
  } finally {
    await connection.leave();
  }
});

test('pause and resume: no audio is lost; stop ends the queue', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    f.fake.voice.resetHeard(f.channelId);
    const player = connection.play(sineWave(440, 1));
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).seconds > 0.2, 'some audio');
    player.pause();
    assert.equal(player.status, 'paused');
    player.resume();
    await player.finished;
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 10, 'the silences');
    const heard = f.fake.voice.heard(f.channelId, f.client.id);
    assert.ok(heard.seconds >= 0.98, `${heard.seconds} s`);
    connection.play(sineWave(440, 5)).play(sineWave(440, 5));
    player.stop();
    await player.finished;
    assert.equal(player.queue.length, 0);
  } finally {
    await connection.leave();
  }
});

test("receive: a simulated user's tone decodes to 440 Hz PCM and records to WAV", async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    await f.fake.voice.join(f.channelId, f.userId);
    await until(() => connection.dave?.userIds().includes(f.userId) === true, 'the user in the DAVE group');
    const stream = connection.receive(f.userId, { end: 'silence', silenceMs: 1500 });
    const file = join(mkdtempSync(join(tmpdir(), 'kokoro-voice-')), 'user.wav');
    const recording = recordWav(stream, file);
    await f.fake.voice.play(f.channelId, f.userId, { frequencyHz: 440, seconds: 1 });
    const bytes = await recording;
    const wav = readFileSync(file);
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.readUInt32LE(40), bytes);
    const pcm = wav.subarray(44);
    assert.ok(pcm.length >= 0.9 * 48000 * 4, `${pcm.length} bytes`);
    assert.ok(Math.abs(frequencyOf(pcm) - 440) < 5, `${frequencyOf(pcm)} Hz`);
    assert.ok(rmsOf(pcm) > 0.1);
    f.fake.voice.leave(f.channelId, f.userId);
  } finally {
    await connection.leave();
  }
});

test('receive as Opus and record to Ogg/Opus without re-encoding', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    await f.fake.voice.join(f.channelId, f.userId);
    await until(() => connection.dave?.userIds().includes(f.userId) === true, 'the user in the DAVE group');
    const stream = connection.receive({ id: f.userId }, { format: 'opus', end: 'silence', silenceMs: 1500 });
    const file = join(mkdtempSync(join(tmpdir(), 'kokoro-voice-')), 'user.ogg');
    const recording = recordOgg(stream, file);
    await f.fake.voice.play(f.channelId, f.userId, { frequencyHz: 440, seconds: 0.5 });
    const packets = await recording;
    const read = [];
    for await (const packet of oggOpusPackets(new ByteReader(Readable.from([readFileSync(file)])))) read.push(packet);
    assert.equal(read.length, packets);
    assert.ok(packets >= 0.45 * 50, `${packets} packets`);
    f.fake.voice.leave(f.channelId, f.userId);
  } finally {
    await connection.leave();
  }
});

test('a handler blocking the event thread does not make frames late', async () => {
  // One second of frames queued ahead on the voice thread; the event thread then blocks for 600 ms.
  const connection = await f.client.voiceJoin(f.channel, { player: { bufferFrames: 50 } });
  try {
    f.fake.voice.resetHeard(f.channelId);
    const player = connection.play(sineWave(440, 2));
    await until(() => connection.queuedFrames >= 45, 'a full buffer');
    const end = performance.now() + 600;
    while (performance.now() < end) {
      // a handler hogging the event thread
    }
    await player.finished;
    const stats = await connection.transportStats();
    // Frames kept leaving from the voice thread: none waited for the 600 ms block (what is left is
    // the machine's own scheduling noise, large on a loaded machine).
    assert.ok(stats.maxLateMs < 300, JSON.stringify(stats));
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'silence');
    assert.equal(f.fake.voice.heard(f.channelId, f.client.id).lostFrames, 0);
  } finally {
    await connection.leave();
  }
});
