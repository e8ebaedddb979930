// SmallD's conveniences on the client: `client.api` errors carry the response headers, and
// `rest: { maxRateLimitWait }` makes a long rate-limit wait a RateLimitError instead of a wait.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Cache, Client, DiscordAPIError, ManualClock, RateLimitError, RestPool, ValidationError } from 'kokoro';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.rest-options-test-token';

/** `/spent` answers 200 with its bucket spent for 30 s; `/forbidden` answers 403 with extra headers. */
async function server() {
  const http = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.endsWith('/forbidden')) {
        response.writeHead(403, {
          'content-type': 'application/json',
          'x-kokoro-probe': 'seen',
          'set-cookie': '__dcfduid=abc; Path=/',
        });
        response.end(JSON.stringify({ message: 'Missing Access', code: 50001 }));
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-ratelimit-bucket': 'spent',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '30',
      });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v10`, close: () => new Promise((resolve) => http.close(resolve)) };
}

test('client.api errors carry the response headers (without cookies)', async () => {
  const local = await server();
  const pool = new RestPool();
  const bot = new Client({ name: 'Headers', token: TOKEN, restUrl: local.url, cache: new Cache(), pool });
  try {
    await assert.rejects(bot.api.get('/forbidden'), (error: unknown) => {
      assert.ok(error instanceof DiscordAPIError);
      assert.equal(error.status, 403);
      assert.equal(error.headers['x-kokoro-probe'], 'seen');
      assert.equal(error.headers['content-type'], 'application/json');
      assert.equal(error.headers['set-cookie'], undefined);
      return true;
    });
  } finally {
    await bot.destroy();
    await pool.close();
    await local.close();
  }
});

test('rest: { maxRateLimitWait } on the client fails a long wait with RateLimitError at once', async () => {
  const local = await server();
  const pool = new RestPool();
  const clock = new ManualClock();
  const bot = new Client({
    name: 'Impatient',
    token: TOKEN,
    restUrl: local.url,
    cache: new Cache(),
    pool,
    clock,
    rest: { maxRateLimitWait: 1000 },
  });
  try {
    await bot.api.get('/spent');
    // The bucket resets in 30 s on a clock that never moves: a client that waited would pend forever.
    await assert.rejects(bot.api.get('/spent'), (error: unknown) => {
      assert.ok(error instanceof RateLimitError, String(error));
      assert.ok(error.retryAfter > 1000);
      return true;
    });
  } finally {
    await bot.destroy();
    await pool.close();
    await local.close();
  }
});

test('the rest option is checked at construction', () => {
  const make = (rest: unknown) =>
    new Client({
      name: 'Checked',
      token: TOKEN,
      cache: new Cache(),
      rest: rest as never,
      restUrl: 'http://127.0.0.1:9',
    });
  assert.throws(() => make({ maxRateLimitWait: -1 }), ValidationError);
  assert.throws(() => make({ token: 'other' }), /rest\.token: not a client REST option/);
  assert.throws(() => make('fast'), /rest: must be an object/);
});
