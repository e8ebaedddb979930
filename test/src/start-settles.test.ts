// `start()` always settles: a client whose gateway keeps refusing it rejects with one error that
// names the client, the last close code and its reason; nothing pends forever.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, KokoroError, RestPool } from 'kokoro';
import { captureLogs } from './helpers.js';

let fake: FakeDiscord;
let pool: RestPool;

before(async () => {
  fake = await FakeDiscord.start();
  pool = new RestPool();
});

after(async () => {
  await fake.close();
  await pool.close();
});

test('a gateway that answers the upgrade with 503 makes start() reject, naming the client and the reason', async () => {
  const server = createServer((_request, response) => response.end());
  server.on('upgrade', (_request, socket) => {
    socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const bot = fake.addBot({ name: 'Refused' });
  const { logger } = captureLogs('silent');
  const Refused = new Client({
    name: 'Refused',
    token: bot.token,
    restUrl: fake.restUrl,
    gatewayUrl: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
    pool,
    cache: new Cache(),
    logger,
    gateway: { startAttempts: 3, backoff: { base: 1, max: 2 } },
  });
  try {
    await assert.rejects(Refused.start(), (error: unknown) => {
      assert.ok(error instanceof KokoroError);
      assert.equal(error.code, 'KOKORO_START');
      assert.match(error.message, /client "Refused"/);
      assert.match(error.message, /3 attempt\(s\) without a READY/);
      assert.match(error.message, /close 1006 \(.*503/);
      return true;
    });
    assert.equal(Refused.state, 'failed');
  } finally {
    await Refused.destroy();
    server.closeAllConnections();
    server.close();
  }
});
