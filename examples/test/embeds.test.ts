import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

test('embeds: !embed and !stats answer with the embed fields Discord receives', async (t) => {
  const { fake, clients, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('embeds'),
    seed: {
      bots: [{ name: 'Embeds' }],
      users: [{ username: 'alice' }, { username: 'bob' }],
      guilds: [{ name: 'Gallery', members: ['alice', 'bob', 'Embeds'], channels: [{ name: 'art' }, { name: 'misc' }] }],
    },
    env: { DISCORD_TOKEN: 'Embeds' },
  });
  const bot = clients.Embeds!;
  const channel = world!.guilds.Gallery!.channels.art!;
  const alice = fake.user('alice');

  await alice.says(channel, '!embed');
  const message = await fake.nextMessage(channel, { from: bot });
  const [embed] = message.embeds;
  assert.equal(embed?.title, 'Kokoro embeds');
  assert.equal(embed?.color, 0x5865f2);
  assert.equal(embed?.author?.name, 'alice');
  assert.deepEqual(embed?.fields, [
    { name: 'Inline', value: 'first', inline: true },
    { name: 'Inline too', value: 'second', inline: true },
    { name: 'On its own line', value: 'third' },
  ]);
  assert.equal(embed?.footer?.text, 'Built with kokoro');
  assert.ok(embed?.timestamp && !Number.isNaN(Date.parse(embed.timestamp)), 'a timestamp');

  await alice.says(channel, '!stats');
  const stats = (await fake.nextMessage(channel, { from: bot })).embeds[0];
  assert.equal(stats?.title, 'Gallery');
  assert.deepEqual(
    stats?.fields?.map((f) => [f.name, f.value]),
    [
      ['Members', '3'],
      ['Channels', '2'],
      ['Bots of this process here', '1'],
    ],
  );
  assert.match(fake.render(fake.messages(channel).at(-1)!), /embed "Gallery" #/);
});
