// One client, several shards: Discord's recommended count, guilds on their shards, events from all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardIdForGuild, systemClock } from '@kokoro/common';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, ManualClock, RestPool } from 'kokoro';
import { captureLogs, waitFor } from './helpers.js';

test('a client runs the recommended shards, each guild on its shard, and logs x of N ready', async () => {
  // The world's clock only makes ids: one millisecond between guilds spreads them over the shards.
  const ids = new ManualClock(1_750_000_000_000);
  const fake = await FakeDiscord.start({
    clock: ids,
    gatewayOptions: { clock: systemClock, recommendedShards: 3, maxConcurrency: 3 },
  });
  const pool = new RestPool();
  const { logger, lines } = captureLogs('info');
  const bot = fake.addBot({ name: 'Sharded', privilegedIntents: GatewayIntentBits.MessageContent });
  const guilds = [];
  for (let i = 0; i < 6; i++) {
    guilds.push(fake.addGuild({ name: `guild ${i}`, members: [bot] }));
    await ids.advance(1);
  }
  assert.deepEqual(new Set(guilds.map((g) => shardIdForGuild(g.id, 3))).size, 3, 'the guilds cover every shard');
  const channels = guilds.map((guild) => fake.addChannel(guild, { name: 'general' }));
  const Sharded = new Client({
    name: 'Sharded',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
    logger,
  });
  const heard = new Map<string, number>();
  Sharded.on('messageCreate', (_client, message) => {
    heard.set(message.channel.id, (heard.get(message.channel.id) ?? 0) + 1);
  });
  try {
    await Sharded.start();
    assert.equal(Sharded.gateway?.shardCount, 3);
    assert.equal(Sharded.gateway?.shards.size, 3);
    assert.equal(Sharded.guilds.size, 6);
    for (const guild of guilds) {
      assert.equal(Sharded.gateway?.shardForGuild(guild.id)?.id, shardIdForGuild(guild.id, 3));
    }
    const identifies = fake.gateway.identifies.filter((record) => record.botId === bot.id);
    assert.deepEqual(identifies.map((record) => record.shardId).sort(), [0, 1, 2]);
    for (const n of [1, 2, 3])
      assert.ok(
        lines.some((line) => line.includes(`(${n} of 3 ready)`)),
        `progress ${n} of 3`,
      );

    for (const channel of channels) await fake.userSays(channel, 'hello shard');
    await waitFor(() => heard.size === 6, 'a message from every guild');
    assert.ok(
      [...heard.values()].every((count) => count === 1),
      'each message once',
    );
  } finally {
    await Sharded.stop();
    await fake.close();
    await pool.close();
  }
});
