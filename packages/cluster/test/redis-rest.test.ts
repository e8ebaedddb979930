import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Child } from './child.js';
import { redisUrl, requireRedis, uniquePrefix } from './services.js';

interface Summary {
  ok: number;
  errors: string[];
  rateLimited: { user: number; global: number; shared: number };
}

/**
 * Two real processes of one token send to the same channels (one bucket per channel, 5 per 500 ms)
 * and to an unlimited route, under a sliding global limit of 25 per second.
 */
async function twoProcesses(
  shared: boolean,
  messages: number,
): Promise<{ fake: FakeDiscord; summaries: Summary[]; channels: string[] }> {
  const fake = await FakeDiscord.start();
  fake.rest.useDiscordLimits({ scale: 10 });
  fake.rest.setGlobalLimit(25, 1000, 'sliding');
  const bot = fake.addBot({ name: 'Twin' });
  const guild = fake.addGuild({ name: 'g', members: [bot] });
  const channels = [0, 1].map((i) => fake.addChannel(guild, { name: `c${i}` }).id);
  const env = {
    REDIS_URL: redisUrl(),
    PREFIX: uniquePrefix('rest'),
    TOKEN: bot.token,
    REST_URL: fake.restUrl,
    GLOBAL_LIMIT: '25',
    SHARED: shared ? '1' : '0',
    CHANNELS: channels.join(','),
    GUILD: guild.id,
    MESSAGES: String(messages),
    GETS: '10',
  };
  const children = ['a', 'b'].map((name) => new Child('rest-child', { ...env, NAME: name }));
  try {
    for (const child of children) await child.line('ready');
    const at = Date.now() + 300;
    for (const child of children) child.send(`go ${at}`);
    const summaries: Summary[] = [];
    for (const child of children) summaries.push(JSON.parse((await child.line('done', 60_000)).slice(5)) as Summary);
    return { fake, summaries, channels };
  } finally {
    for (const child of children) await child.end();
  }
}

test('two processes sharing one token’s REST limits in Redis get zero 429s', async (t) => {
  if (!(await requireRedis(t))) return;
  const { fake, summaries, channels } = await twoProcesses(true, 8);
  try {
    assert.equal(fake.rest.rateLimitedCount, 0, `the fake answered 429s: ${JSON.stringify(fake.rest.stats)}`);
    for (const summary of summaries) {
      assert.deepEqual(summary.errors, []);
      assert.equal(summary.ok, 26);
      assert.deepEqual(summary.rateLimited, { user: 0, global: 0, shared: 0 });
    }
    for (const channel of channels) assert.equal(fake.messages(channel).length, 16);
    assert.equal(fake.rest.stats.requests, 52);
  } finally {
    await fake.close();
  }
});

test('without the shared store the same two processes do meet 429s (the test above can fail)', async (t) => {
  if (!(await requireRedis(t))) return;
  // Twice the work of the test above: each process alone needs several bucket windows, so their
  // bursts overlap however late one of them starts on a loaded machine.
  const { fake, summaries } = await twoProcesses(false, 16);
  try {
    assert.ok(fake.rest.rateLimitedCount > 0, 'two unshared limiters of one token overrun the buckets');
    for (const summary of summaries) assert.equal(summary.ok, 16 * 2 + 10, JSON.stringify(summary.errors));
  } finally {
    await fake.close();
  }
});
