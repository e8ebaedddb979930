/**
 * The fake voice server's clocks: frame timing measured on an injected arrival clock (`now`), and
 * the heartbeat watch (4009) on an injected timer clock (ManualClock). Nothing here waits real time.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { ChannelType } from 'discord-api-types/v10';
import WebSocket from 'ws';
import { FakeDiscord, sealRtp, toneFrames } from '../src/index.js';
import { eventually } from './discordjs-helpers.js';

async function identified(fake: FakeDiscord) {
  const bot = fake.addBot({ name: 'Nue' });
  const guildId = fake.addGuild({ name: 'g', members: [bot] }).id;
  const channelId = fake.addChannel(guildId, { name: 'talk', type: ChannelType.GuildVoice }).id;
  const token = fake.voice.grant({ guildId, channelId, userId: bot.id, sessionId: 's' });
  const ws = new WebSocket(`ws://${fake.voice.endpoint}/?v=8`);
  const messages: { op: number; d: Record<string, unknown> }[] = [];
  let closeCode: number | undefined;
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  ws.on('close', (code) => {
    closeCode = code;
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ op: 0, d: { server_id: guildId, user_id: bot.id, session_id: 's', token } }));
  await eventually(() => messages.some((m) => m.op === 2));
  return { bot, channelId, ws, messages, closed: () => closeCode };
}

test('late frames and jitter are measured against the sender’s RTP clock, on the injected arrival clock', async () => {
  let now = 0;
  const fake = await FakeDiscord.start({ voice: { dave: 'off', listener: false, now: () => now, lateAfterMs: 40 } });
  try {
    const { bot, channelId, ws, messages } = await identified(fake);
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
    ws.send(
      JSON.stringify({
        op: 1,
        d: {
          protocol: 'udp',
          data: { address: '127.0.0.1', port: udp.address().port, mode: 'aead_aes256_gcm_rtpsize' },
        },
      }),
    );
    await eventually(() => messages.some((m) => m.op === 4));
    const description = messages.find((m) => m.op === 4)!;
    const key = Buffer.from(description.d.secret_key as number[]);
    const ssrc = messages.find((m) => m.op === 2)!.d.ssrc as number;
    const frames = toneFrames({ frequencyHz: 440, seconds: 0.4 });
    // Frame 10 arrives 100 ms after its due time; frame 15 only 30 ms (within the 40 ms allowed).
    const arrival = (i: number) => i * 20 + (i === 10 ? 100 : i === 15 ? 30 : 0);
    for (const [i, frame] of frames.entries()) {
      now = arrival(i);
      udp.send(
        sealRtp('aead_aes256_gcm_rtpsize', key, { sequence: i, timestamp: i * 960, ssrc, counter: i }, frame),
        fake.voice.port,
        '127.0.0.1',
      );
      await eventually(() => fake.voice.heard(channelId, bot.id).packets === i + 1);
    }
    const heard = fake.voice.heard(channelId, bot.id);
    assert.equal(heard.lateFrames, 1);
    assert.equal(heard.maxLatenessMs, 100);
    assert.ok(heard.jitterMs > 0 && heard.jitterMs < 20, `jitter ${heard.jitterMs}`);
    assert.equal(heard.lostFrames, 0);
    udp.close();
    ws.close();
  } finally {
    await fake.close();
  }
});

test('no heartbeat for two intervals closes the connection with 4009 (session timeout)', async () => {
  const clock = new ManualClock();
  const fake = await FakeDiscord.start({ voice: { dave: 'off', listener: false, clock, heartbeatIntervalMs: 1000 } });
  try {
    const { ws, closed } = await identified(fake);
    await clock.advance(1500);
    ws.send(JSON.stringify({ op: 3, d: { t: 1, seq_ack: 1 } }));
    await eventually(() => fake.voice.identifies.length === 1);
    await new Promise((resolve) => ws.once('message', resolve)); // the heartbeat ACK: the watch restarted
    await clock.advance(1500);
    assert.equal(fake.voice.closes.length, 0, 'a heartbeat restarted the watch');
    await clock.advance(600);
    assert.deepEqual(
      fake.voice.closes.map((c) => c.code),
      [4009],
    );
    await eventually(() => closed() !== undefined);
    assert.equal(closed(), 4009);
  } finally {
    await fake.close();
  }
});
