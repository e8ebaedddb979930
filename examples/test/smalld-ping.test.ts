import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExample } from './helpers.js';

test('smalld-ping: a raw MESSAGE_CREATE handler answers ++ping through a raw REST call', async (t) => {
  const { fake, bot, channel } = await startExample(t, 'smalld-ping', { bot: 'SmallD', channel: 'bots' });
  const alice = fake.user('alice');

  await alice.says(channel, 'ping'); // not the command: no answer
  await alice.says(channel, '++ping');
  const answer = await fake.nextMessage(channel, { from: bot });
  assert.equal(answer.content, 'pong');
  assert.equal(fake.messages(channel).filter((m) => m.author.bot).length, 1, 'one answer, to ++ping only');
});
