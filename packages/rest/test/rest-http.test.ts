import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock, ValidationError } from '@kokoro/common';
import type { RestLike } from '../src/generated/rest-like.js';
import {
  DEFAULT_USER_AGENT,
  DiscordAPIError,
  defaultRestPool,
  flattenErrors,
  InvalidRequestGuard,
  NetworkError,
  parseRoute,
  RequestDeadlineError,
  Rest,
  RestPool,
} from '../src/index.js';
import { captureServer } from './capture-server.js';
import { loadTesting } from './ratelimit-harness.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token';

function testPool(baseUrl: string): RestPool {
  return new RestPool({ baseUrl, guard: new InvalidRequestGuard() });
}

describe('Rest: requests as Discord wants them', () => {
  let local: Awaited<ReturnType<typeof captureServer>>;
  let pool: RestPool;
  let rest: Rest;
  before(async () => {
    local = await captureServer();
    pool = testPool(local.url);
    rest = new Rest({ token: TOKEN, pool });
  });
  after(async () => {
    await pool.close();
    local.server.close();
  });

  test('Rest satisfies the generated methods seam (RestLike)', () => {
    const like: RestLike = rest;
    assert.equal(typeof like.request, 'function');
  });

  test('Authorization, User-Agent, JSON body, query', async () => {
    await rest.get('/guilds/200000000000000001/members', { limit: 10, after: undefined, ids: ['1', '2'] });
    const req = local.seen.at(-1)!;
    assert.equal(req.url, '/api/v10/guilds/200000000000000001/members?limit=10&ids=1&ids=2');
    assert.equal(req.headers.authorization, `Bot ${TOKEN}`);
    assert.equal(req.headers['user-agent'], DEFAULT_USER_AGENT);
    assert.match(DEFAULT_USER_AGENT, /^DiscordBot \(https?:\/\/\S+, \d+\.\d+\.\d+\)$/);
    await rest.patch('/channels/100000000000000001', { name: 'x' });
    assert.equal(local.seen.at(-1)!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(local.seen.at(-1)!.body), { name: 'x' });
  });

  test('X-Audit-Log-Reason is URL-encoded and validated (1..512)', async () => {
    await rest.delete('/guilds/200000000000000001/members/300000000000000001', undefined, {
      reason: 'spam, ça suffit ✨',
    });
    assert.equal(local.seen.at(-1)!.headers['x-audit-log-reason'], encodeURIComponent('spam, ça suffit ✨'));
    const count = local.seen.length;
    await assert.rejects(rest.delete('/guilds/1/members/2', undefined, { reason: 'x'.repeat(513) }), ValidationError);
    await assert.rejects(rest.delete('/guilds/1/members/2', undefined, { reason: '' }), ValidationError);
    assert.equal(local.seen.length, count, 'nothing was sent');
    // 512 characters, counted as Discord counts them (code points), even when each takes two UTF-16 units.
    await rest.delete('/guilds/1/members/2', undefined, { reason: '✨'.repeat(12) + '😀'.repeat(500) });
    assert.equal(decodeURIComponent(String(local.seen.at(-1)!.headers['x-audit-log-reason'])).length, 12 + 1000);
  });

  test('URLSearchParams go form-urlencoded; auth can be replaced or left out', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'identify' });
    await rest.post('/oauth2/token', form, { auth: 'Basic abc' });
    const req = local.seen.at(-1)!;
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req.body, 'grant_type=client_credentials&scope=identify');
    assert.equal(req.headers.authorization, 'Basic abc');
    await rest.post('/webhooks/500000000000000001/webhook-token', { content: 'hi' }, { auth: false });
    assert.equal(local.seen.at(-1)!.headers.authorization, undefined);
  });

  test('message creates carry a nonce with enforce_nonce; a given nonce is kept', async () => {
    await rest.post('/channels/100000000000000001/messages', { content: 'a' });
    const sent = JSON.parse(local.seen.at(-1)!.body);
    assert.equal(typeof sent.nonce, 'string');
    assert.ok(sent.nonce.length <= 25);
    assert.equal(sent.enforce_nonce, true);
    await rest.post('/channels/100000000000000001/messages', { content: 'b', nonce: 'mine' });
    assert.equal(JSON.parse(local.seen.at(-1)!.body).nonce, 'mine');
  });

  test('two Rests of one bot never send the same nonce, even in the same millisecond', async () => {
    // A time-based nonce repeated here, and with enforce_nonce Discord answers the second create with
    // the first message: the second message is lost.
    const clock = new ManualClock(1_700_000_000_000);
    const twins = [0, 1].map(() => new Rest({ token: TOKEN, pool, clock }));
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      for (const twin of twins) {
        await twin.post('/channels/100000000000000001/messages', { content: `twin ${i}` });
        const sent = JSON.parse(local.seen.at(-1)!.body);
        assert.ok(sent.nonce.length <= 25, sent.nonce);
        nonces.add(sent.nonce);
      }
    }
    assert.equal(nonces.size, 6);
  });

  test('multipart: payload_json and files[n]', async () => {
    await rest.post(
      '/channels/100000000000000001/messages',
      { content: 'files', attachments: [{ id: 0 }, { id: 1 }] },
      {
        files: [
          { name: 'a.txt', data: 'hello' },
          { name: 'b.png', data: new Uint8Array([1, 2, 3]), contentType: 'image/png' },
        ],
      },
    );
    const req = local.seen.at(-1)!;
    assert.match(String(req.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.match(req.body, /name="payload_json"\r\n(Content-Type: application\/json\r\n)?\r\n\{"content":"files"/);
    assert.match(req.body, /name="files\[0\]"; filename="a.txt"/);
    assert.match(req.body, /name="files\[1\]"; filename="b.png"\r\nContent-Type: image\/png/);
    assert.ok(req.body.includes('hello'));
  });
});

describe('RestPool', () => {
  test('pools share the invalid-request guard of the thread unless given one; a Rest without pool uses the default pool', async () => {
    const a = new RestPool({ baseUrl: 'http://127.0.0.1:9/api/v10' });
    const b = new RestPool({ baseUrl: 'http://127.0.0.1:9/api/v10' });
    const own = new RestPool({ baseUrl: 'http://127.0.0.1:9/api/v10', guard: new InvalidRequestGuard() });
    assert.equal(a.guard, b.guard);
    assert.notEqual(own.guard, a.guard);
    const rest = new Rest({ token: TOKEN });
    assert.equal(rest.pool, defaultRestPool());
    assert.equal(rest.pool.baseUrl, 'https://discord.com/api/v10');
    await Promise.all([a.close(), b.close(), own.close()]);
  });
});

/** A server whose one bucket `b` is spent after every answer, for `resetAfter` seconds. */
function spentBucketServer(resetAfter: number) {
  return captureServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-ratelimit-bucket': 'b',
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(resetAfter),
    });
    res.end('{}');
  });
}

describe('Rest: an overall deadline', () => {
  test('a request queued past its deadline fails with RequestDeadlineError; the queue goes on', async () => {
    const local = await spentBucketServer(10);
    const clock = new ManualClock();
    const pool = testPool(local.url);
    const rest = new Rest({ token: TOKEN, pool, clock });
    try {
      const path = '/channels/100000000000000001/messages';
      await rest.get(path);
      const late = rest.get(path, undefined, { deadline: 5000 }).catch((error: unknown) => error);
      const next = rest.get(path);
      await clock.advance(5000);
      const error = await late;
      assert.ok(error instanceof RequestDeadlineError, String(error));
      assert.equal(error.deadline, 5000);
      assert.match(error.message, /GET \/channels\/:id\/messages .*deadline of 5000 ms/);
      await clock.advance(5000);
      await next;
      assert.equal(local.seen.length, 2, 'the request past its deadline was never sent; the next one was');
      await assert.rejects(rest.get(path, undefined, { deadline: -1 }), ValidationError);
      assert.throws(() => new Rest({ token: TOKEN, pool, clock, deadline: 0 }), ValidationError);
    } finally {
      local.server.closeAllConnections();
      local.server.close();
      await pool.close();
    }
  });
});

describe('Rest: one limiter per token', () => {
  test('two Rests of one token on one pool share its buckets; each still sends its own requests', async () => {
    const local = await spentBucketServer(60);
    const clock = new ManualClock();
    const pool = testPool(local.url);
    const first = new Rest({ token: TOKEN, pool, clock });
    const second = new Rest({ token: TOKEN, pool, clock, userAgent: 'DiscordBot (second, 1.0)' });
    const other = new Rest({ token: `${TOKEN}x`, pool, clock });
    try {
      assert.equal(first.limiter, second.limiter);
      assert.notEqual(first.limiter, other.limiter);
      assert.notEqual(first.limiter, new Rest({ token: TOKEN, pool, clock: new ManualClock() }).limiter);
      const elsewhere = new Rest({ token: TOKEN, pool, clock, baseUrl: 'http://127.0.0.1:9/api/v10' });
      assert.notEqual(first.limiter, elsewhere.limiter, 'another API (a second fake) has limits of its own');
      const path = '/channels/100000000000000001/messages';
      await first.get(path);
      const waiting = second.get(path);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(local.seen.length, 1, 'the second client waits for the bucket the first one spent');
      await clock.advance(60_000);
      await waiting;
      assert.equal(local.seen.length, 2);
      assert.equal(local.seen[1]!.headers['user-agent'], 'DiscordBot (second, 1.0)', 'sent by the second client');
    } finally {
      local.server.closeAllConnections();
      local.server.close();
      await pool.close();
    }
  });
});

describe('Rest: bad options', () => {
  test('bad client options are ValidationErrors naming the option', () => {
    const cases: [object, string][] = [
      [{ token: '' }, 'token'],
      [{ token: `Bot ${TOKEN}` }, 'token'],
      [{ token: TOKEN, tokenType: 'bot' }, 'tokenType'],
      [{ token: TOKEN, globalLimit: 0 }, 'globalLimit'],
      [{ token: TOKEN, timeout: -1 }, 'timeout'],
      [{ token: TOKEN, retries: -1 }, 'retries'],
      [{ token: TOKEN, baseUrl: 'not a url' }, 'baseUrl'],
    ];
    for (const [options, path] of cases) {
      assert.throws(
        () => new Rest(options as never),
        (e: unknown) => e instanceof ValidationError && e.path === path && !e.message.includes(TOKEN),
        path,
      );
    }
  });
});

describe('Rest: errors', () => {
  test('flattenErrors turns nested field errors into path lines', () => {
    const lines = flattenErrors({
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      embeds: {
        '0': {
          fields: { '1': { name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } },
        },
      },
      _errors: [{ code: 'X', message: 'top level' }],
    });
    assert.deepEqual(lines, [
      'content: Must be 2000 or fewer in length.',
      'embeds[0].fields[1].name: This field is required',
      '(body): top level',
    ]);
  });

  test('a 50035 from the fake becomes a DiscordAPIError with its fields; no token anywhere', async () => {
    const { FakeDiscord } = await loadTesting();
    const fake = await FakeDiscord.start({ gateway: noGateway });
    const bot = fake.addBot({ name: 'Nue' });
    const guild = fake.addGuild({ name: 'g', members: [bot] });
    const channel = fake.addChannel(guild, { name: 'general' });
    const pool = testPool(fake.restUrl);
    const rest = new Rest({ token: bot.token, pool });
    try {
      const error = await rest.post(`/channels/${channel.id}/messages`, { content: 'x'.repeat(2001) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DiscordAPIError, String(error));
      assert.equal(error.status, 400);
      assert.equal(error.discordCode, 50035);
      assert.equal(error.method, 'POST');
      assert.equal(error.route, '/channels/:id/messages');
      assert.equal(error.fieldErrors.length, 1);
      assert.match(error.fieldErrors[0]!, /^content: /);
      assert.match(error.message, /\n {2}content: /);
      const unknown = await rest.get('/channels/100000000000000099/messages').catch((e: unknown) => e);
      assert.ok(unknown instanceof DiscordAPIError);
      assert.equal(unknown.status, 404);
      const bad = new Rest({ token: `${bot.token}x`, pool });
      const unauthorized = await bad.get('/users/@me').catch((e: unknown) => e);
      assert.ok(unauthorized instanceof DiscordAPIError);
      assert.equal(unauthorized.status, 401);
      for (const e of [error, unknown, unauthorized]) {
        assert.ok(!String((e as Error).message).includes(bot.token), 'no token in the message');
        assert.ok(!(e as Error).stack?.includes(bot.token), 'no token in the stack');
      }
    } finally {
      await pool.close();
      await fake.close();
    }
  });

  test('an unreachable API is a NetworkError without the token', async () => {
    const local = await captureServer();
    local.server.close();
    const pool = testPool(local.url);
    const rest = new Rest({ token: TOKEN, pool, retries: 0 });
    try {
      const error = await rest
        .post('/channels/100000000000000001/messages/300000000000000001/crosspost')
        .catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError, String(error));
      assert.ok(!error.message.includes(TOKEN));
      assert.equal(error.route, '/channels/:id/messages/:id/crosspost');
    } finally {
      await pool.close();
    }
  });

  test('route templates hide ids and tokens; webhook id + token is the major parameter', () => {
    const hook = parseRoute('POST', '/webhooks/500000000000000001/secret-webhook-token/messages/@original?wait=true');
    assert.equal(hook.template, '/webhooks/:id/:token/messages/@original');
    assert.equal(hook.major, '500000000000000001/secret-webhook-token');
    const reaction = parseRoute(
      'PUT',
      '/channels/100000000000000001/messages/300000000000000001/reactions/%F0%9F%91%8D/@me',
    );
    assert.equal(reaction.template, '/channels/:id/messages/:id/reactions/:emoji/@me');
    assert.equal(reaction.major, '100000000000000001');
    const followUp = parseRoute('POST', '/webhooks/123456789012345678/aW50ZXJhY3Rpb246abc');
    assert.equal(followUp.globalExempt, true);
    const old = parseRoute('DELETE', '/channels/100000000000000001/messages/175928847299117063', undefined, Date.now());
    assert.equal(old.key, 'DELETE /channels/:id/messages/:id (old)');
  });
});

describe('Rest: against the fake with Discord-like limits', () => {
  test('a burst over several routes and channels completes without a single 429', async () => {
    const { FakeDiscord } = await loadTesting();
    const fake = await FakeDiscord.start({ gateway: noGateway });
    fake.rest.useDiscordLimits({ scale: 50 });
    fake.rest.setGlobalLimit(50, 1000); // the client's global limit counts real seconds
    const bot = fake.addBot({ name: 'Nue' });
    const guild = fake.addGuild({ name: 'g', members: [bot] });
    const channels = [0, 1, 2].map((i) => fake.addChannel(guild, { name: `c${i}` }));
    const pool = testPool(fake.restUrl);
    const rest = new Rest({ token: bot.token, pool });
    try {
      const work = [];
      for (let i = 0; i < 8; i++) {
        for (const channel of channels) {
          work.push(rest.post(`/channels/${channel.id}/messages`, { content: `m${i}` }));
          work.push(rest.get(`/channels/${channel.id}/messages`, { limit: 1 }));
        }
      }
      work.push(rest.get('/users/@me'));
      await Promise.all(work);
      assert.equal(fake.rest.rateLimitedCount, 0);
      assert.equal(fake.rest.stats.requests, work.length);
      for (const channel of channels) {
        assert.deepEqual(
          fake.messages(channel).map((m: { content: string }) => m.content),
          Array.from({ length: 8 }, (_, i) => `m${i}`),
        );
      }
    } finally {
      await pool.close();
      await fake.close();
    }
  });
});

describe('Rest: timeouts never strand a queue', () => {
  test('a request that gets no answer times out (manual clock) and the next one in its bucket goes', async () => {
    let hang = true;
    const received: (() => void)[] = [];
    const local = await captureServer((req, res) => {
      const answer = () => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-ratelimit-bucket': 'b',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '4',
          'x-ratelimit-reset-after': '1',
        });
        res.end(JSON.stringify({ body: req.body }));
      };
      if (hang) {
        hang = false;
        received.shift()?.();
        return; // never answered
      }
      answer();
    });
    const clock = new ManualClock();
    const pool = testPool(local.url);
    const rest = new Rest({ token: TOKEN, pool, clock, timeout: 15_000, retryBackoff: 0 });
    try {
      const arrived = new Promise<void>((resolve) => received.push(resolve));
      const first = rest.post('/channels/100000000000000001/messages', { content: 'one' }, {}).catch((e: unknown) => e);
      const second = rest.post('/channels/100000000000000001/messages', {
        content: 'two',
        nonce: 'n2',
        enforce_nonce: false,
      });
      await arrived;
      await clock.advance(15_000);
      // The timed-out request opened the global window: its retry waits for that window to end (a second
      // after the failure), since Discord may have counted the lost request at any moment until then.
      await clock.advance(1000);
      const error = await first;
      // The first was a message create with an enforced nonce: safe to retry, and retried.
      assert.ok(!(error instanceof Error), String(error));
      assert.deepEqual(await second, { body: JSON.stringify({ content: 'two', nonce: 'n2', enforce_nonce: false }) });
      assert.deepEqual(
        local.seen.map((r) => JSON.parse(r.body).content),
        ['one', 'one', 'two'],
        'the create was re-sent (same nonce), then the next in order',
      );
      assert.equal(JSON.parse(local.seen[0]!.body).nonce, JSON.parse(local.seen[1]!.body).nonce);
    } finally {
      local.server.closeAllConnections();
      local.server.close();
      await pool.close();
    }
  });

  test('with the system clock, the timers of undici bound the exchange', async () => {
    const local = await captureServer(() => {}); // never answers
    const pool = testPool(local.url);
    const rest = new Rest({ token: TOKEN, pool, timeout: 30 });
    try {
      const error = await rest.patch('/channels/100000000000000001', { name: 'a' }).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.timedOut, true);
    } finally {
      local.server.closeAllConnections();
      local.server.close();
      await pool.close();
    }
  });

  test('a non-retryable request that times out fails with NetworkError(timedOut) and the queue moves on', async () => {
    let count = 0;
    const received: (() => void)[] = [];
    const local = await captureServer((_req, res) => {
      count++;
      if (count === 1) {
        received.shift()?.();
        return;
      }
      res.writeHead(204);
      res.end();
    });
    const clock = new ManualClock();
    const pool = testPool(local.url);
    const rest = new Rest({ token: TOKEN, pool, clock, timeout: 1000 });
    try {
      const arrived = new Promise<void>((resolve) => received.push(resolve));
      const first = rest.patch('/channels/100000000000000001', { name: 'a' }).catch((e: unknown) => e);
      const second = rest.patch('/channels/100000000000000001', { name: 'b' });
      await arrived;
      await clock.advance(1000);
      const error = await first;
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.timedOut, true);
      await clock.advance(1000); // the lost request's global window ends a second after the timeout
      assert.equal(await second, undefined);
      assert.equal(count, 2, 'the PATCH was not re-sent');
    } finally {
      local.server.closeAllConnections();
      local.server.close();
      await pool.close();
    }
  });
});

function noGateway() {
  return {
    handleUpgrade: (_req: unknown, socket: { end(text: string): void }) => socket.end('HTTP/1.1 503 No\r\n\r\n'),
    sessionStartLimit: () => ({ total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 }),
    recommendedShards: () => 1,
    close: async () => {},
  };
}
