import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExample } from './helpers.js';

test('rustcord-basic: !ping, !echo, !hello and !help', async (t) => {
  const { fake, bot, channel } = await startExample(t, 'rustcord-basic', { bot: 'Basic', channel: 'basic' });
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
