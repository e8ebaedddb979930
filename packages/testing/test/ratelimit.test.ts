import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { FakeRateLimiter, type RateLimitRequest } from '../src/index.js';
import { api, startFake } from './helpers.js';

const POST = 'POST /channels/:channel_id/messages';
const PATCH = 'PATCH /channels/:channel_id/messages/:message_id';

function req(route: string, major = 'c1', botId: string | undefined = 'bot1', globalExempt = false): RateLimitRequest {
  return { route, majorParameter: major, botId, globalExempt };
}

describe('fake rate limits: engine', () => {
  test('a bucket counts down Remaining, then 429s with scope user until Reset-After', async () => {
    const clock = new ManualClock();
    const limiter = new FakeRateLimiter({ clock });
    limiter.setLimit(POST, { limit: 2, windowMs: 1000 });
    const first = limiter.check(req(POST));
    assert.equal(first.headers['x-ratelimit-limit'], '2');
    assert.equal(first.headers['x-ratelimit-remaining'], '1');
    assert.equal(first.headers['x-ratelimit-reset-after'], '1.000');
    assert.ok(first.headers['x-ratelimit-bucket']);
    await clock.advance(250);
    assert.equal(limiter.check(req(POST)).headers['x-ratelimit-reset-after'], '0.750');
    const limited = limiter.check(req(POST));
    assert.deepEqual(limited.limited, { retryAfter: 0.75, global: false, scope: 'user' });
    assert.equal(limited.headers['x-ratelimit-scope'], 'user');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.equal(limited.headers['retry-after'], '1');
    await clock.advance(750);
    assert.equal(limiter.check(req(POST)).limited, undefined, 'a new window');
    assert.equal(limiter.stats.user, 1);
    assert.equal(limiter.invalidRequests, 1);
  });

  test('major parameters and bots have their own windows', () => {
    const limiter = new FakeRateLimiter({ clock: new ManualClock() });
    limiter.setLimit(POST, { limit: 1, windowMs: 1000 });
    assert.equal(limiter.check(req(POST, 'c1')).limited, undefined);
    assert.ok(limiter.check(req(POST, 'c1')).limited);
    assert.equal(limiter.check(req(POST, 'c2')).limited, undefined);
    assert.equal(limiter.check(req(POST, 'c1', 'bot2')).limited, undefined);
  });

  test('routes given one bucket id share a window', () => {
    const limiter = new FakeRateLimiter({ clock: new ManualClock() });
    limiter.setLimit(POST, { limit: 2, windowMs: 1000, bucket: 'write' });
    limiter.setLimit(PATCH, { limit: 2, windowMs: 1000, bucket: 'write' });
    assert.equal(limiter.check(req(POST)).headers['x-ratelimit-bucket'], 'write');
    assert.equal(limiter.check(req(PATCH)).headers['x-ratelimit-remaining'], '0');
    assert.equal(limiter.check(req(POST)).limited?.scope, 'user');
  });

  test('a sublimit 429s while the bucket still has Remaining, with a longer retry', () => {
    const limiter = new FakeRateLimiter({ clock: new ManualClock() });
    const route = 'PATCH /channels/:channel_id';
    limiter.setLimit(route, { limit: 5, windowMs: 5000 });
    limiter.setSublimit(route, { limit: 2, windowMs: 600_000 });
    limiter.check(req(route));
    limiter.check(req(route));
    const third = limiter.check(req(route));
    assert.equal(third.limited?.scope, 'user');
    assert.ok((third.limited?.retryAfter ?? 0) > 5);
    assert.ok(Number(third.headers['x-ratelimit-remaining']) > 0);
    assert.equal(limiter.stats.sublimit, 1);
  });

  test('the global limit is per bot; exempt routes and other bots pass', async () => {
    const clock = new ManualClock();
    const limiter = new FakeRateLimiter({ clock, globalLimit: 2 });
    assert.equal(limiter.check(req(POST, 'a')).limited, undefined);
    assert.equal(limiter.check(req(POST, 'b')).limited, undefined);
    const limited = limiter.check(req(POST, 'c'));
    assert.equal(limited.limited?.scope, 'global');
    assert.equal(limited.limited?.global, true);
    assert.equal(limited.headers['x-ratelimit-global'], 'true');
    assert.equal(limited.headers['x-ratelimit-scope'], 'global');
    assert.equal(
      limiter.check(req('POST /interactions/:interaction_id/:interaction_token/callback', 'i', 'bot1', true)).limited,
      undefined,
    );
    assert.equal(limiter.check(req(POST, 'a', 'bot2')).limited, undefined);
    await clock.advance(1000);
    assert.equal(limiter.check(req(POST, 'c')).limited, undefined);
  });

  test('injected shared 429s are not invalid; invalid answers up to the limit ban', async () => {
    const clock = new ManualClock();
    const limiter = new FakeRateLimiter({ clock, invalidRequestLimit: 3, invalidWindowMs: 10_000, banMs: 5000 });
    limiter.injectRateLimit({ scope: 'shared', retryAfter: 0.5, count: 2 });
    assert.equal(limiter.check(req(POST)).limited?.scope, 'shared');
    assert.equal(limiter.check(req(POST)).limited?.scope, 'shared');
    assert.equal(limiter.check(req(POST)).limited, undefined);
    assert.equal(limiter.invalidRequests, 0);
    limiter.observe(401);
    limiter.observe(403);
    limiter.observe(404);
    assert.equal(limiter.invalidRequests, 2);
    assert.equal(limiter.banned, false);
    limiter.observe(401);
    assert.equal(limiter.banned, true);
    assert.equal(limiter.check(req(POST, 'other')).limited?.scope, 'global');
    await clock.advance(10_001);
    assert.equal(limiter.banned, false);
    assert.equal(limiter.invalidRequests, 0, 'the window slid');
  });

  test('the sliding global window refuses a request when the limit arrived in the last second, wherever it started', async () => {
    const clock = new ManualClock();
    const fixed = new FakeRateLimiter({ clock, globalLimit: 2 });
    const sliding = new FakeRateLimiter({ clock, globalLimit: 2, globalWindow: 'sliding' });
    const t0 = clock.now();
    for (const limiter of [fixed, sliding]) assert.equal(limiter.check(req(POST, 'a')).limited, undefined);
    await clock.advance(900);
    for (const limiter of [fixed, sliding]) assert.equal(limiter.check(req(POST, 'b')).limited, undefined);
    await clock.advance(150); // t0 + 1050: the fixed window (opened at t0) is over; 'b' is 150 ms old
    assert.equal(fixed.check(req(POST, 'c')).limited, undefined);
    assert.equal(fixed.check(req(POST, 'd')).limited, undefined, 'fixed: two more in its new window');
    assert.equal(sliding.check(req(POST, 'c')).limited, undefined, "sliding: 'a' left the last second");
    const refused = sliding.check(req(POST, 'd'));
    assert.equal(refused.limited?.scope, 'global', "sliding: 'b' and 'c' arrived in the last second");
    assert.equal(refused.limited?.retryAfter, 0.85, "room again when 'b' is 1 s old (t0 + 1900)");
    await clock.advance(t0 + 1900 - clock.now());
    assert.equal(sliding.check(req(POST, 'd')).limited, undefined);
    assert.equal(sliding.stats.global, 1);
    sliding.reset();
    assert.equal(sliding.check(req(POST, 'e')).limited, undefined, 'reset forgets the arrivals');
  });

  test("the 'sent' global window opens and counts by when the client sent each request", async () => {
    const clock = new ManualClock();
    const limiter = new FakeRateLimiter({ clock, globalLimit: 1, globalWindow: 'sent' });
    const t0 = clock.now();
    await clock.advance(300);
    // Sent at t0, arrived 300 ms later: the window is [t0, t0 + 1000), not [t0 + 300, t0 + 1300).
    assert.equal(limiter.check({ ...req(POST, 'a'), sentAt: t0 }).limited, undefined);
    await clock.advance(750); // t0 + 1050
    assert.equal(limiter.check({ ...req(POST, 'b'), sentAt: t0 + 1010 }).limited, undefined, 'a new window');
    assert.equal(limiter.check({ ...req(POST, 'c'), sentAt: t0 + 1020 }).limited?.scope, 'global');
    const arrival = new FakeRateLimiter({ clock, globalLimit: 1 });
    assert.equal(arrival.check({ ...req(POST, 'a'), sentAt: t0 }).limited, undefined, "'fixed' ignores sentAt");
  });

  test('useDiscordLimits: the documented global limit, 50 per second per bot token, under each window model', async () => {
    // Discord's documentation: "All bots can make up to 50 requests per second to our API", per bot
    // token, interaction endpoints exempt; over it, a 429 with `global: true`, `X-RateLimit-Global` and
    // `X-RateLimit-Scope: global`. Where the second starts is not documented: every model gives 50.
    for (const model of ['fixed', 'sent', 'sliding'] as const) {
      const clock = new ManualClock();
      const limiter = new FakeRateLimiter({ clock });
      limiter.useDiscordLimits({ globalWindow: model });
      const read = (i: number) => req('GET /channels/:channel_id/pins', `c${i}`);
      for (let i = 0; i < 50; i++)
        assert.equal(limiter.check(read(i)).limited, undefined, `${model}: request ${i + 1}`);
      const over = limiter.check(read(50));
      assert.equal(over.limited?.global, true, `${model}: the 51st in the second is refused`);
      assert.equal(over.headers['x-ratelimit-global'], 'true');
      assert.equal(over.headers['x-ratelimit-scope'], 'global');
      const callback = req('POST /interactions/:interaction_id/:interaction_token/callback', 'i', 'bot1', true);
      assert.equal(limiter.check(callback).limited, undefined, `${model}: interaction callbacks are exempt`);
      assert.equal(limiter.check(req('GET /channels/:channel_id/pins', 'c0', 'bot2')).limited, undefined);
      await clock.advance(1000);
      assert.equal(limiter.check(read(51)).limited, undefined, `${model}: a second later there is room`);
    }
  });

  test('an unlimited route sends no bucket headers but still counts toward the global limit', () => {
    const limiter = new FakeRateLimiter({ clock: new ManualClock(), globalLimit: 1 });
    limiter.setUnlimited('GET /gateway/bot');
    assert.deepEqual(limiter.check(req('GET /gateway/bot', '')).headers, {});
    assert.equal(limiter.check(req('GET /gateway/bot', '')).limited?.scope, 'global');
  });

  test('useDiscordLimits scales windows, keeps limits', () => {
    const limiter = new FakeRateLimiter({ clock: new ManualClock() });
    limiter.useDiscordLimits({ scale: 10 });
    const headers = limiter.check(req(POST)).headers;
    assert.equal(headers['x-ratelimit-limit'], '5');
    assert.equal(headers['x-ratelimit-reset-after'], '0.500');
  });
});

describe('fake rate limits: over HTTP', () => {
  test('429 bodies and headers as Discord sends them; 401s are counted', async () => {
    const { fake, nue, channel } = await startFake();
    try {
      fake.rest.setGlobalLimit(1, 60_000);
      const path = `/channels/${channel.id}/messages`;
      assert.equal((await api(fake, nue.token, 'POST', path, { content: '1' })).status, 200);
      const global = await api(fake, nue.token, 'POST', path, { content: '2' });
      assert.equal(global.status, 429);
      assert.equal(global.body.global, true);
      assert.equal(typeof global.body.retry_after, 'number');
      assert.equal(global.body.message, 'You are being rate limited.');
      assert.equal(global.headers.get('x-ratelimit-global'), 'true');
      assert.equal(global.headers.get('x-ratelimit-scope'), 'global');
      assert.ok(Number(global.headers.get('retry-after')) >= 1);
      fake.rest.setGlobalLimit(Number.POSITIVE_INFINITY);
      fake.rest.injectRateLimit({ scope: 'shared', retryAfter: 2, code: 20016 });
      const shared = await api(fake, nue.token, 'POST', path, { content: '3' });
      assert.equal(shared.status, 429);
      assert.equal(shared.headers.get('x-ratelimit-scope'), 'shared');
      assert.equal(shared.body.code, 20016);
      const before = fake.rest.invalidRequests;
      await api(fake, 'bad-token', 'GET', '/users/@me');
      assert.equal(fake.rest.invalidRequests, before + 1);
    } finally {
      await fake.close();
    }
  });
});
