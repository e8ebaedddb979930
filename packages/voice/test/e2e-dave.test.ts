// DAVE transitions against the fake voice server (the MLS external sender): members joining and
// leaving mid-stream and a forced epoch change, with no audio lost; downgrade and upgrade.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sineWave } from '../src/index.js';
import { until, useVoiceFixture } from './fixture.js';

const f = useVoiceFixture();

test('members join and leave mid-stream (two epoch changes): every frame heard and decrypted', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    f.fake.voice.resetHeard(f.channelId);
    const transitions: number[] = [];
    connection.on('transition', (id) => transitions.push(id));
    const player = connection.play(sineWave(440, 3));
    const heard = () => f.fake.voice.heard(f.channelId, f.client.id);
    await until(() => heard().seconds > 0.5, 'audio');
    const epoch = connection.dave!.epoch;
    await f.fake.voice.join(f.channelId, f.userId);
    await until(() => connection.dave?.userIds().includes(f.userId) === true, 'the user added');
    assert.notEqual(connection.dave!.epoch, epoch);
    await until(() => heard().seconds > 1.5, 'more audio');
    f.fake.voice.leave(f.channelId, f.userId);
    await until(() => connection.dave?.userIds().includes(f.userId) === false, 'the user removed');
    await player.finished;
    await until(() => heard().silenceFrames >= 5, 'the end');
    const result = heard();
    assert.ok(transitions.length >= 2, `transitions: ${transitions}`);
    assert.equal(result.lostFrames, 0);
    assert.equal(result.undecryptableFrames, 0, JSON.stringify(result));
    assert.equal(result.plainFrames, 0);
    assert.equal(result.e2ee, true);
    assert.ok(result.seconds >= 2.95, `${result.seconds} s`);
    assert.ok(Math.abs(result.frequencyHz - 440) < 5);
  } finally {
    await connection.leave();
  }
});

test('a new group mid-stream (op 24, epoch 1): frames queued ahead are encrypted again, nothing is lost', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    f.fake.voice.resetHeard(f.channelId);
    const player = connection.play(sineWave(440, 2));
    const heard = () => f.fake.voice.heard(f.channelId, f.client.id);
    await until(() => heard().seconds > 0.5, 'audio');
    f.fake.voice.rekey(f.channelId);
    await player.finished;
    await until(() => heard().silenceFrames >= 5, 'the end');
    const result = heard();
    assert.equal(result.lostFrames, 0);
    assert.equal(result.badPackets, 0);
    // Frames already on the wire when the listener dropped the old group cannot be decrypted by it
    // (a real client keeps old keys for the transition; the fake's listener resets): a few, and
    // never the ~25 (500 ms) queued ahead with the old keys, which are encrypted again.
    assert.ok(result.undecryptableFrames <= 12, JSON.stringify(result));
    // While the new group forms, frames go unencrypted, which receivers accept in passthrough.
    assert.ok(result.seconds + result.undecryptableFrames * 0.02 >= 1.95, `${result.seconds} s`);
    await until(() => connection.dave?.active === true, 'the new group');
  } finally {
    await connection.leave();
  }
});
