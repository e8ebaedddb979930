import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationCommandOptionType, fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

test('slash-options: typed options reach the handler; what the declaration forbids is refused', async (t) => {
  const { fake, clients, exports } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('slash-options'),
    env: { DISCORD_TOKEN: 'Options' },
  });
  const bot = clients.Options!;
  const { dice } = exports as typeof import('../src/slash-options.js');
  const channel = fake.addChannel(fake.world.guilds.values().next().value!.guild.id, { name: 'slash' });
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
  const greet = [...fake.world.stores.commandsOf(fake.world.bots.get(bot.id!)!.applicationId, undefined).values()].find(
    (c) => c.name === 'greet',
  );
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
