// Voice gateway faults against the fake voice server: every close code, resume with buffered
// messages, 4017 without a loop, moves and leaving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { sineWave, VoiceCloseError, VoiceConnectionStatus, voiceCloseAction } from '../src/index.js';
import { until, useVoiceFixture } from './fixture.js';

const f = useVoiceFixture();

function identifiesOf(userId: string): number {
  return f.fake.voice.identifies.filter((d) => d.user_id === userId).length;
}

test('4015 (voice server crashed): resumed on a new socket with the messages missed meanwhile', async () => {
  const clock = new ManualClock(Date.now());
  const connection = await f.client.voiceJoin(f.channel, { clock });
  try {
    const identifies = identifiesOf(f.client.id);
    assert.ok(f.fake.voice.closeConnection(f.channelId, f.client.id, 4015));
    await until(() => connection.status === VoiceConnectionStatus.Resuming, 'resuming');
    // While we are away a user joins: op 11 and DAVE proposals wait in the server's buffer.
    await f.fake.voice.join(f.channelId, f.userId);
    await clock.advance(0);
    await until(() => connection.status === VoiceConnectionStatus.Ready, 'resumed');
    assert.equal(identifiesOf(f.client.id), identifies, 'resumed, not identified anew');
    assert.equal(f.fake.voice.session(f.guildId, f.client.id)?.resumes, 1);
    await until(() => connection.connectedUsers.has(f.userId), 'the replayed op 11');
    await until(() => connection.dave?.userIds().includes(f.userId) === true, 'the user in the DAVE group');
    f.fake.voice.resetHeard(f.channelId);
    await connection.play(sineWave(440, 0.3)).finished;
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'audio after the resume');
    assert.equal(f.fake.voice.heard(f.channelId, f.client.id).e2ee, true);
  } finally {
    f.fake.voice.leave(f.channelId, f.userId);
    await connection.leave();
  }
});

for (const code of [4006, 4009]) {
  test(`${code}: a new voice session through the main gateway (op 4 again, Identify)`, async () => {
    const connection = await f.client.voiceJoin(f.channel);
    try {
      const identifies = identifiesOf(f.client.id);
      const session = connection.sessionId;
      assert.ok(f.fake.voice.closeConnection(f.channelId, f.client.id, code));
      await until(() => connection.status !== VoiceConnectionStatus.Ready, 'the close');
      await until(() => connection.status === VoiceConnectionStatus.Ready, 'ready again');
      assert.equal(identifiesOf(f.client.id), identifies + 1);
      assert.equal(connection.sessionId, session, "the main gateway's session id stays");
      await connection.play(sineWave(440, 0.2)).finished;
    } finally {
      await connection.leave();
    }
  });
}

for (const code of [4014, 4022]) {
  test(`${code}: disconnected; no reconnect; destroyed after the grace window`, async () => {
    const clock = new ManualClock(Date.now());
    const connection = await f.client.voiceJoin(f.channel, { clock });
    const identifies = identifiesOf(f.client.id);
    const reasons: string[] = [];
    connection.on('destroyed', (reason) => reasons.push(reason));
    assert.ok(f.fake.voice.closeConnection(f.channelId, f.client.id, code));
    await until(() => connection.status === VoiceConnectionStatus.Disconnected, 'disconnected');
    await clock.advance(5000);
    assert.equal(connection.status, VoiceConnectionStatus.Destroyed);
    assert.equal(reasons.length, 1);
    assert.equal(identifiesOf(f.client.id), identifies);
    assert.equal(f.client.voiceConnection(f.guildId), undefined);
  });
}

test('fatal codes (4004, 4016, 4020...) fail once with the code and never retry', async () => {
  for (const code of [4001, 4004, 4016, 4021]) {
    const connection = await f.client.voiceJoin(f.channel);
    const errors: Error[] = [];
    connection.on('error', (error) => errors.push(error));
    const identifies = identifiesOf(f.client.id);
    assert.ok(f.fake.voice.closeConnection(f.channelId, f.client.id, code));
    await until(() => connection.status === VoiceConnectionStatus.Destroyed, `destroyed after ${code}`);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof VoiceCloseError);
    assert.equal((errors[0] as VoiceCloseError).closeCode, code);
    assert.equal(identifiesOf(f.client.id), identifies);
    assert.equal(voiceCloseAction(code), 'fatal');
  }
});

test('4017: a client offering no DAVE gets one clear error and no reconnect loop', async () => {
  const before = identifiesOf(f.client.id);
  const closes = f.fake.voice.closes.length;
  await assert.rejects(f.client.voiceJoin(f.channel, { dave: false }), (error: unknown) => {
    assert.ok(error instanceof VoiceCloseError);
    assert.equal(error.closeCode, 4017);
    assert.match(error.message, /DAVE/);
    return true;
  });
  assert.equal(identifiesOf(f.client.id), before + 1);
  const offered = f.fake.voice.identifies.at(-1)!;
  assert.equal(offered.max_dave_protocol_version, 0);
  assert.deepEqual(
    f.fake.voice.closes.slice(closes).map((c) => c.code),
    [4017],
  );
  assert.equal(f.client.voiceConnection(f.guildId), undefined);
});

test('a dropped socket (no close code) resumes; a voice heartbeat carries seq_ack', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    const session = f.fake.voice.session(f.guildId, f.client.id)!;
    session.ws?.terminate();
    await until(() => session.resumes === 1 && connection.status === VoiceConnectionStatus.Ready, 'resumed');
    await connection.play(sineWave(440, 0.2)).finished;
  } finally {
    await connection.leave();
  }
});

test('joining another channel of the guild moves the connection; leave ends the voice state', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  const moved = await f.client.voiceJoin({ id: f.otherChannelId, guildId: f.guildId });
  assert.equal(moved, connection);
  assert.equal(connection.channelId, f.otherChannelId);
  assert.equal(connection.status, VoiceConnectionStatus.Ready);
  f.fake.voice.resetHeard(f.otherChannelId);
  await connection.play(sineWave(440, 0.3)).finished;
  await until(() => f.fake.voice.heard(f.otherChannelId, f.client.id).silenceFrames >= 5, 'audio in the new channel');
  await connection.leave();
  await until(() => !f.fake.voice.session(f.guildId, f.client.id), 'the voice session to end');
});

test('region change: a new VOICE_SERVER_UPDATE moves a playing connection to the new voice server; the audio goes on there', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  try {
    const first = f.fake.voice.session(f.guildId, f.client.id)!.port;
    const identifies = identifiesOf(f.client.id);
    f.fake.voice.resetHeard(f.channelId);
    const player = connection.play(sineWave(440, 3));
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).packets >= 10, 'audio on the first server');
    const endpoint = await f.fake.voice.changeRegion(f.guildId, f.client.id);
    const port = Number(endpoint.split(':')[1]);
    assert.notEqual(port, first);
    await until(
      () =>
        f.fake.voice.session(f.guildId, f.client.id)?.port === port &&
        connection.status === VoiceConnectionStatus.Ready,
      'the connection ready on the new server',
    );
    assert.equal(identifiesOf(f.client.id), identifies + 1, 'identified on the new server');
    // From here on, what is heard is heard on the new server.
    const receivedFirst = f.fake.voice.rtpReceivedOn(first);
    f.fake.voice.resetHeard(f.channelId);
    await player.finished;
    await until(() => f.fake.voice.heard(f.channelId, f.client.id).silenceFrames >= 5, 'the end of the tone');
    const heard = f.fake.voice.heard(f.channelId, f.client.id);
    assert.ok(heard.seconds >= 0.5, `${heard.seconds} s of audio after the move`);
    assert.ok(Math.abs(heard.frequencyHz - 440) < 10, `${heard.frequencyHz} Hz`);
    assert.equal(heard.e2ee, true);
    assert.ok(f.fake.voice.rtpReceivedOn(port) >= heard.packets);
    assert.equal(f.fake.voice.rtpReceivedOn(first), receivedFirst, 'nothing more on the old server');
  } finally {
    await connection.leave();
  }
});

test('bad input is refused before anything is sent', async () => {
  await assert.rejects(f.client.voiceJoin({ id: '1' } as never), /guild/);
  const { Client } = await import('@kokoro/core');
  const noVoice = new Client({ name: 'NoVoice', token: 'x'.repeat(40), intents: 1 });
  await assert.rejects(noVoice.voiceJoin(f.channel), /GUILD_VOICE_STATES/);
});

test('a client that stops leaves its voice channels first', async () => {
  const connection = await f.client.voiceJoin(f.channel);
  await f.client.stop();
  assert.equal(connection.status, VoiceConnectionStatus.Destroyed);
  await until(() => !f.fake.voice.session(f.guildId, f.client.id), 'the voice session to end');
});
