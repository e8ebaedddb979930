import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationCommandOptionType } from 'kokoro';
import { startExample } from './helpers.js';

test('slash-options: typed options reach the handler; what the declaration forbids is refused', async (t) => {
  const { fake, bot, exports, channel } = await startExample<typeof import('../src/slash-options.js')>(
    t,
    'slash-options',
    { bot: 'Options', channel: 'slash' },
  );
  const { dice } = exports;
  const alice = fake.user('alice');
  const bob = fake.user('bob');

  await alice.runs(bot, 'greet', { user: bob.user }, { channel });
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'Hello, bob!');
  await alice.runs(bot, 'greet', { user: bob.user, times: 2, loud: true }, { channel });
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'HELLO, BOB! HELLO, BOB!');

  dice.random = () => 0.5;
  await alice.runs(bot, 'roll', { sides: 20 }, { channel });
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'alice rolled 11 (d20)');

  // The registered schema is the declaration; Discord (the fake) refuses what it forbids.
  const greet = fake.commands(bot).find((c) => c.name === 'greet');
  assert.deepEqual(
    greet?.options?.map((o) => [o.name, o.type, o.required ?? false]),
    [
      ['user', ApplicationCommandOptionType.User, true],
      ['times', ApplicationCommandOptionType.Integer, false],
      ['loud', ApplicationCommandOptionType.Boolean, false],
    ],
  );
  await assert.rejects(alice.runs(bot, 'greet', { user: bob.user, times: 5 }, { channel }), /times/);
  await assert.rejects(alice.runs(bot, 'roll', { sides: 7 }, { channel }), /sides/);
  await assert.rejects(alice.runs(bot, 'greet', {}, { channel }), /user/);
});
