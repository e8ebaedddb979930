// Issue 15, point 5: the one-line test set-up for a bot module that reads its token from the
// environment, a seeded world, and two fakes side by side in one test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { FakeDiscord, World } from '@kokoro/testing';
import { fakeDiscordForTest } from 'kokoro';
import './helpers.js'; // tests log at warn

test('fakeDiscordForTest makes the bot of an env token, seeds the world, starts the module’s clients', async (t) => {
  const { fake, clients, bots, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: new URL('./fixtures/env-token-bot.js', import.meta.url),
    env: { ECHO_BOT_TOKEN: 'Echo' },
    seed: {
      users: [{ username: 'alice' }],
      guilds: [{ name: 'Shrine', members: ['alice'], channels: [{ name: 'general' }] }],
    },
  });
  assert.equal(process.env.ECHO_BOT_TOKEN, bots.Echo!.token);
  const channel = world!.guilds.Shrine!.channels.general!;
  await fake.user('alice').says(channel, 'echo hello');
  assert.equal((await fake.nextMessage(channel, { from: clients.Echo! })).content, 'hello');
});

test('fakeDiscordForTest hands every option of the fake to it (world, clock, voice, rate limits)', async (t) => {
  const clock = new ManualClock(1_800_000_000_000);
  const world = new World({ clock });
  const { fake } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    world,
    clock,
    voice: { dave: 'off' },
    rateLimits: { globalLimit: 1 },
  });
  assert.equal(fake.world, world);
  assert.equal(fake.world.clock.now(), 1_800_000_000_000);
  assert.equal(fake.voice.options.dave, 'off');
  const bot = fake.addBot({ name: 'Limited' });
  const me = () => fetch(`${fake.restUrl}/users/@me`, { headers: { authorization: `Bot ${bot.token}` } });
  assert.equal((await me()).status, 200);
  const second = await me();
  assert.equal(second.status, 429, 'one request per second across routes: the rate limits were given to the fake');
  assert.equal(second.headers.get('x-ratelimit-global'), 'true');
});

test('a missing cleanup hook is refused before anything starts', async () => {
  await assert.rejects(fakeDiscordForTest(undefined as never, {}), /give the runner’s cleanup hook first/);
});

test('two fakes side by side: each its own world, ports and messages', async () => {
  const [a, b] = await Promise.all([FakeDiscord.start(), FakeDiscord.start()]);
  try {
    assert.notEqual(a.port, b.port);
    const ga = a.addGuild({ name: 'A' });
    const gb = b.addGuild({ name: 'B' });
    const ca = a.addChannel(ga, { name: 'general' });
    const cb = b.addChannel(gb, { name: 'general' });
    await Promise.all([a.user('alice').says(ca, 'in A'), b.user('alice').says(cb, 'in B')]);
    assert.deepEqual(
      a.messages(ca).map((m) => m.content),
      ['in A'],
    );
    assert.deepEqual(
      b.messages(cb).map((m) => m.content),
      ['in B'],
    );
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
