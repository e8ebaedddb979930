/** The websocket upgrade carries a `User-Agent` like REST's (some servers refuse one without). */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { it } from 'node:test';
import { DEFAULT_USER_AGENT } from '@kokoro/common';
import { WebSocketServer } from 'ws';
import { Shard } from '../src/index.js';

async function userAgentOf(options: { userAgent?: string }): Promise<string | undefined> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const seen = new Promise<string | undefined>((resolve) => {
    server.on('connection', (socket, request) => {
      resolve(request.headers['user-agent']);
      socket.close(4004, 'Authentication failed.');
    });
  });
  const shard = new Shard({
    token: 'x',
    intents: 1,
    url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
    compression: null,
    ...options,
  });
  try {
    await shard.start().catch(() => {});
    return await seen;
  } finally {
    await shard.close();
    server.close();
  }
}

it('the gateway connection sends DiscordBot (url, version) by default, or the given one', async () => {
  assert.equal(await userAgentOf({}), DEFAULT_USER_AGENT);
  assert.match(DEFAULT_USER_AGENT, /^DiscordBot \(https:\/\/\S+, \d+\.\d+\.\d+\)$/);
  assert.equal(
    await userAgentOf({ userAgent: 'DiscordBot (https://example.com, 9.9.9)' }),
    'DiscordBot (https://example.com, 9.9.9)',
  );
});
