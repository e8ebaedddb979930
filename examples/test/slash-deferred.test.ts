import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InteractionResponseType, MessageFlags } from 'kokoro';
import { startExample } from './helpers.js';

test('slash-deferred: the response is deferred first, then edited with the slow result', async (t) => {
  const { fake, bot, exports, channel } = await startExample<typeof import('../src/slash-deferred.js')>(
    t,
    'slash-deferred',
    { bot: 'Deferred', channel: 'words' },
  );
  const { dictionary } = exports;
  const alice = fake.user('alice');

  // The test holds the slow service: nothing finishes until it says so, and nothing sleeps.
  const pending: { word: string; answer: (meaning: string | undefined) => void }[] = [];
  dictionary.lookup = (word) => new Promise((answer) => pending.push({ word, answer }));

  for (const command of ['define', 'define2']) {
    const interaction = await alice.runs(bot, command, { word: 'kokoro' }, { channel });
    const deferred = await fake.responseTo(interaction);
    assert.equal(deferred.responseType, InteractionResponseType.DeferredChannelMessageWithSource, command);
    const thinking = fake.messages(channel).find((m) => m.id === deferred.originalMessageId);
    assert.ok(thinking, `${command}: the "thinking" message`);
    assert.equal(thinking.content, '');
    assert.ok((thinking.flags ?? 0) & MessageFlags.Loading, `${command}: shown as loading`);

    await fake.until(() => pending.length === 1, { what: `${command}: the lookup` });
    assert.equal(pending[0]!.word, 'kokoro');
    pending.shift()!.answer('heart, mind, spirit');
    const edited = await fake.waitFor('MESSAGE_UPDATE', (d) => (d as { id: string }).id === deferred.originalMessageId);
    assert.equal((edited as { content: string }).content, '**kokoro**: heart, mind, spirit');
    const original = fake.messages(channel).find((m) => m.id === deferred.originalMessageId)!;
    assert.equal(original.content, '**kokoro**: heart, mind, spirit');
    assert.equal((original.flags ?? 0) & MessageFlags.Loading, 0, `${command}: no longer loading`);
  }
  // The generator's third value is a follow-up: a new message after the edited one.
  const followUp = await fake.waitFor(() => fake.messages(channel).find((m) => m.content === 'Ask me another one!'));
  assert.equal(followUp.id, fake.messages(channel).at(-1)?.id);
});
