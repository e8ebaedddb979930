import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, ManualClock } from '@kokoro/common';
import { InitialGuilds } from '../src/initial-guilds.js';

function logs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', destination, format: 'json' }), lines };
}

test('the wait ends when every announced guild arrived', async () => {
  const clock = new ManualClock();
  const { logger, lines } = logs();
  const guilds = new InitialGuilds(clock, 15_000, logger);
  guilds.expect(['1', '2']);
  let done = false;
  const waiting = guilds.wait().then(() => {
    done = true;
  });
  guilds.arrived('1');
  await clock.advance(0);
  assert.equal(done, false);
  guilds.arrived('2');
  await waiting;
  assert.equal(clock.pending, 0, 'no timer left behind');
  assert.deepEqual(lines, []);
});

test('the wait gives up after the timeout without a new guild, restarted by each arrival, and logs the missing ids', async () => {
  const clock = new ManualClock();
  const { logger, lines } = logs();
  const guilds = new InitialGuilds(clock, 1000, logger);
  guilds.expect(['1', '2', '3']);
  let done = false;
  void guilds.wait().then(() => {
    done = true;
  });
  await clock.advance(900);
  guilds.arrived('1');
  await clock.advance(900);
  assert.equal(done, false, 'an arrival restarts the wait');
  await clock.advance(100);
  assert.equal(done, true);
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as { msg: string; missing: string[] };
  assert.deepEqual(line.missing, ['2', '3']);
  assert.match(line.msg, /gave up waiting for 2 guild\(s\) after 1000 ms .*waitGuildsTimeout/);
});

test('a timeout of 0 does not wait', async () => {
  const guilds = new InitialGuilds(new ManualClock(), 0, createLogger({ level: 'silent' }));
  guilds.expect(['1']);
  await guilds.wait();
});
