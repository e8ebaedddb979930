/**
 * The fake voice server's DAVE modes and group transitions against @discordjs/voice + davey:
 * DAVE off, the optional mode's downgrade and upgrade, the forced re-key, the sole member reset.
 * (XChaCha20-Poly1305 is checked in voice-protocol.test.ts against @noble/ciphers: @discordjs/voice
 * 0.19 cannot use it beside sodium-native 5, whose ESM namespace lacks the constants it reads.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entersState, VoiceConnectionStatus } from '@discordjs/voice';
import { eventually } from './discordjs-helpers.js';
import { playTone, voiceWorld } from './voice-helpers.js';

test('DAVE off: the session says protocol 0, frames are transport-encrypted only, the fake hears them (e2ee false)', async () => {
  const world = await voiceWorld({ voice: { dave: 'off' } });
  try {
    const channelId = world.voiceChannel();
    const bot = world.bots[0]!.bot;
    const connection = world.join(channelId, { daveEncryption: false });
    await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
    assert.equal(world.fake.voice.call(channelId)?.dave, undefined);
    await playTone(connection, 0.5);
    await eventually(() => world.fake.voice.heard(channelId, bot.id).seconds >= 0.48);
    const heard = world.fake.voice.heard(channelId, bot.id);
    assert.equal(heard.e2ee, false);
    assert.equal(heard.e2eeFrames, 0);
    assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `${heard.frequencyHz} Hz`);
    connection.destroy();
  } finally {
    await world.close();
  }
});

test('optional DAVE: a client without DAVE downgrades the call to protocol 0; when it leaves, the call upgrades to a new group', async () => {
  const world = await voiceWorld({ voice: { dave: 'optional' }, botCount: 2 });
  try {
    const { fake } = world;
    const channelId = world.voiceChannel();
    const a = world.bots[0]!.bot;
    const first = world.join(channelId, { bot: 0 });
    await entersState(first, VoiceConnectionStatus.Ready, 10_000);
    const group = () => fake.voice.call(channelId)!.dave!;
    await eventually(() => group().established && !group().transitioning);
    const second = world.join(channelId, { bot: 1, daveEncryption: false });
    await entersState(second, VoiceConnectionStatus.Ready, 10_000);
    await eventually(() => group().protocolVersion === 0 && !group().transitioning);
    fake.voice.resetHeard(channelId);
    await playTone(first, 0.4);
    await eventually(() => fake.voice.heard(channelId, a.id).seconds >= 0.38);
    assert.equal(fake.voice.heard(channelId, a.id).e2ee, false, 'downgraded: transport encryption only');
    assert.equal(fake.voice.heard(channelId, a.id).e2eeFrames, 0);

    second.destroy();
    await eventually(() => group().protocolVersion === 1 && group().established && !group().transitioning);
    fake.voice.resetHeard(channelId);
    await playTone(first, 0.4);
    await eventually(() => fake.voice.heard(channelId, a.id).seconds >= 0.38);
    const heard = fake.voice.heard(channelId, a.id);
    assert.equal(heard.e2ee, true, 'upgraded: end to end again');
    assert.equal(heard.undecryptableFrames, 0);
    first.destroy();
  } finally {
    await world.close();
  }
});

test('a forced re-key mid-stream builds a new group; the frames after it are end-to-end encrypted and heard', async () => {
  const world = await voiceWorld();
  try {
    const { fake } = world;
    const channelId = world.voiceChannel();
    const bot = world.bots[0]!.bot;
    const connection = world.join(channelId);
    await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
    const group = () => fake.voice.call(channelId)!.dave!;
    await eventually(() => group().established && !group().transitioning);
    const transitions = group().transitions;
    const playing = playTone(connection, 2);
    await eventually(() => fake.voice.heard(channelId, bot.id).seconds >= 0.3);
    fake.voice.rekey(channelId);
    await eventually(() => group().transitions > transitions && group().established && !group().transitioning);
    const before = fake.voice.heard(channelId, bot.id);
    await eventually(() => fake.voice.heard(channelId, bot.id).e2eeFrames >= before.e2eeFrames + 10);
    const after = fake.voice.heard(channelId, bot.id);
    assert.equal(after.undecryptableFrames, before.undecryptableFrames, 'every frame after the re-key decrypts');
    await playing;
    const heard = fake.voice.heard(channelId, bot.id);
    assert.equal(heard.lostFrames, 0);
    assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `${heard.frequencyHz} Hz`);
    connection.destroy();
  } finally {
    await world.close();
  }
});

test('sole member reset: the last member alone starts over; a newcomer forms a new group with it', async () => {
  const world = await voiceWorld();
  try {
    const { fake } = world;
    const channelId = world.voiceChannel();
    const bot = world.bots[0]!.bot;
    const connection = world.join(channelId);
    await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
    const group = () => fake.voice.call(channelId)!.dave!;
    await eventually(() => group().established && !group().transitioning);
    fake.voice.leave(channelId, fake.world.defaultUser.id);
    await eventually(() => !group().established);
    const carol = fake.addUser({ username: 'carol' });
    fake.addMembers(world.guildId, [carol]);
    await fake.voice.join(channelId, carol.id);
    await eventually(
      () => group().established && group().members().includes(bot.id) && group().members().includes(carol.id),
    );
    await eventually(() => !group().transitioning);
    await playTone(connection, 0.4);
    await eventually(() => fake.voice.heard(channelId, bot.id).seconds >= 0.38);
    const heard = fake.voice.heard(channelId, bot.id);
    assert.equal(heard.e2ee, true);
    assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `${heard.frequencyHz} Hz`);
    connection.destroy();
  } finally {
    await world.close();
  }
});
