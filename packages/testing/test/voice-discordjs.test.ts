/**
 * The fake voice server against an independent client: @discordjs/voice with @snazzah/davey. It
 * connects through the fake gateway's VOICE_SERVER_UPDATE over wss (the fake's self-signed
 * certificate: this process turns certificate checks off, @discordjs/voice has no CA option), runs
 * DAVE with the fake as external sender, and plays; the fake decrypts, decodes and measures.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { EndBehaviorType, entersState, VoiceConnectionStatus } from '@discordjs/voice';
import type { FakeBot, FakeDiscord } from '../src/index.js';
import { eventually } from './discordjs-helpers.js';
import { playTone as play, type VoiceWorld, voiceWorld } from './voice-helpers.js';

let world: VoiceWorld;
let fake: FakeDiscord;
let nue: FakeBot;
let guildId: string;

before(async () => {
  world = await voiceWorld();
  fake = world.fake;
  nue = world.bots[0]!.bot;
  guildId = world.guildId;
});

after(async () => {
  await world.close();
});

const voiceChannel = () => world.voiceChannel();
const join = async (channelId: string, options: { daveEncryption?: boolean } = {}) => world.join(channelId, options);

test('@discordjs/voice joins with DAVE, plays a 440 Hz tone, and the fake hears it end-to-end encrypted', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  const call = fake.voice.call(channelId)!;
  await eventually(() => call.dave!.established && call.dave!.transitions >= 1);
  await eventually(() => fake.voice.hasKeys(channelId, fake.world.defaultUser.id));
  assert.deepEqual(new Set(call.dave!.members()), new Set([nue.id, fake.world.defaultUser.id]));
  await play(connection, 1);
  await eventually(() => fake.voice.heard(channelId, nue.id).seconds >= 0.98);
  const heard = fake.voice.heard(channelId, nue.id);
  assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `heard ${heard.frequencyHz} Hz`);
  assert.equal(heard.e2ee, true);
  assert.equal(heard.plainFrames, 0);
  assert.equal(heard.undecryptableFrames, 0);
  assert.equal(heard.badPackets, 0);
  assert.equal(fake.voice.identifies.filter((i) => i.user_id === nue.id).at(-1)?.max_dave_protocol_version, 1);
  connection.destroy();
  await eventually(() => fake.voice.call(channelId) === undefined);
});

test('a client that offers no DAVE is closed with 4017 (E2EE required)', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId, { daveEncryption: false });
  await eventually(() => fake.voice.closes.some((c) => c.code === 4017));
  await eventually(() => connection.state.status !== VoiceConnectionStatus.Connecting);
  assert.notEqual(connection.state.status, VoiceConnectionStatus.Ready);
  connection.destroy();
});

test('a simulated user joining and leaving mid-stream moves the group to new epochs with no lost audio', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  const call = fake.voice.call(channelId)!;
  await eventually(() => call.dave!.established && call.dave!.transitions >= 1);
  const alice = fake.addUser({ username: 'alice' });
  fake.addMembers(guildId, [alice]);
  const playing = play(connection, 2);
  await eventually(() => fake.voice.heard(channelId, nue.id).seconds >= 0.3);
  const epoch = call.dave!.epoch;
  await fake.voice.join(channelId, alice.id);
  await eventually(() => call.dave!.epoch > epoch && fake.voice.hasKeys(channelId, alice.id));
  await eventually(() => call.dave!.transitions >= 2);
  fake.voice.leave(channelId, alice.id);
  await eventually(() => call.dave!.epoch > epoch + 1n);
  await playing;
  await eventually(() => fake.voice.heard(channelId, nue.id).seconds >= 1.98);
  const heard = fake.voice.heard(channelId, nue.id);
  assert.equal(heard.lostFrames, 0);
  assert.equal(heard.undecryptableFrames, 0);
  assert.equal(heard.e2ee, true);
  assert.ok(Math.abs(heard.frequencyHz - 440) < 5, `heard ${heard.frequencyHz} Hz`);
  connection.destroy();
});

test('dropped UDP packets are reported as lost frames', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  await eventually(() => fake.voice.hasKeys(channelId, fake.world.defaultUser.id));
  const playing = play(connection, 1);
  await eventually(() => fake.voice.heard(channelId, nue.id).packets >= 5);
  fake.voice.dropUdp(channelId, nue.id, 7);
  await playing;
  await eventually(() => fake.voice.heard(channelId, nue.id).seconds >= 0.8);
  assert.equal(fake.voice.heard(channelId, nue.id).lostFrames, 7);
  connection.destroy();
});

test('4015 (voice server crashed) is resumed: Resume replays, Resumed, the session stays in its call', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  const session = fake.voice.session(guildId, nue.id)!;
  const identifies = fake.voice.identifies.filter((i) => i.user_id === nue.id).length;
  assert.equal(fake.voice.closeConnection(channelId, nue.id, 4015), true);
  await eventually(() => session.ws !== undefined && session.resumes >= 1);
  assert.equal(
    fake.voice.identifies.filter((i) => i.user_id === nue.id).length,
    identifies,
    'no new Identify: it resumed',
  );
  assert.equal(fake.voice.session(guildId, nue.id), session);
  assert.ok(fake.voice.call(channelId)?.bots.has(nue.id));
  connection.destroy();
});

test('4014 (disconnected) ends the session and @discordjs/voice does not resume it', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  fake.voice.closeConnection(channelId, nue.id, 4014);
  await eventually(() => fake.voice.call(channelId)?.bots.has(nue.id) !== true);
  assert.equal(fake.voice.session(guildId, nue.id), undefined);
  connection.destroy();
});

test('a simulated user plays a tone that @discordjs/voice receives, decrypts (transport, DAVE) and decodes', async () => {
  const channelId = voiceChannel();
  const connection = await join(channelId);
  await entersState(connection, VoiceConnectionStatus.Ready, 10_000);
  const bob = fake.addUser({ username: 'bob' });
  fake.addMembers(guildId, [bob]);
  await fake.voice.join(channelId, bob.id);
  const listener = bob.id;
  await eventually(() => fake.voice.hasKeys(channelId, listener));
  const group = fake.voice.call(channelId)!.dave!;
  // Bob's frames are for the members of his epoch: wait until the bot is one (and the transition ran).
  await eventually(
    () => group.members().includes(listener) && group.members().includes(nue.id) && !group.transitioning,
  );
  const stream = connection.receiver.subscribe(listener, { end: { behavior: EndBehaviorType.Manual } });
  const packets: Buffer[] = [];
  stream.on('data', (p: Buffer) => packets.push(p));
  await fake.voice.play(channelId, listener, { frequencyHz: 440, seconds: 0.5 });
  // 25 tone frames and 5 silence frames are sent over UDP, which may drop one now and then (seen
  // once in a CI run under load): the tone is measured from whatever 24 or more frames arrive.
  await eventually(() => packets.length >= 24, 20_000).catch(() =>
    assert.fail(`received ${packets.length} packets of 30`),
  );
  const { OpusEncoder } = createRequire(import.meta.url)('@discordjs/opus') as {
    OpusEncoder: new (rate: number, channels: number) => { decode(b: Buffer): Buffer };
  };
  const opus = new OpusEncoder(48_000, 2);
  let crossings = 0;
  let samples = 0;
  let last = 0;
  // The decoder's first frames are its warm-up: measure from the fifth on.
  for (const [n, packet] of [...packets].entries()) {
    if (n < 5 || packet.length <= 3) continue; // the decoder's warm-up; the silence frames at the end
    const pcm = opus.decode(packet);
    for (let i = 0; i < pcm.length; i += 4) {
      const v = pcm.readInt16LE(i);
      const sign = v > 64 ? 1 : v < -64 ? -1 : 0;
      if (sign !== 0 && last !== 0 && sign !== last) crossings++;
      if (sign !== 0) last = sign;
      samples++;
    }
  }
  const hz = crossings / 2 / (samples / 48_000);
  assert.ok(Math.abs(hz - 440) < 10, `received ${hz} Hz`);
  connection.destroy();
});
