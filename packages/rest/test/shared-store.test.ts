import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flushMicrotasks, KokoroError, ManualClock, silentLogger } from '@kokoro/common';
import {
  InvalidRequestGuard,
  parseRoute,
  type RateLimitAnswerState,
  RateLimiter,
  type RateLimitStore,
  type RawResponse,
  type RestJob,
} from '../src/index.js';

/** A store that records every call and answers `take` from a script. */
class ScriptedStore implements RateLimitStore {
  readonly calls: string[] = [];
  readonly settled: { taken: string; bucket: string; answer: RateLimitAnswerState; global: boolean }[] = [];
  waits: (number | Error)[] = [];
  routes = new Map<string, string | null>();
  invalid = 0;

  take(bucket: string, global: boolean): Promise<number> {
    this.calls.push(`take ${bucket} ${global}`);
    const next = this.waits.shift() ?? 0;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
  settle(taken: string, bucket: string, answer: RateLimitAnswerState, global: boolean): Promise<void> {
    this.calls.push(`settle ${taken}`);
    this.settled.push({ taken, bucket, answer, global });
    return Promise.resolve();
  }
  bucketOf(routeKey: string): Promise<string | null | undefined> {
    this.calls.push(`bucketOf ${routeKey}`);
    return Promise.resolve(this.routes.get(routeKey));
  }
  learn(routeKey: string, bucketId: string | null): Promise<void> {
    this.calls.push(`learn ${routeKey} ${bucketId}`);
    this.routes.set(routeKey, bucketId);
    return Promise.resolve();
  }
  recordInvalid(): Promise<number> {
    return Promise.resolve(++this.invalid);
  }
  invalidCount(): Promise<number> {
    return Promise.resolve(this.invalid);
  }
}

function setup(store: ScriptedStore, answer: (n: number) => RawResponse) {
  const clock = new ManualClock();
  const sentAt: number[] = [];
  const limiter = new RateLimiter({
    clock,
    logger: silentLogger,
    random: () => 0.5,
    globalLimit: 50,
    guard: new InvalidRequestGuard({ clock }),
    maxRateLimitWait: 60_000,
    retries: 0,
    retryBackoff: 100,
    store,
    send: () => {
      sentAt.push(clock.now());
      return Promise.resolve(answer(sentAt.length));
    },
  });
  const request = (path: string): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const job: RestJob = {
        route: parseRoute('POST', path),
        signal: undefined,
        retryable: false,
        useGlobal: true,
        state: 'queued',
        failures: 0,
        rateLimited: 0,
        slowed: false,
        onAbort: undefined,
        resolve,
        reject,
      };
      limiter.schedule(job);
    });
  return { clock, limiter, request, sentAt };
}

const ok = (remaining: number): RawResponse => ({
  status: 200,
  headers: {
    'x-ratelimit-bucket': 'msg',
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset-after': '2.5',
  },
  body: {},
});

test('with a store: the route is looked up, a slot taken (waiting as told), the answer reported and the bucket shared', async () => {
  const store = new ScriptedStore();
  store.waits = [40, 0];
  const { clock, request, sentAt } = setup(store, () => ok(4));
  const done = request('/channels/100000000000000001/messages');
  await flushMicrotasks();
  assert.deepEqual(sentAt, [], 'nothing sent while the store says wait');
  await clock.advance(40);
  await done;
  assert.equal(sentAt.length, 1);
  const key = 'POST /channels/:id/messages';
  assert.deepEqual(store.calls, [
    `bucketOf ${key}`,
    `take ${key}|100000000000000001 true`,
    `bucketOf ${key}`, // after waiting for another process's probe, its answer may have named the bucket
    `take ${key}|100000000000000001 true`,
    `learn ${key} msg`,
    `settle ${key}|100000000000000001`,
  ]);
  assert.deepEqual(store.settled[0], {
    taken: `${key}|100000000000000001`,
    bucket: 'msg|100000000000000001',
    answer: { limit: 5, remaining: 4, resetAfter: 2500 },
    global: true,
  });
  // The next request of the route goes straight to the known bucket.
  await request('/channels/100000000000000001/messages');
  assert.equal(store.calls.at(-2), 'take msg|100000000000000001 true');
});

test('a route another process learned is used at once; a 429 is reported as a block and counted as invalid', async () => {
  const store = new ScriptedStore();
  store.routes.set('POST /channels/:id/messages', 'msg');
  const limited: RawResponse = {
    status: 429,
    headers: { 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'msg' },
    body: { retry_after: 0.2, global: false, message: 'You are being rate limited.' },
  };
  const { clock, request } = setup(store, (n) => (n === 1 ? limited : ok(3)));
  const done = request('/channels/100000000000000002/messages');
  await flushMicrotasks();
  await clock.advance(200);
  await done;
  assert.equal(store.calls[1], 'take msg|100000000000000002 true');
  assert.equal(store.settled[0]?.answer.block, 200);
  assert.equal(store.invalid, 1);
});

test('a store that fails fails the request with its error, nothing is sent; a wait beyond maxRateLimitWait is a RateLimitError', async () => {
  const store = new ScriptedStore();
  store.waits = [new KokoroError('KOKORO_REDIS_UNAVAILABLE', 'Redis at redis://127.0.0.1:6379 is down')];
  const { request, sentAt } = setup(store, () => ok(4));
  await assert.rejects(request('/channels/1/messages'), /Redis at redis:\/\/127\.0\.0\.1:6379 is down/);
  store.waits = [120_000];
  await assert.rejects(request('/channels/1/messages'), { name: 'RateLimitError' });
  assert.deepEqual(sentAt, []);
});

test('the invalid-request guard follows a larger shared count while it is fresh', async () => {
  const clock = new ManualClock();
  const guard = new InvalidRequestGuard({ clock, refuseAt: 100, slowAt: 50, warnAt: 10 });
  assert.equal(guard.admit(), 0);
  guard.observeShared(120);
  assert.equal(guard.level, 'refusing');
  assert.equal(guard.count, 120);
  assert.ok(guard.admit() < 0, 'refused on the count of the other processes');
  await clock.advance(20_000);
  assert.equal(guard.count, 0, 'a shared count not refreshed is no longer trusted');
  assert.equal(guard.admit(), 0);
});
