// Servers send `null` where Discord's docs say a list or an optional field. The client reads it like an
// absent field, over REST and over the gateway; a payload it cannot read is a typed error naming the
// entity, the field and the route, carrying what Discord returned (the message was posted).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, type Message, PayloadError, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.tolerant-test-token';
const CHANNEL = '200000000000000001';

/** A server answering every message create with `reply(body)`. */
async function messageServer(reply: (body: Record<string, unknown>) => unknown) {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply(JSON.parse(text || '{}') as Record<string, unknown>)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v10`, close: () => new Promise((resolve) => server.close(resolve)) };
}

function posted(body: Record<string, unknown>, extra: Record<string, unknown>) {
  return {
    id: '500000000000000001',
    channel_id: CHANNEL,
    author: { id: '109876543210987654', username: 'bot', discriminator: '0', avatar: null, bot: true },
    content: body.content,
    timestamp: '2024-01-01T00:00:00.000Z',
    edited_timestamp: null,
    type: 0,
    ...extra,
  };
}

test('messageCreate reads null lists and flags like absent ones', async () => {
  const nulls = { components: null, tts: null, mentions: null, attachments: null, embeds: null, reactions: null };
  const server = await messageServer((body) => posted(body, nulls));
  const pool = new RestPool();
  const bot = new Client({ name: 'Tolerant', token: TOKEN, restUrl: server.url, cache: new Cache(), pool });
  try {
    const message = await bot.messageCreate(CHANNEL, 'hello');
    assert.equal(message.content, 'hello');
    assert.equal(message.tts, false);
    assert.deepEqual([message.components, message.mentions, message.attachments, message.embeds], [[], [], [], []]);
    assert.deepEqual(message.reactions, []);
  } finally {
    await bot.destroy();
    await pool.close();
    await server.close();
  }
});

test('an unreadable answer is a PayloadError naming entity, field and route, with what Discord made', async () => {
  const server = await messageServer((body) => posted(body, { mentions: 'everyone' }));
  const pool = new RestPool();
  const bot = new Client({ name: 'Strict', token: TOKEN, restUrl: server.url, cache: new Cache(), pool });
  try {
    await assert.rejects(bot.messageCreate(CHANNEL, 'hello'), (error: unknown) => {
      assert.ok(error instanceof PayloadError, String(error));
      assert.equal(error.entity, 'Message');
      assert.equal(error.field, 'mentions');
      assert.equal(error.source, 'POST /channels/{channel_id}/messages');
      assert.equal((error.payload as { id: string }).id, '500000000000000001');
      assert.match(error.message, /POST \/channels\/\{channel_id\}\/messages: Message\.mentions/);
      assert.match(error.message, /error\.payload/);
      return true;
    });
  } finally {
    await bot.destroy();
    await pool.close();
    await server.close();
  }
});

test('a MESSAGE_CREATE with null lists reaches the handler as a message', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const account = fake.addBot({ name: 'Listener', privilegedIntents: GatewayIntentBits.MessageContent });
  const guild = fake.addGuild({ name: 'G', members: [account] });
  const channel = fake.addChannel(guild, { name: 'c' });
  const Listener = new Client({
    name: 'Listener',
    token: account.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
  });
  const seen: Message[] = [];
  Listener.on('messageCreate', (_client, message) => {
    seen.push(message);
  });
  try {
    await Listener.start();
    fake.gateway.dispatchToSessions('MESSAGE_CREATE', {
      ...posted({ content: 'from a lenient server' }, {}),
      channel_id: channel.id,
      guild_id: guild.id,
      components: null,
      tts: null,
      mentions: null,
      mention_roles: null,
      attachments: null,
      embeds: null,
      reactions: null,
    });
    const [message] = await waitFor(() => (seen.length > 0 ? seen : undefined), 'the message');
    assert.equal(message?.content, 'from a lenient server');
    assert.deepEqual(message?.embeds, []);
  } finally {
    await Listener.stop();
    await fake.close();
    await pool.close();
  }
});
