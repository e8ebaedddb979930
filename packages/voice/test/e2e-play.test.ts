import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWav, sineWave, VoiceConnectionStatus } from '../src/index.js';
import { until, useVoiceFixture } from './fixture.js';

const f = useVoiceFixture();

test('join, play a 440 Hz WAV, the fake hears 440 Hz end-to-end encrypted; leave', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  assert.equal(connection.status, VoiceConnectionStatus.Ready);
  assert.ok(connection.dave?.active, 'DAVE group joined');
  const player = connection.play(encodeWav(sineWave(440, 1)));
  // Speaking (op 5) is set before the audio and cleared after its trailing silence.
  await until(() => f.fake.voice.session(f.guildId, f.client.id)?.speaking === 1, 'speaking');
  await player.finished;
  await until(() => f.fake.voice.session(f.guildId, f.client.id)?.speaking === 0, 'speaking cleared');
  await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'the trailing silence');
  const heard = f.fake.voice.heard(f.channelId, f.client.id);
  assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `${heard.frequencyHz} Hz`);
  assert.equal(heard.e2ee, true);
  assert.ok(heard.seconds > 0.9, `${heard.seconds} s`);
  assert.equal(heard.lostFrames, 0);
  assert.equal(heard.plainFrames, 0);
  await connection.leave();
  assert.equal(connection.status, VoiceConnectionStatus.Destroyed);
  await until(() => !f.fake.voice.session(f.guildId, f.client.id), 'the voice session to end');
});
