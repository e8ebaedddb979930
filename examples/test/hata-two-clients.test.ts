import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

const seed = {
  bots: [{ name: 'Sakuya' }, { name: 'Flan' }],
  users: [{ username: 'alice' }],
  guilds: [
    { name: 'Mansion', members: ['alice', 'Sakuya', 'Flan'], channels: [{ name: 'hall' }] },
    { name: 'Library', members: ['alice', 'Sakuya'], channels: [{ name: 'stacks' }] },
  ],
};

test('hata-two-clients: two clients in one file share the guild and act for each other', async (t) => {
  const { fake, clients, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('hata-two-clients'),
    seed,
    env: { DISCORD_TOKEN: 'Sakuya', DISCORD_TOKEN_2: 'Flan' },
  });
  const { Sakuya, Flan } = clients;
  assert.ok(Sakuya && Flan, 'the example exports Sakuya and Flan');
  const hall = world!.guilds.Mansion!.channels.hall!;
  const stacks = world!.guilds.Library!.channels.stacks!;
  const alice = fake.user('alice');

  await alice.says(hall, '!who');
  assert.equal((await fake.nextMessage(hall, { from: Sakuya })).content, 'Here: Sakuya, Flan');
  await alice.says(stacks, '!who');
  assert.equal((await fake.nextMessage(stacks, { from: Sakuya })).content, 'Here: Sakuya');

  await alice.says(hall, '!sister');
  assert.equal((await fake.nextMessage(hall, { from: Flan })).content, 'Flan here, alice!');
  // Flan never handled a message herself: only Sakuya has a handler, and Sakuya sent nothing more.
  assert.equal(fake.messages(hall).filter((m) => m.author.username === 'Sakuya').length, 1);
});
