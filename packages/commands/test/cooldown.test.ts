import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CooldownError, Cooldowns } from '../src/index.js';
import { stubClient } from './stub.js';

test('a per-user cooldown on the injected clock: one use per window, the retry time, then free again', async () => {
  const { commands, say, texts, clock } = stubClient();
  commands.add('daily', () => 'coins!', { cooldown: { per: 'user', window: 60_000 } });
  await say('!daily');
  await clock.advance(15_000);
  await say('!daily');
  await say('!daily', { author: { id: '3000' } }); // another user has their own count
  await clock.advance(44_999);
  await say('!daily');
  await clock.advance(1);
  await say('!daily');
  assert.deepEqual(texts(), [
    'coins!',
    '`daily` is on cooldown; try again in 45 s.',
    'coins!',
    '`daily` is on cooldown; try again in 0.1 s.',
    'coins!',
  ]);
});

test('several uses per window slide; per channel and per guild; custom and silent replies', async () => {
  const { commands, say, texts, clock } = stubClient();
  commands.add('roll', () => 'rolled', {
    cooldown: { per: 'channel', window: 10_000, uses: 2, reply: 'Wait {retry}.' },
  });
  commands.add('raid', () => 'raid!', { cooldown: { per: 'guild', window: 10_000, reply: null } });
  await say('!roll'); // t=0
  await clock.advance(4_000);
  await say('!roll'); // t=4s
  await say('!roll'); // refused until t=10s
  await say('!roll', { channel: { id: '43' } }); // another channel
  await clock.advance(6_000);
  await say('!roll'); // t=10s: the first use expired
  await say('!roll'); // refused until t=14s
  const guild = { id: '77', members: new Map() };
  await say('!raid', { guild });
  await say('!raid', { guild, channel: { id: '43' } }); // same guild: silent refusal
  assert.deepEqual(texts(), ['rolled', 'rolled', 'Wait 6 s.', 'rolled', 'rolled', 'Wait 4 s.', 'raid!']);
});

test('a bad parameter or a failed check costs no use; errors carry the retry time; the map is swept', async () => {
  const { commands, say, texts, clock } = stubClient({
    onError: (_c, _m, error) =>
      error instanceof CooldownError ? `retry at ${error.retryAt - clock.now()}` : undefined,
  });
  const { param } = await import('../src/index.js');
  commands.add('n', (_c, _m, { v }) => `got ${v}`, {
    params: { v: param.int() },
    cooldown: { per: 'user', window: 1000 },
  });
  await say('!n x');
  await say('!n 1');
  await say('!n 2');
  assert.deepEqual(texts(), [
    'parameter `v`: expected an integer, got `x`.\nUsage: `!n <v>`',
    'got 1',
    'retry at 1000',
  ]);
  commands.resetCooldowns('n');
  await say('!n 3');
  assert.equal(texts().at(-1), 'got 3');

  const cooldowns = new Cooldowns(clock);
  const message = (id: string) => ({ author: { id }, channel: { id: 'c' }, guild: null }) as never;
  for (let i = 0; i < 300; i++) cooldowns.take('x', { per: 'user', window: 10 }, message(String(i)));
  assert.ok(cooldowns.size >= 256);
  await clock.advance(11);
  for (let i = 0; i < 256; i++) cooldowns.take('x', { per: 'user', window: 10 }, message('same'));
  assert.ok(cooldowns.size < 50, `expired keys are swept (${cooldowns.size} left)`);
});
