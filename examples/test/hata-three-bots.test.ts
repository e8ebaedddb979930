import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

const seed = {
  bots: [{ name: 'Nue' }, { name: 'Saki' }, { name: 'Seija' }],
  users: [{ username: 'alice' }],
  guilds: [{ name: 'Shrine', members: ['alice', 'Nue', 'Saki', 'Seija'], channels: [{ name: 'general' }] }],
};

test('hata-three-bots: Nue answers ping, Saki s!ping, Seija /ping, on one shared cache', async (t) => {
  const { fake, clients, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('hata-three-bots'),
    seed,
    env: { DISCORD_TOKEN: 'Nue', DISCORD_TOKEN_2: 'Saki', DISCORD_TOKEN_3: 'Seija' },
  });
  const { Nue, Saki, Seija } = clients;
  assert.ok(Nue && Saki && Seija, 'the example exports Nue, Saki and Seija');
  const channel = world!.guilds.Shrine!.channels.general!;
  const alice = fake.user('alice');

  await alice.says(channel, 'ping');
  assert.equal((await fake.nextMessage(channel, { from: Nue })).content, 'pong');

  await alice.says(channel, 's!ping');
  assert.equal((await fake.nextMessage(channel, { from: Saki })).content, 'pong');

  await alice.runs(Seija, 'ping', {}, { channel });
  assert.equal((await fake.nextMessage(channel, { from: Seija })).content, 'pong');

  // Only the bot each message is for answered: Nue ignores `s!ping`, Saki ignores `ping`.
  const answers = fake
    .messages(channel)
    .filter((m) => m.author.bot)
    .map((m) => m.author.username);
  assert.deepEqual(answers, ['Nue', 'Saki', 'Seija']);
  // One guild object, seen by all three.
  const shared = Nue.guilds.get(world!.guilds.Shrine!.guild.id);
  assert.equal(shared, Seija.guilds.get(world!.guilds.Shrine!.guild.id), 'the same Guild for every client');
  for (const client of [Nue, Saki, Seija])
    assert.ok(shared?.clients.includes(client), `${client.name} in guild.clients`);
});
