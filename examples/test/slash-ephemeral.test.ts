import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InteractionResponseType, MessageFlags } from 'kokoro';
import { startExample } from './helpers.js';

test('slash-ephemeral: answers carry flag 64 and never show in the channel', async (t) => {
  const { fake, bot, exports, channel } = await startExample<typeof import('../src/slash-ephemeral.js')>(
    t,
    'slash-ephemeral',
    { bot: 'Ephemeral', channel: 'secrets' },
  );
  const { coins } = exports;
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
  const edited = await fake.until(() => fake.interactionMessages(balance).find((m) => m.content), {
    what: 'the edited ephemeral response',
  });
  assert.equal(edited.id, deferred.originalMessageId);
  assert.equal(edited.content, 'You have 42 coins.');
  assert.equal((edited.flags ?? 0) & MessageFlags.Ephemeral, 64);

  // Both answers are shown in the channel to alice only: nothing of them for others to read.
  assert.deepEqual(
    fake.messages(channel).filter((m) => m.author.bot),
    [],
  );
  assert.deepEqual(
    fake
      .messages(channel, { ephemeral: true })
      .filter((m) => m.author.bot)
      .map((m) => m.content),
    ['Only you can read this: psst', 'You have 42 coins.'],
  );
});
