import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, releaseFakeDiscord, systemClock, useFakeDiscord } from 'kokoro';
import { example, within } from './helpers.js';

test('sharding: two shards, the guilds spread over both, each shard’s events handled', async (t) => {
  // Guild ids hold their creation time: the fake's ids follow a ManualClock, one millisecond apart,
  // so the guilds land on alternate shards. The gateway keeps real time (heartbeats), and lets both
  // shards identify at once (max_concurrency 2).
  const ids = new ManualClock(1_750_000_000_000);
  await releaseFakeDiscord();
  const fake = await useFakeDiscord({ clock: ids, gatewayOptions: { clock: systemClock, maxConcurrency: 2 } });
  t.after(releaseFakeDiscord);
  const bot = fake.addBot({ name: 'Sharded' });
  const alice = fake.addUser({ username: 'alice' });
  const guilds = [];
  for (let i = 0; i < 4; i++) {
    const guild = fake.addGuild({ name: `Guild ${i}`, members: [alice, bot] });
    guilds.push({ guild, channel: fake.addChannel(guild, { name: 'general' }) });
    await ids.advance(1);
  }
  const shardOf = (id: string) => Number((BigInt(id) >> 22n) % 2n);
  assert.deepEqual(new Set(guilds.map(({ guild }) => shardOf(guild.id))), new Set([0, 1]), 'guilds on both shards');

  process.env.DISCORD_TOKEN = bot.token;
  const { Sharded, handledByShard } = (await import(
    `${example('sharding').href}?test`
  )) as typeof import('../src/sharding.js');
  t.after(() => Sharded.stop());
  await within(Sharded.start(), 'the client to start');

  assert.equal(Sharded.gateway?.shardCount, 2);
  assert.equal(Sharded.gateway?.shards.size, 2);
  assert.deepEqual(
    fake.gateway.identifies
      .filter((record) => record.botId === bot.id)
      .map((record) => record.shardId)
      .sort(),
    [0, 1],
  );
  assert.equal(Sharded.guilds.size, 4);

  const user = fake.user('alice');
  for (const { guild, channel } of guilds) {
    await user.says(channel, '!shard');
    const answer = await within(fake.nextMessage(channel, { from: bot }), `the answer in ${guild.name}`);
    assert.equal(answer.content, `${guild.name} is on shard ${shardOf(guild.id)} of 2.`);
  }
  assert.deepEqual(Object.fromEntries(handledByShard), { 0: 2, 1: 2 });
});
