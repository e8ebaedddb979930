import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationCommandOptionType, InteractionResponseType } from 'kokoro';
import { startExample } from './helpers.js';

test('slash-autocomplete: suggestions while typing, then the chosen value runs the command', async (t) => {
  const { fake, bot, channel } = await startExample(t, 'slash-autocomplete', {
    bot: 'Autocomplete',
    channel: 'market',
  });
  const alice = fake.user('alice');
  // Wait for the commands to be registered (runs does; autocomplete is a lower-level call).
  await alice.runs(bot, 'fruit', { name: 'apple' }, { channel });
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'One apple, coming up.');

  const typing = async (command: string, option: string, value: string) => {
    const interaction = fake.interact(
      bot,
      channel,
      {
        kind: 'autocomplete',
        name: command,
        options: [{ name: option, type: ApplicationCommandOptionType.String, value, focused: true }],
      },
      { user: alice.id },
    );
    const answer = await fake.responseTo(interaction);
    assert.equal(answer.responseType, InteractionResponseType.ApplicationCommandAutocompleteResult);
    return (answer.response as { data: { choices: { name: string; value: string }[] } }).data.choices;
  };

  assert.deepEqual(
    (await typing('fruit', 'name', 'Ap')).map((c) => c.value),
    ['apple', 'apricot'],
  );
  assert.deepEqual(await typing('fruit', 'name', 'zz'), []);
  assert.equal((await typing('fruit', 'name', '')).length, 9);
  assert.deepEqual(await typing('timezone', 'zone', 'europe'), [
    { name: 'Europe/Paris (UTC+01:00)', value: 'Europe/Paris' },
    { name: 'Europe/London (UTC+00:00)', value: 'Europe/London' },
  ]);

  await alice.runs(bot, 'timezone', { zone: 'Asia/Tokyo' }, { channel });
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'Asia/Tokyo is UTC+09:00');
});
