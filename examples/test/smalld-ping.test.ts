import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

test('smalld-ping: a raw MESSAGE_CREATE handler answers ++ping through a raw REST call', async (t) => {
  const { fake, clients } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('smalld-ping'),
    env: { DISCORD_TOKEN: 'SmallD' },
  });
  const bot = clients.SmallD!;
  const channel = fake.addChannel(fake.world.guilds.values().next().value!.guild.id, { name: 'bots' });
  const alice = fake.user('alice');

  await alice.says(channel, 'ping'); // not the command: no answer
  await alice.says(channel, '++ping');
  const answer = await fake.nextMessage(channel, { from: bot });
  assert.equal(answer.content, 'pong');
  assert.equal(fake.messages(channel).filter((m) => m.author.bot).length, 1, 'one answer, to ++ping only');
});
