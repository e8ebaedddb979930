import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import {
  createLogger,
  KokoroError,
  ManualClock,
  makeSnowflake,
  registerSecret,
  seededRandom,
  shardIdForGuild,
  snowflakeTimestamp,
} from '../src/index.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token';

test('errors scrub registered secrets', () => {
  registerSecret(TOKEN);
  const error = new KokoroError('KOKORO_TEST', `bad token ${TOKEN} given`);
  assert.equal(error.message, 'bad token [REDACTED] given');
  assert.equal(error.name, 'KokoroError');
  assert.equal(error.code, 'KOKORO_TEST');
});

test('logger never prints a token, in fields or in messages', async () => {
  registerSecret(TOKEN);
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  logger.info({ token: TOKEN, nested: { token: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } }, 'hello');
  logger.info(`connecting with ${TOKEN}`);
  logger.info({ url: `https://x/?t=${TOKEN}` }, 'free text field');
  await new Promise((r) => setImmediate(r));
  assert.equal(lines.length, 3);
  for (const line of lines) assert.ok(!line.includes(TOKEN), line);
  assert.ok(lines[1]?.includes('[REDACTED]'));
});

test('manual clock fires timers in order and lets promises run', async () => {
  const clock = new ManualClock(0);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 20);
  clock.setTimeout(() => {
    fired.push('a');
    void Promise.resolve().then(() => clock.setTimeout(() => fired.push('c'), 5));
  }, 10);
  const cancelled = clock.setTimeout(() => fired.push('x'), 15);
  clock.clearTimeout(cancelled);
  await clock.advance(16);
  assert.deepEqual(fired, ['a', 'c']);
  await clock.advance(10);
  assert.deepEqual(fired, ['a', 'c', 'b']);
  assert.equal(clock.now(), 26);
});

test('snowflakes and shard of a guild', () => {
  const id = makeSnowflake(1_600_000_000_000, 7);
  assert.equal(snowflakeTimestamp(id), 1_600_000_000_000);
  assert.equal(shardIdForGuild('41771983423143937', 4), Number((41771983423143937n >> 22n) % 4n));
  const r1 = seededRandom(1);
  const r2 = seededRandom(1);
  assert.equal(r1(), r2());
});

test('pretty log lines for people at a console', async () => {
  const { prettyLine } = await import('../src/logger.js');
  const line = prettyLine(
    JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 12, 0, 1), name: 'kokoro:Nue', msg: 'ready', shard: 0 }),
  );
  assert.equal(line, '12:00:01 INFO  kokoro:Nue ready {"shard":0}\n');
  assert.equal(prettyLine('not json'), 'not json');
});
