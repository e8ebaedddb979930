// stop() keeps the shared cache's view for a restart; destroy() forgets the client everywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import './helpers.js';
import { Cache, Client, RestPool, runtime } from 'kokoro';

test('destroy frees what only that client saw and leaves shared guilds to the others', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const cache = new Cache();
  const a = fake.addBot({ name: 'Stays' });
  const b = fake.addBot({ name: 'Goes' });
  const shared = fake.addGuild({ name: 'Shared', members: [a, b] });
  const own = fake.addGuild({ name: 'Only Goes', members: [b] });
  const options = { restUrl: fake.restUrl, cache, pool };
  const Stays = new Client({ name: 'Stays', token: a.token, ...options });
  const Goes = new Client({ name: 'Goes', token: b.token, ...options });
  try {
    await Promise.all([Stays.start(), Goes.start()]);
    assert.equal(cache.guilds.get(shared.id)?.clients.length, 2);
    assert.ok(cache.guilds.has(own.id));
    assert.equal(Goes.receiving(own.id), true);

    await Goes.stop();
    assert.equal(Goes.receiving(own.id), false);
    assert.ok(cache.guilds.has(own.id), 'stop keeps the view for a restart');

    await Goes.destroy();
    assert.equal(Goes.state, 'stopped');
    assert.deepEqual(cache.guilds.get(shared.id)?.clients, [Stays]);
    assert.equal(cache.guilds.has(own.id), false, 'the guild only it saw is freed');
    assert.equal(runtime.clients.has(Goes), false);
    assert.equal(runtime.clients.has(Stays), true);
  } finally {
    await Stays.destroy();
    await fake.close();
    await pool.close();
  }
});
