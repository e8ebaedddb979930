// Issue 15's acceptance: the demo bots, tested only with the actor API and the one-line test
// helper. A user says `ping` (Nue answers pong), `s!ping` (Saki, the 'commands' extension) and runs
// `/ping` (Seija, the 'slash' extension); every wait is on the bot's answer, none on a duration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeDiscordForTest } from 'kokoro';
import './helpers.js'; // tests log at warn

const demoModule = new URL('../../../apps/demo/dist/src/bots.js', import.meta.url);

test('the demo bots answer ping, s!ping and /ping, through the actor API', async (t) => {
  const { fake, clients, exports } = await fakeDiscordForTest((teardown) => t.after(teardown), { module: demoModule });
  const { Nue, Saki, Seija } = clients;
  assert.ok(Nue && Saki && Seija, 'the demo exports Nue, Saki and Seija');
  const channel = (exports.demo as { channel: { id: string } }).channel;
  const alice = fake.user('alice');

  await alice.says(channel, 'ping');
  const pong = await fake.nextMessage(channel, { from: Nue });
  assert.equal(pong.content, 'pong');

  await alice.says(channel, 's!ping');
  assert.equal((await fake.nextMessage(channel, { from: Saki })).content, 'pong');

  await alice.runs(Seija, 'ping', {}, { channel });
  const slash = await fake.nextMessage(channel, { from: Seija });
  assert.equal(slash.content, 'pong');
  assert.equal(fake.render(slash), 'Seija [bot]: pong');

  await alice.says(channel, 's!add 2 three');
  assert.match((await fake.nextMessage(channel, { from: Saki })).content, /parameter `b`: expected an integer/);
});
