// Client-level presence, member requests and voice state, routed to the right shard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { ActivityType, PresenceUpdateStatus } from 'discord-api-types/v10';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

test('a presence set before start goes in Identify; later ones reach the gateway', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const bot = fake.addBot({ name: 'Present' });
  fake.addGuild({ name: 'G', members: [bot] });
  const Present = new Client({ name: 'Present', token: bot.token, restUrl: fake.restUrl, cache: new Cache(), pool });
  try {
    await Present.updatePresence({
      since: null,
      afk: false,
      status: PresenceUpdateStatus.Idle,
      activities: [{ name: 'the console', type: ActivityType.Watching }],
    });
    await Present.start();
    const identify = fake.gateway.identifies.find((record) => record.botId === bot.id);
    assert.equal((identify?.presence as { status?: string } | undefined)?.status, 'idle');
    await Present.updatePresence({ since: null, afk: false, status: PresenceUpdateStatus.Online, activities: [] });
    await waitFor(
      () => fake.gateway.received.find((p) => p.op === 3 && (p.d as { status: string }).status === 'online'),
      'the presence update',
    );
  } finally {
    await Present.stop();
    await fake.close();
    await pool.close();
  }
});

test('requestGuildMembers gathers the chunks through the guild’s shard and validates first', async () => {
  const fake = await FakeDiscord.start({ gatewayOptions: { chunkSize: 2 } });
  const pool = new RestPool();
  const bot = fake.addBot({ name: 'Counter', privilegedIntents: GatewayIntentBits.GuildMembers });
  const users = ['ann', 'anna', 'bob', 'bea', 'cid'].map((username) => fake.addUser({ username }));
  const guild = fake.addGuild({ name: 'Members', members: [bot, ...users] });
  const cache = new Cache();
  const Counter = new Client({
    name: 'Counter',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers,
    restUrl: fake.restUrl,
    cache,
    pool,
  });
  try {
    await assert.rejects(Counter.requestGuildMembers(guild.id), /no shard for guild|start\(\) first/);
    await Counter.start();
    const all = await Counter.requestGuildMembers(guild.id, { query: '', limit: 0 });
    assert.ok(all.members.length >= 6, `members: ${all.members.length}`);
    assert.ok(all.chunks >= 3, 'several chunks gathered');
    const cached = cache.guilds.get(guild.id);
    assert.ok(cached?.members.get(users[4]!.id), 'members landed in the cache');
    const some = await Counter.requestGuildMembers(guild, { query: 'an', limit: 10 });
    assert.deepEqual(some.members.map((m) => m.user?.username).sort(), ['ann', 'anna']);
    await assert.rejects(Counter.requestGuildMembers(guild.id, { query: 'a', userIds: [users[0]!.id] }), /query/);
    await assert.rejects(Counter.requestGuildMembers(guild.id, { query: 'a', limit: 101 }), /limit/);
    await assert.rejects(
      Counter.requestGuildMembers(guild.id, { userIds: [users[0]!.id], presences: true }),
      /GUILD_PRESENCES|GuildPresences/,
    );
  } finally {
    await Counter.stop();
    await fake.close();
    await pool.close();
  }
});
