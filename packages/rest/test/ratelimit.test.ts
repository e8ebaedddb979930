import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestLimitError, NetworkError, RateLimitError, type RawResponse } from '../src/index.js';
import { CHANNEL_A, CHANNEL_B, createHarness, GUILD_A, settleAll } from './ratelimit-harness.js';

const messages = (channel: string) => `/channels/${channel}/messages`;
const POST_MESSAGES = 'POST /channels/:id/messages';

describe('rate limiter: buckets', () => {
  test('an unknown route goes one request at a time, then its bucket id is learned', async () => {
    const h = await createHarness({ latency: 5 });
    h.server.setLimit(POST_MESSAGES, { limit: 5, windowMs: 5000, bucket: 'msg' });
    const done = [1, 2, 3].map((i) => h.request('POST', messages(CHANNEL_A), `m${i}`));
    await h.clock.advance(4);
    assert.equal(h.sent.length, 1, 'only one request in flight while the bucket is unknown');
    await h.clock.advance(100);
    await Promise.all(done);
    assert.deepEqual(
      h.sent.map((s) => s.at - h.sent[0]!.at),
      [0, 5, 10],
    );
    assert.equal(h.of().bucketIdOf(POST_MESSAGES), 'msg');
  });

  test('routes sharing a bucket id share one window once both are learned', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 2, windowMs: 1000, bucket: 'shared' });
    h.server.setLimit('PATCH /channels/:id/messages/:id', { limit: 2, windowMs: 1000, bucket: 'shared' });
    const edit = `${messages(CHANNEL_A)}/300000000000000001`;
    await Promise.all([h.request('POST', messages(CHANNEL_A), 'p1'), h.clock.advance(5)]);
    await Promise.all([h.request('PATCH', edit, 'e1'), h.clock.advance(5)]);
    assert.equal(h.of().bucketIdOf('PATCH /channels/:id/messages/:id'), 'shared');
    await h.clock.advance(1000);
    const start = h.clock.now();
    const rest = [
      h.request('PATCH', edit, 'e2'),
      h.request('POST', messages(CHANNEL_A), 'p2'),
      h.request('PATCH', edit, 'e3'),
    ];
    await h.clock.advance(3000);
    await Promise.all(rest);
    assert.equal(h.server.stats.user, 0, 'no 429: the shared window was respected');
    assert.ok(h.sent.find((s) => s.tag === 'e3')!.at >= start + 1000, 'the third waited for the shared window');
  });

  test('a route still unknown waits for a spent bucket of its major parameter: no 429 if they share it', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 2, windowMs: 1000, bucket: 'shared' });
    h.server.setLimit('PATCH /channels/:id/messages/:id', { limit: 2, windowMs: 1000, bucket: 'shared' });
    const posts = [1, 2].map((i) => h.request('POST', messages(CHANNEL_A), `p${i}`));
    await h.clock.advance(10); // the create bucket is known and spent
    const edit = h.request('PATCH', `${messages(CHANNEL_A)}/300000000000000001`, 'e1');
    const elsewhere = h.request('PATCH', `${messages(CHANNEL_B)}/300000000000000002`, 'e2');
    await h.clock.advance(2000);
    await Promise.all([...posts, edit, elsewhere]);
    assert.equal(h.server.stats.user, 0, 'the first edit did not spend a 429 on the shared window');
    const sentAt = (tag: string) => h.sent.find((s) => s.tag === tag)!.at;
    assert.ok(sentAt('e1') - sentAt('p1') >= 1000, 'the edit waited for the window to reset');
    assert.ok(sentAt('e2') - sentAt('p1') < 100, 'another channel did not wait');
  });

  test('major parameters are limited separately', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 2, windowMs: 1000 });
    const t0 = h.clock.now();
    const all = [
      ...[1, 2, 3, 4].map((i) => h.request('POST', messages(CHANNEL_A), `a${i}`)),
      ...[1, 2, 3, 4].map((i) => h.request('POST', messages(CHANNEL_B), `b${i}`)),
    ];
    await h.clock.advance(50);
    const early = h.sent.filter((s) => s.at - t0 < 50).map((s) => s.tag);
    assert.deepEqual(early.sort(), ['a1', 'a2', 'b1', 'b2'], 'channel B did not wait for channel A');
    await h.clock.advance(3000);
    await Promise.all(all);
    assert.equal(h.server.stats.user, 0);
    const a3 = h.sent.find((s) => s.tag === 'a3')!;
    assert.ok(a3.at - t0 >= 1000, 'the third request of a channel waited for the window');
  });

  test('requests in one bucket keep their order, across window waits', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 3, windowMs: 100 });
    const order: string[] = [];
    const all = Array.from({ length: 10 }, (_, i) =>
      h.request('POST', messages(CHANNEL_A), `m${i}`).then((r) => order.push(r.body as string)),
    );
    await h.clock.advance(1000);
    await Promise.all(all);
    const expected = Array.from({ length: 10 }, (_, i) => `m${i}`);
    assert.deepEqual(
      h.sent.map((s) => s.tag),
      expected,
    );
    assert.deepEqual(order, expected);
    assert.equal(h.server.stats.user, 0);
  });

  test('a route answered without bucket headers is sent without a queue', async () => {
    const h = await createHarness({
      latency: 10,
      fault: (tag) => (tag.startsWith('free') ? { status: 200, headers: {}, body: tag } : undefined),
    });
    await Promise.all([h.request('GET', '/gateway', 'free0'), h.clock.advance(20)]);
    const all = [1, 2, 3].map((i) => h.request('GET', '/gateway', `free${i}`));
    await h.clock.advance(5);
    assert.equal(h.sent.length, 4, 'all three in flight at once');
    await h.clock.advance(20);
    await Promise.all(all);
    assert.equal(h.of().bucketIdOf('GET /gateway'), null);
  });
});

describe('rate limiter: global limit', () => {
  test('one token stays under its global limit across buckets', async () => {
    const h = await createHarness({ globalLimit: 5, serverGlobalLimit: 5 });
    const all = Array.from({ length: 12 }, (_, i) =>
      h.request('GET', `/channels/1000000000000000${String(i).padStart(2, '0')}/messages`, `g${i}`),
    );
    await h.clock.advance(5000);
    await Promise.all(all);
    assert.equal(h.server.stats.global, 0, 'no global 429');
    const first = h.sent[0]!.at;
    assert.equal(h.sent.filter((s) => s.at < first + 1000).length, 5);
    assert.equal(h.sent.filter((s) => s.at < first + 2001).length, 10);
  });

  test('two tokens have independent global limits', async () => {
    const h = await createHarness({ globalLimit: 5, serverGlobalLimit: 5 });
    const all = ['bot1', 'bot2'].flatMap((bot) =>
      Array.from({ length: 5 }, (_, i) =>
        h.request('GET', `/channels/10000000000000000${i}/messages`, `${bot}-${i}`, { bot }),
      ),
    );
    await h.clock.advance(20);
    assert.equal(h.sent.length, 10, 'both tokens sent their 5 at once');
    await Promise.all(all);
    assert.equal(h.server.stats.global, 0);
  });

  test('when the global limit is short, a long queue gets several requests per window, not one', async () => {
    const h = await createHarness({ globalLimit: 5, serverGlobalLimit: 5 });
    h.server.setLimit('GET /guilds/:id/roles', { limit: 3, windowMs: 1000 });
    const roles = `/guilds/${GUILD_A}/roles`;
    await Promise.all([h.request('GET', roles, 'learn'), h.clock.advance(1500)]); // the bucket (3 per s) is known
    const t0 = h.clock.now();
    const long = Array.from({ length: 12 }, (_, i) => h.request('GET', roles, `role${i}`));
    const lone = Array.from({ length: 18 }, (_, i) =>
      h.request('GET', `/channels/1000000000000000${String(i).padStart(2, '0')}/pins`, `lone${i}`),
    );
    await h.clock.advance(10_000);
    await Promise.all([...long, ...lone]);
    assert.equal(h.server.stats.global, 0, 'holding permits back never overshoots the global limit');
    assert.equal(h.server.stats.user, 0);
    // 30 requests at 5 per second need 6 windows. First come, first served gave the long queue (3 per
    // second at most) one request per window while the lone ones lasted: it ended in the 8th window.
    // Served first, with permits held while it comes back, it gets 3 in a window and ends in the 7th.
    const last = Math.max(...h.sent.filter((s) => s.at >= t0).map((s) => s.at)) - t0;
    assert.ok(last < 6100, `the long queue was not left for last (last request at ${last} ms)`);
    assert.deepEqual(
      h.sent.filter((s) => s.tag.startsWith('role')).map((s) => s.tag),
      Array.from({ length: 12 }, (_, i) => `role${i}`),
      'the long queue kept its order',
    );
  });

  test('a lone request passed over for long queues still goes once it has waited their weight', async () => {
    const h = await createHarness({ globalLimit: 2, serverGlobalLimit: 2 });
    h.server.setLimit('GET /guilds/:id/roles', { limit: 10, windowMs: 100 });
    const roles = `/guilds/${GUILD_A}/roles`;
    await Promise.all([h.request('GET', roles, 'learn'), h.clock.advance(1500)]);
    const t0 = h.clock.now();
    const long = Array.from({ length: 30 }, (_, i) => h.request('GET', roles, `role${i}`));
    await h.clock.advance(10);
    const lone = h.request('GET', `/channels/${CHANNEL_A}/pins`, 'lone');
    await h.clock.advance(20_000);
    await Promise.all([...long, lone]);
    const order = h.sent.filter((s) => s.at >= t0).map((s) => s.tag);
    const at = h.sent.find((s) => s.tag === 'lone')!.at - t0;
    // Each queued request weighs 100 ms of waiting: behind 30, the lone one goes in the 4th window
    // (first come, first served: the 1st), long before the queue is done (the 16th).
    assert.ok(at < 4000, `the lone request went at ${at} ms`);
    assert.ok(order.indexOf('lone') < order.length - 10, 'not left for last');
    assert.equal(h.server.stats.global, 0);
  });

  test('a slot is held until 1 s after its own answer, not after its window opener', async () => {
    const h = await createHarness({ globalLimit: 2, serverGlobalLimit: 2, serverGlobalWindow: 'sliding', latency: 10 });
    const t0 = h.clock.now();
    const first = h.request('GET', messages(CHANNEL_A), 'r1'); // arrives and is answered at t0 + 10
    await h.clock.advance(500);
    const second = h.request('GET', messages(CHANNEL_B), 'r2'); // answered at t0 + 510
    await h.clock.advance(100);
    const late = [3, 4].map((i) => h.request('GET', `/channels/10000000000000000${i}/messages`, `r${i}`));
    await h.clock.advance(3000);
    await Promise.all([first, second, ...late]);
    assert.equal(h.server.stats.global, 0, 'no global 429');
    const at = (tag: string) => h.sent.find((s) => s.tag === tag)!.at - t0;
    assert.equal(at('r3'), 1010, "r3 takes r1's slot 1 s after r1's answer");
    assert.equal(at('r4'), 1510, "r4 waits for r2's slot, not for a window opened by r1");
  });

  test('the strictest reading: 600 requests over 60 channels, answers late and uneven, 0 global 429s', async () => {
    // Discord does not document where its global second starts; the strictest reading is a sliding
    // window over arrivals. Answers come back 0-40 ms after arrival (deterministic spread): a window
    // anchored on its first answer overlaps the late answers of the previous one (the limiter before
    // this rule got 20 global 429s here). Each slot costs 1 s + its round trip, hence the 0.9.
    const spread = (tag: string) => (Number(tag.slice(1)) * 37) % 41;
    const h = await createHarness({
      globalLimit: 50,
      serverGlobalLimit: 50,
      serverGlobalWindow: 'sliding',
      latency: 5,
      answerDelay: spread,
    });
    h.server.setLimit('POST /channels/:id/messages', { limit: 5, windowMs: 5000, bucket: 'write' });
    const channels = Array.from({ length: 60 }, (_, i) => `1000000000000001${String(i).padStart(2, '0')}`);
    const t0 = h.clock.now();
    let last = 0;
    const all = Array.from({ length: 600 }, (_, i) =>
      h.request('POST', messages(channels[i % 60]!), `m${i}`).then((response) => {
        last = h.clock.now() - t0;
        return response;
      }),
    );
    for (let waited = 0; waited < 60_000 && h.sent.filter((s) => s.status === 200).length < 600; waited += 100) {
      await h.clock.advance(100);
    }
    await Promise.all(all);
    assert.equal(h.server.stats.global, 0, 'no global 429 under a sliding window');
    // The limits allow 600 requests at 50 per sliding second in 11 s (the buckets: 5 s).
    const ideal = (Math.ceil(600 / 50) - 1) * 1000;
    assert.ok(ideal / last >= 0.9, `finished in ${last} ms, ${(ideal / last).toFixed(3)} of the ideal ${ideal} ms`);
  });

  test('interaction callbacks are exempt from the global limit', async () => {
    const h = await createHarness({ globalLimit: 1, serverGlobalLimit: 1 });
    const first = h.request('GET', messages(CHANNEL_A), 'normal');
    const callbacks = [1, 2, 3].map((i) =>
      h.request('POST', `/interactions/40000000000000000${i}/aW50ZXJhY3Rpb246tok${i}/callback`, `cb${i}`),
    );
    await h.clock.advance(20);
    assert.equal(h.sent.length, 4, 'callbacks did not wait for the spent global window');
    await Promise.all([first, ...callbacks]);
  });
});

describe('rate limiter: 429 scopes', () => {
  test('user scope: the bucket waits retry_after and retries the same request first', async () => {
    const h = await createHarness();
    h.server.injectRateLimit({ route: POST_MESSAGES, scope: 'user', retryAfter: 0.5 });
    const all = [1, 2].map((i) => h.request('POST', messages(CHANNEL_A), `m${i}`));
    await h.clock.advance(2000);
    const results = await Promise.all(all);
    assert.deepEqual(
      results.map((r) => r.body),
      ['m1', 'm2'],
    );
    assert.deepEqual(
      h.sent.map((s) => [s.tag, s.status]),
      [
        ['m1', 429],
        ['m1', 200],
        ['m2', 200],
      ],
    );
    assert.ok(h.sent[1]!.at - h.sent[0]!.at >= 500);
    assert.equal(h.guard.count, 1, 'a user 429 counts as invalid');
  });

  test('global scope: every bucket of the token waits', async () => {
    const h = await createHarness();
    h.server.injectRateLimit({ route: POST_MESSAGES, scope: 'global', retryAfter: 0.3 });
    const t0 = h.clock.now();
    const first = h.request('POST', messages(CHANNEL_A), 'a');
    await h.clock.advance(2);
    const other = h.request('GET', messages(CHANNEL_B), 'b');
    await h.clock.advance(1000);
    await Promise.all([first, other]);
    const b = h.sent.find((s) => s.tag === 'b')!;
    assert.ok(b.at - t0 >= 300, `another bucket waited for the global block (sent at ${b.at - t0})`);
    assert.equal(h.guard.count, 1);
  });

  test('shared scope: retried after retry_after, not counted as invalid', async () => {
    const h = await createHarness();
    h.server.injectRateLimit({ route: POST_MESSAGES, scope: 'shared', retryAfter: 0.2 });
    const done = h.request('POST', messages(CHANNEL_A), 'm');
    await h.clock.advance(500);
    assert.equal((await done).body, 'm');
    assert.equal(h.server.stats.shared, 1);
    assert.equal(h.guard.count, 0, 'shared 429s do not count');
  });

  test('a sublimit (429 with Remaining > 0) is waited out when short, and the request goes through', async () => {
    const h = await createHarness();
    h.server.setLimit('PATCH /channels/:id', { limit: 5, windowMs: 5000 });
    h.server.setSublimit('PATCH /channels/:id', { limit: 2, windowMs: 2000 });
    const t0 = h.clock.now();
    const edits = [1, 2, 3].map((i) => h.request('PATCH', `/channels/${CHANNEL_A}`, `rename${i}`));
    await h.clock.advance(5000);
    const results = await Promise.all(edits);
    assert.deepEqual(
      results.map((r) => r.body),
      ['rename1', 'rename2', 'rename3'],
    );
    assert.equal(h.server.stats.sublimit, 1);
    const retried = h.sent.filter((s) => s.tag === 'rename3');
    assert.deepEqual(
      retried.map((s) => s.status),
      [429, 200],
    );
    assert.ok(retried[1]!.at - t0 >= 2000, 'waited for the sublimit, longer than the bucket said');
  });

  test('a sublimit longer than maxRateLimitWait fails with RateLimitError; other buckets go on', async () => {
    const h = await createHarness({ maxRateLimitWait: 5000 });
    h.server.setLimit('PATCH /channels/:id', { limit: 5, windowMs: 5000 });
    h.server.setSublimit('PATCH /channels/:id', { limit: 2, windowMs: 600_000 });
    const edits = [1, 2, 3, 4].map((i) => h.request('PATCH', `/channels/${CHANNEL_A}`, `rename${i}`));
    const after = h.request('GET', messages(CHANNEL_A), 'other-bucket');
    const settled = settleAll([...edits, after]);
    await h.clock.advance(100);
    const results = await settled;
    assert.equal((results[0] as RawResponse).body, 'rename1');
    assert.equal((results[1] as RawResponse).body, 'rename2');
    for (const error of results.slice(2, 4)) {
      assert.ok(error instanceof RateLimitError, String(error));
      assert.equal(error.scope, 'user');
      assert.ok(error.retryAfter > 500_000, 'the error carries the retry time');
    }
    assert.equal(h.sent.filter((s) => s.tag === 'rename4').length, 0, 'the fourth was refused without a request');
    assert.equal((results[4] as RawResponse).body, 'other-bucket');
    assert.equal(h.server.stats.sublimit, 1);
  });
});

describe('rate limiter: abort and timeouts never strand a queue', () => {
  test('aborting a queued request removes it; the queue moves on in order', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 1, windowMs: 1000 });
    const controller = new AbortController();
    const settled = settleAll([
      h.request('POST', messages(CHANNEL_A), 'm1'),
      h.request('POST', messages(CHANNEL_A), 'm2'),
      h.request('POST', messages(CHANNEL_A), 'm3', { signal: controller.signal }),
      h.request('POST', messages(CHANNEL_A), 'm4'),
    ]);
    await h.clock.advance(10);
    controller.abort();
    await h.clock.advance(5000);
    const results = await settled;
    assert.equal((results[2] as Error).name, 'AbortError');
    assert.deepEqual(
      h.sent.map((s) => s.tag),
      ['m1', 'm2', 'm4'],
    );
  });

  test('a deadline (AbortSignal.timeout) that expires while queued frees the queue', async () => {
    const h = await createHarness();
    h.server.setLimit(POST_MESSAGES, { limit: 1, windowMs: 1000 });
    const settled = settleAll([
      h.request('POST', messages(CHANNEL_A), 'm1'),
      h.request('POST', messages(CHANNEL_A), 'm2', { signal: AbortSignal.timeout(5) }),
      h.request('POST', messages(CHANNEL_A), 'm3'),
    ]);
    await h.clock.advance(10); // m1 sent; m2 waits for the window on the manual clock
    await new Promise((resolve) => setTimeout(resolve, 20)); // m2's real deadline passes meanwhile
    await h.clock.advance(2000);
    const results = await settled;
    assert.equal((results[1] as Error).name, 'TimeoutError');
    assert.deepEqual(
      h.sent.map((s) => s.tag),
      ['m1', 'm3'],
    );
  });

  test('aborting while waiting for the global limit gives the permit back', async () => {
    const h = await createHarness({ globalLimit: 1, serverGlobalLimit: 1 });
    const controller = new AbortController();
    const a = h.request('GET', messages(CHANNEL_A), 'a');
    const b = h.request('GET', messages(CHANNEL_B), 'b', { signal: controller.signal });
    const c = h.request('GET', `/guilds/${GUILD_A}`, 'c');
    const settled = settleAll([a, b, c]);
    await h.clock.advance(10);
    controller.abort();
    await h.clock.advance(3000);
    const results = await settled;
    assert.equal((results[1] as Error).name, 'AbortError');
    assert.deepEqual(
      h.sent.map((s) => s.tag),
      ['a', 'c'],
    );
    assert.ok(h.sent[1]!.at - h.sent[0]!.at < 1100, 'c used the window b gave up');
  });

  test('aborting a request on the wire rejects it and the next one goes', async () => {
    const h = await createHarness({ latency: 1000 });
    const controller = new AbortController();
    const a = h.request('POST', messages(CHANNEL_A), 'a', { signal: controller.signal });
    const b = h.request('POST', messages(CHANNEL_A), 'b');
    const settled = settleAll([a, b]);
    await h.clock.advance(10);
    controller.abort();
    await h.clock.advance(2000);
    const results = await settled;
    assert.equal((results[0] as Error).name, 'AbortError');
    assert.equal((results[1] as RawResponse).body, 'b');
  });
});

describe('rate limiter: retries', () => {
  test('5xx and network errors are retried with back-off for idempotent requests only', async () => {
    const h = await createHarness({
      fault: (tag, attempt) => {
        if (tag === 'get' && attempt === 1) return { status: 502, headers: {}, body: 'bad gateway' };
        if (tag === 'get' && attempt === 2) return new NetworkError('GET', '/x', 'ECONNRESET');
        if (tag === 'post' && attempt === 1) return { status: 500, headers: {}, body: 'oops' };
        return undefined;
      },
    });
    const get = h.request('GET', messages(CHANNEL_A), 'get');
    const post = h.request('POST', messages(CHANNEL_B), 'post', { retryable: false });
    await h.clock.advance(2000);
    assert.equal((await get).body, 'get');
    assert.equal(h.attempts.get('get'), 3);
    assert.equal((await post).status, 500, 'a non-idempotent POST is not re-sent');
    assert.equal(h.attempts.get('post'), 1);
  });

  test('a 401 is never retried, even for an idempotent request, and counts as invalid', async () => {
    const h = await createHarness({
      fault: () => ({ status: 401, headers: {}, body: { message: '401: Unauthorized', code: 0 } }),
    });
    const get = h.request('GET', messages(CHANNEL_A), 'get');
    const put = h.request('PUT', `/guilds/${GUILD_A}/bans/300000000000000001`, 'put', { retryable: true });
    await h.clock.advance(5000);
    assert.equal((await get).status, 401);
    assert.equal((await put).status, 401);
    assert.equal(h.attempts.get('get'), 1);
    assert.equal(h.attempts.get('put'), 1);
    assert.equal(h.guard.count, 2);
  });

  test('retries give up after the configured count', async () => {
    const h = await createHarness({ fault: () => new NetworkError('GET', '/x', 'ECONNREFUSED') });
    const settled = settleAll([h.request('GET', messages(CHANNEL_A), 'get')]);
    await h.clock.advance(10_000);
    const [result] = await settled;
    assert.ok(result instanceof NetworkError);
    assert.equal(h.attempts.get('get'), 4);
  });
});

describe('invalid-request guard', () => {
  test('warns, slows, then refuses before sending; recovers as the window slides', async () => {
    const h = await createHarness({
      guard: { warnAt: 3, slowAt: 5, refuseAt: 8, slowInterval: 1000 },
      fault: (tag) => (tag.startsWith('bad') ? { status: 403, headers: {}, body: { code: 50013 } } : undefined),
    });
    for (let i = 0; i < 3; i++) {
      await Promise.all([h.request('GET', messages(CHANNEL_A), `bad${i}`), h.clock.advance(5)]);
    }
    assert.equal(h.guard.level, 'warning');
    for (let i = 3; i < 5; i++) {
      await Promise.all([h.request('GET', messages(CHANNEL_A), `bad${i}`), h.clock.advance(5)]);
    }
    assert.equal(h.guard.level, 'slowing');
    // Slowing: the process's requests leave one per slowInterval, whatever their bucket.
    const t0 = h.clock.now();
    const slowed = [CHANNEL_A, CHANNEL_B, GUILD_A].map((id, i) =>
      h.request('GET', `/channels/${id}/pins`, `bad-slow${i}`),
    );
    await h.clock.advance(3000);
    await Promise.all(slowed);
    const times = h.sent.filter((s) => s.tag.startsWith('bad-slow')).map((s) => s.at - t0);
    // One per slowInterval (the third also waits out its global window's tail: latency 1 ms).
    assert.equal(times[0], 0);
    assert.ok(
      times[1]! >= 1000 && times[1]! < 1010 && times[2]! - times[1]! >= 1000 && times[2]! - times[1]! < 1010,
      String(times),
    );
    assert.equal(h.guard.count, 8);
    assert.equal(h.guard.level, 'refusing');
    const refused = await settleAll([h.request('GET', messages(CHANNEL_A), 'good')]);
    assert.ok(refused[0] instanceof InvalidRequestLimitError, String(refused[0]));
    assert.ok(refused[0].retryAfter > 0);
    assert.equal(h.sent.at(-1)?.tag, 'bad-slow2', 'the refused request was never sent');
    await h.clock.advance(600_000);
    assert.equal(h.guard.level, 'normal');
    const ok = h.request('GET', messages(CHANNEL_A), 'good-later');
    await h.clock.advance(10);
    assert.equal((await ok).body, 'good-later');
  });
});
