/**
 * The fake voice server spoken to raw: voice gateway v8 messages over a plain `ws://` websocket and
 * UDP datagrams, checked against Discord's documented behaviour — Hello, Identify and its close
 * codes, Ready, IP discovery, Select Protocol, Session Description, heartbeats with `seq_ack`,
 * `seq` on server messages, Resume with the buffered messages, transport encryption both ways.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { gcm } from '@noble/ciphers/aes.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ChannelType } from 'discord-api-types/v10';
import WebSocket from 'ws';
import { type FakeBot, FakeDiscord, openRtp, sealRtp, toneFrames, type VoiceEncryptionMode } from '../src/index.js';
import { eventually } from './discordjs-helpers.js';

let fake: FakeDiscord;
let nue: FakeBot;
let guildId: string;

before(async () => {
  fake = await FakeDiscord.start({ voice: { dave: 'off', listener: false } });
  nue = fake.addBot({ name: 'Nue' });
  guildId = fake.addGuild({ name: 'voice', members: [nue] }).id;
});

after(async () => {
  await fake.close();
});

interface Message {
  op: number;
  d: Record<string, unknown>;
  seq?: number;
}

/** A raw voice websocket that collects messages and its close code. */
class Raw {
  readonly ws: WebSocket;
  readonly messages: Message[] = [];
  closeCode: number | undefined;
  constructor() {
    this.ws = new WebSocket(`ws://${fake.voice.endpoint}/?v=8`);
    this.ws.on('message', (data, binary) => {
      if (!binary) this.messages.push(JSON.parse(data.toString()) as Message);
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
  }
  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }
  async next(op: number): Promise<Message> {
    await eventually(() => this.messages.some((m) => m.op === op) || this.closeCode !== undefined);
    const message = this.messages.find((m) => m.op === op);
    if (!message) throw new Error(`closed with ${this.closeCode} before op ${op}`);
    return message;
  }
  async closed(): Promise<number> {
    await eventually(() => this.closeCode !== undefined);
    return this.closeCode!;
  }
}

function grant() {
  const channelId = fake.addChannel(guildId, { name: 'talk', type: ChannelType.GuildVoice }).id;
  const sessionId = `session-${channelId}`;
  const token = fake.voice.grant({ guildId, channelId, userId: nue.id, sessionId });
  return {
    channelId,
    sessionId,
    token,
    identify: { server_id: guildId, user_id: nue.id, session_id: sessionId, token },
  };
}

async function discover(udp: ReturnType<typeof createSocket>, ssrc: number): Promise<{ ip: string; port: number }> {
  const request = Buffer.alloc(74);
  request.writeUInt16BE(1, 0);
  request.writeUInt16BE(70, 2);
  request.writeUInt32BE(ssrc, 4);
  const answer = new Promise<Buffer>((resolve) => udp.once('message', resolve));
  udp.send(request, fake.voice.port, '127.0.0.1');
  const reply = await answer;
  assert.equal(reply.length, 74);
  assert.equal(reply.readUInt16BE(0), 2);
  assert.equal(reply.readUInt32BE(4), ssrc);
  return { ip: reply.subarray(8, reply.indexOf(0, 8)).toString(), port: reply.readUInt16BE(72) };
}

async function connect(mode: VoiceEncryptionMode) {
  const g = grant();
  const raw = new Raw();
  const hello = await raw.next(8);
  assert.equal(typeof hello.d.heartbeat_interval, 'number');
  raw.send(0, { ...g.identify, max_dave_protocol_version: 0 });
  const ready = await raw.next(2);
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
  const local = await discover(udp, ready.d.ssrc as number);
  assert.equal(local.port, udp.address().port);
  raw.send(1, { protocol: 'udp', data: { address: local.ip, port: local.port, mode } });
  const description = await raw.next(4);
  return { ...g, raw, ready, udp, description, key: Buffer.from(description.d.secret_key as number[]) };
}

test('Hello, Identify, Ready (ssrc, ip, port, modes), IP discovery, Session Description; seq on every message after Hello', async () => {
  const { raw, ready, description, udp } = await connect('aead_aes256_gcm_rtpsize');
  assert.equal(raw.messages[0]!.op, 8);
  assert.equal(raw.messages[0]!.seq, undefined);
  assert.equal(ready.d.ip, '127.0.0.1');
  assert.equal(ready.d.port, fake.voice.port);
  assert.deepEqual(ready.d.modes, ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize']);
  assert.equal(ready.seq, 1);
  assert.equal(description.seq, 2);
  assert.equal(description.d.mode, 'aead_aes256_gcm_rtpsize');
  assert.equal((description.d.secret_key as number[]).length, 32);
  assert.equal(description.d.dave_protocol_version, 0);
  raw.ws.close();
  udp.close();
});

test('heartbeats are acknowledged with their nonce', async () => {
  const { raw, udp } = await connect('aead_aes256_gcm_rtpsize');
  raw.send(3, { t: 12345, seq_ack: 2 });
  const ack = await raw.next(6);
  assert.equal(ack.d.t, 12345);
  assert.equal(fake.voice.session(guildId, nue.id)!.heartbeats, 1);
  raw.ws.close();
  udp.close();
});

/**
 * An RTP packet sealed by an independent AEAD implementation (@noble/ciphers): header as additional
 * data, the payload's ciphertext and tag, then the 4-byte counter whose zero-padding is the nonce.
 */
function nobleSeal(
  mode: VoiceEncryptionMode,
  key: Buffer,
  rtp: { sequence: number; timestamp: number; ssrc: number; counter: number },
  payload: Buffer,
): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 0x78;
  header.writeUInt16BE(rtp.sequence, 2);
  header.writeUInt32BE(rtp.timestamp, 4);
  header.writeUInt32BE(rtp.ssrc, 8);
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(rtp.counter);
  const nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
  counter.copy(nonce);
  const cipher = mode === 'aead_aes256_gcm_rtpsize' ? gcm(key, nonce, header) : xchacha20poly1305(key, nonce, header);
  return Buffer.concat([header, cipher.encrypt(payload), counter]);
}

for (const mode of ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const) {
  test(`${mode}: what a bot sends is decrypted and heard; a wrong key is a bad packet`, async () => {
    const { raw, ready, udp, key, channelId } = await connect(mode);
    const ssrc = ready.d.ssrc as number;
    const frames = toneFrames({ frequencyHz: 440, seconds: 0.4 });
    frames.forEach((frame, i) => {
      const rtp = { sequence: i, timestamp: i * 960, ssrc, counter: i };
      const packet = nobleSeal(mode, key, rtp, frame);
      assert.deepEqual(sealRtp(mode, key, rtp, frame), packet, 'the fake seals as @noble/ciphers does');
      assert.deepEqual(openRtp(mode, key, packet), frame);
      udp.send(packet, fake.voice.port, '127.0.0.1');
    });
    udp.send(
      sealRtp(mode, Buffer.alloc(32, 7), { sequence: 20, timestamp: 20 * 960, ssrc, counter: 20 }, frames[0]!),
      fake.voice.port,
      '127.0.0.1',
    );
    await eventually(() => fake.voice.heard(channelId, nue.id).packets >= 21);
    const heard = fake.voice.heard(channelId, nue.id);
    assert.equal(heard.badPackets, 1);
    assert.equal(heard.plainFrames, 20);
    assert.equal(heard.e2ee, false);
    assert.equal(heard.lostFrames, 0);
    assert.ok(Math.abs(heard.seconds - 0.4) < 0.01, `${heard.seconds} s`);
    assert.ok(Math.abs(heard.frequencyHz - 440) < 10, `${heard.frequencyHz} Hz`);
    raw.ws.close();
    udp.close();
  });
}

test('Resume replays the messages after seq_ack, then Resumed; the session keeps its ssrc and key', async () => {
  const { raw, ready, description, udp, identify, channelId } = await connect('aead_aes256_gcm_rtpsize');
  const session = fake.voice.session(guildId, nue.id)!;
  assert.equal(fake.voice.closeConnection(channelId, nue.id, 4015), true);
  assert.equal(await raw.closed(), 4015);
  const again = new Raw();
  await again.next(8);
  again.send(7, { server_id: guildId, session_id: identify.session_id, token: identify.token, seq_ack: 1 });
  await again.next(9);
  const replayed = again.messages.filter((m) => m.op !== 8 && m.op !== 9);
  assert.deepEqual(
    replayed.map((m) => m.seq),
    [2],
  );
  assert.deepEqual(replayed[0]!.d, description.d);
  assert.equal(fake.voice.session(guildId, nue.id), session);
  assert.equal(session.ssrc, ready.d.ssrc);
  assert.equal(session.resumes, 1);
  again.ws.close();
  udp.close();
});

test('close codes: 4003 before Identify, 4004 bad token, 4005 Identify twice, 4001 unknown opcode, 4006 stale Resume', async () => {
  const early = new Raw();
  await early.next(8);
  early.send(1, { protocol: 'udp', data: {} });
  assert.equal(await early.closed(), 4003);

  const bad = new Raw();
  await bad.next(8);
  bad.send(0, { ...grant().identify, token: 'not-a-token' });
  assert.equal(await bad.closed(), 4004);

  const twice = new Raw();
  const g = grant();
  await twice.next(8);
  twice.send(0, g.identify);
  await twice.next(2);
  twice.send(0, g.identify);
  assert.equal(await twice.closed(), 4005);

  const unknown = new Raw();
  await unknown.next(8);
  unknown.send(0, grant().identify);
  await unknown.next(2);
  unknown.send(99, {});
  assert.equal(await unknown.closed(), 4001);

  const stale = new Raw();
  await stale.next(8);
  stale.send(7, { server_id: guildId, session_id: 'gone', token: 'gone', seq_ack: 0 });
  assert.equal(await stale.closed(), 4006);
});

test('close codes: 4012 unknown protocol, 4016 unknown encryption mode, 4002 undecodable payload', async () => {
  const protocol = new Raw();
  await protocol.next(8);
  protocol.send(0, grant().identify);
  await protocol.next(2);
  protocol.send(1, { protocol: 'webrtc', data: {} });
  assert.equal(await protocol.closed(), 4012);

  const mode = new Raw();
  await mode.next(8);
  mode.send(0, grant().identify);
  await mode.next(2);
  mode.send(1, { protocol: 'udp', data: { address: '127.0.0.1', port: 1, mode: 'xsalsa20_poly1305' } });
  assert.equal(await mode.closed(), 4016);

  const garbage = new Raw();
  await garbage.next(8);
  garbage.ws.send('{not json');
  assert.equal(await garbage.closed(), 4002);
});

test('every close code on demand reaches the client; all but 4015 end the session', async () => {
  for (const code of [4006, 4009, 4014, 4015, 4017, 4022]) {
    const { raw, udp, channelId } = await connect('aead_aes256_gcm_rtpsize');
    assert.equal(fake.voice.closeConnection(channelId, nue.id, code), true);
    assert.equal(await raw.closed(), code);
    assert.equal(fake.voice.session(guildId, nue.id) !== undefined, code === 4015, `code ${code}`);
    udp.close();
  }
});

test('a fake used without voice loads none of opus, sodium-native, davey (they load with the first call)', async () => {
  const index = new URL('../src/index.js', import.meta.url).href;
  const script = `
    import { createRequire } from 'node:module';
    const { FakeDiscord } = await import(${JSON.stringify(index)});
    const fake = await FakeDiscord.start();
    const bot = fake.addBot({ name: 'Nue' });
    fake.addGuild({ name: 'g', members: [bot] });
    await fake.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(['@discordjs/opus', 'sodium-native', '@snazzah/davey'].filter((m) => loaded.some((p) => p.includes(m)))));
  `;
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), []);
});
