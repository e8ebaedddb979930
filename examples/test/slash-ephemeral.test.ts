import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest, InteractionResponseType, MessageFlags } from 'kokoro';
import { example, until } from './helpers.js';

test('slash-ephemeral: answers carry flag 64 and never show in the channel', async (t) => {
  const { fake, clients, exports } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('slash-ephemeral'),
    env: { DISCORD_TOKEN: 'Ephemeral' },
  });
  const bot = clients.Ephemeral!;
  const { coins } = exports as typeof import('../src/slash-ephemeral.js');
  const channel = fake.addChannel(fake.world.guilds.values().next().value!.guild.id, { name: 'secrets' });
  const alice = fake.user('alice');

  const whisper = await alice.runs(bot, 'whisper', { text: 'psst' }, { channel });
  const answer = await fake.responseTo(whisper);
  assert.equal(answer.responseType, InteractionResponseType.ChannelMessageWithSource);
  const data = (answer.response as { data: { content: string; flags: number } }).data;
  assert.equal(data.content, 'Only you can read this: psst');
  assert.equal(data.flags & MessageFlags.Ephemeral, 64);

  coins.set(alice.id, 42);
  const balance = await alice.runs(bot, 'balance', {}, { channel });
  const deferred = await fake.responseTo(balance);
  assert.equal(deferred.responseType, InteractionResponseType.DeferredChannelMessageWithSource);
  assert.equal((deferred.response as { data?: { flags?: number } }).data?.flags, MessageFlags.Ephemeral);
  const edited = await until(() => {
    const message = fake.world.stores.ephemeralMessages.get(deferred.originalMessageId!);
    return message?.content ? message : undefined;
  }, 'the edited ephemeral response');
  assert.equal(edited.content, 'You have 42 coins.');
  assert.equal((edited.flags ?? 0) & MessageFlags.Ephemeral, 64);

  // Nothing of it is in the channel for others to read.
  assert.deepEqual(
    fake.messages(channel).filter((m) => m.author.bot),
    [],
  );
});
