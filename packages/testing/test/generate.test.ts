import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { generateWorld, World } from '../src/index.js';

test('generateWorld builds guilds with members, channels, roles and presences, bots in every guild', () => {
  const world = new World();
  const a = world.createBot({ name: 'A' });
  const b = world.createBot({ name: 'B' });
  const options = {
    guilds: 30,
    membersPerGuild: 20,
    channelsPerGuild: 5,
    rolesPerGuild: 3,
    presences: true,
    seed: 7,
  };
  let dispatched = 0;
  world.onDispatch(() => dispatched++);
  const result = generateWorld(world, options);
  assert.equal(dispatched, 0, 'a generated world is built quietly');
  assert.equal(result.guildIds.length, 30);
  assert.equal(result.channels, 150);
  assert.equal(result.members, 30 * 22);
  assert.equal(result.users, 30 * 20);
  assert.ok(result.presences > 0 && result.presences < 30 * 20);
  assert.equal(world.guildIdsOf(a.id).length, 30);
  assert.equal(world.guildIdsOf(b.id).length, 30);
  const guildId = result.guildIds[0]!;
  const payload = world.guildCreatePayload(guildId, a.id, {
    intents: I.Guilds | I.GuildPresences,
    largeThreshold: 250,
  });
  assert.equal(payload.members.length, 22);
  assert.equal(payload.channels.length, 5);
  assert.equal(payload.roles.length, 1 + 3 + 2, '@everyone, generated roles, one managed role per bot');
  const again = new World();
  again.createBot({ name: 'A' });
  again.createBot({ name: 'B' });
  const same = generateWorld(again, options);
  assert.equal(same.presences, result.presences, 'deterministic for a seed');
});

test('generateWorld without bot roles keeps role counts exact', () => {
  const world = new World();
  world.createBot({ name: 'A' });
  const result = generateWorld(world, { guilds: 4, membersPerGuild: 5, rolesPerGuild: 10, botRoles: false });
  assert.equal(result.roles, 4 * 11, '@everyone and the generated roles only');
});

test('generateWorld with a user pool shares users between guilds', () => {
  const world = new World();
  const result = generateWorld(world, { guilds: 10, membersPerGuild: 50, userPool: 60 });
  assert.equal(result.users, 60);
  const someone = [...world.guild(result.guildIds[0]!)!.members.keys()][5]!;
  assert.ok(world.guildIdsOf(someone).length > 1);
});

test('simulate.traffic plays a mix of events in a generated world, keeping channel history bounded', async () => {
  const { FakeDiscord, noGateway } = await import('../src/index.js');
  const fake = await FakeDiscord.start({ gateway: () => noGateway() });
  try {
    fake.addBot({ name: 'Watcher' });
    const world = fake.generateWorld({
      guilds: 5,
      membersPerGuild: 10,
      channelsPerGuild: 3,
      rolesPerGuild: 2,
      presences: true,
    });
    const counts = await fake.simulate.traffic({ events: 2000, messageLimit: 20, seed: 3 });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.ok(total >= 1900, `about one event per action (a repeated reaction adds nothing): ${total}`);
    for (const t of [
      'MESSAGE_CREATE',
      'PRESENCE_UPDATE',
      'TYPING_START',
      'MESSAGE_REACTION_ADD',
      'MESSAGE_UPDATE',
      'MESSAGE_DELETE',
      'GUILD_MEMBER_UPDATE',
    ]) {
      assert.ok((counts[t] ?? 0) > 0, `${t} in the mix`);
    }
    assert.ok(counts.MESSAGE_CREATE! > counts.MESSAGE_DELETE!);
    for (const guildId of world.guildIds) {
      for (const channel of fake.world.guild(guildId)!.channels.values())
        assert.ok(fake.messages(channel).length <= 20);
    }
  } finally {
    await fake.close();
  }
});
