import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

test('rustcord-basic: !ping, !echo, !hello and !help', async (t) => {
  const { fake, clients } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('rustcord-basic'),
    env: { DISCORD_TOKEN: 'Basic' },
  });
  const bot = clients.Basic!;
  const channel = fake.addChannel(fake.world.guilds.values().next().value!.guild.id, { name: 'basic' });
  const alice = fake.user('alice');
  const ask = async (text: string) => {
    await alice.says(channel, text);
    return (await fake.nextMessage(channel, { from: bot })).content;
  };

  assert.equal(await ask('!ping'), 'Pong!');
  assert.equal(await ask('!echo hi there'), 'hi there');
  assert.match(await ask('!echo'), /Give me something to echo/);
  assert.equal(await ask('!hello'), 'Hello, alice!');
  const help = await ask('!help');
  for (const name of ['ping', 'echo', 'hello']) assert.match(help, new RegExp(name));
  await alice.says(channel, 'ping'); // no prefix: not a command
  await alice.says(channel, '!ping');
  assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'Pong!', 'the plain "ping" got no answer');
});
