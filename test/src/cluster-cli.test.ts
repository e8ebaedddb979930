// `kokoro gateway` and `kokoro worker`: bad cluster options are refused with the usage before
// anything starts (no NATS or Redis needed), and the usage documents both commands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKokoro } from './helpers.js';

test('kokoro --help documents kokoro gateway and kokoro worker', async () => {
  const result = await runKokoro(['--help']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /kokoro gateway <module\.\.\.>/);
  assert.match(result.stdout, /kokoro worker <module\.\.\.>/);
  assert.match(result.stdout, /--nats URL/);
  assert.match(result.stdout, /KOKORO_REDIS_URL/);
  assert.match(result.stdout, /--own-shards/);
});

test('bad cluster options exit 2 with what to fix, before any module loads', async () => {
  for (const [args, message] of [
    [['worker', 'bots.ts', '--ack-wait', '5'], /--ack-wait needs a number of ms of at least 100, got "5"/],
    [['worker', 'bots.ts', '--fake', '8787'], /only a gateway does; a worker takes --fake-url/],
    [['gateway', 'bots.ts', '--fake-url', 'ws://x'], /--fake-url needs an http:\/\/ URL/],
    [['gateway', 'bots.ts', '--nats'], /--nats needs a value/],
    [['worker', '--stream', 'S'], /run needs at least one bot module/],
    [['worker', 'bots.ts', '--own-shards'], /--own-shards keeps the shard leases in Redis: give --redis URL/],
    [['gateway', 'bots.ts', '--own-shards', '--redis', 'redis://127.0.0.1:6379'], /--own-shards is a worker flag/],
  ] as const) {
    const result = await runKokoro([...args], [], { KOKORO_REDIS_URL: '' });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});
