// Two clients in one runtime against the fake Discord: both answer, they share one cache, and one
// handler serves both.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;

let fake: FakeDiscord;
let pool: RestPool;
let cache: Cache;

before(async () => {
  fake = await FakeDiscord.start();
  pool = new RestPool();
  cache = new Cache();
});

after(async () => {
  await fake.close();
  await pool.close();
});

test('two clients share one guild object and both answer in one channel', async () => {
  const a = fake.addBot({ name: 'Alpha', privilegedIntents: GatewayIntentBits.MessageContent });
  const b = fake.addBot({ name: 'Beta', privilegedIntents: GatewayIntentBits.MessageContent });
  const user = fake.addUser({ username: 'someone' });
  const guild = fake.addGuild({ name: 'Shared', members: [a, b, user] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const endpoints = { restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl, cache, pool };

  const Alpha = new Client({ name: 'Alpha', token: a.token, intents, ...endpoints });
  const Beta = new Client({
    name: 'Beta',
    token: b.token,
    intents,
    extensions: ['commands'],
    prefix: '!',
    ...endpoints,
  });
  Alpha.on('messageCreate', async (client, message) => {
    if (message.content === 'ping') await client.messageCreate(message.channel, 'pong');
  });
  Beta.commands.add('ping', () => 'pong from Beta');

  const seen: string[] = [];
  const shared = (client: Client, message: { content: string }) => {
    if (message.content === 'who is there') seen.push(client.name);
  };
  Alpha.on('messageCreate', shared);
  Beta.on('messageCreate', shared);

  await Promise.all([Alpha.start(), Beta.start()]);
  try {
    const guildOfAlpha = Alpha.guilds.get(guild.id);
    const guildOfBeta = Beta.guilds.get(guild.id);
    assert.ok(guildOfAlpha, 'Alpha sees the guild');
    assert.equal(guildOfAlpha, guildOfBeta, 'one guild object for both clients');
    assert.ok(guildOfAlpha.clients.includes(Alpha) && guildOfAlpha.clients.includes(Beta));
    assert.equal(guildOfAlpha.clients.length, 2);

    await fake.userSays(channel, 'ping', { author: user });
    await waitFor(
      () => fake.messages(channel).find((m) => m.content === 'pong' && m.author.id === a.id),
      'pong from Alpha',
    );

    await fake.userSays(channel, '!ping', { author: user });
    await waitFor(
      () => fake.messages(channel).find((m) => m.content === 'pong from Beta' && m.author.id === b.id),
      'pong from Beta',
    );

    await fake.userSays(channel, 'who is there', { author: user });
    await waitFor(() => seen.length === 2, 'the shared handler called for both clients');
    assert.deepEqual([...seen].sort(), ['Alpha', 'Beta']);

    const created = await Alpha.messageCreate(channel.id, 'made over REST');
    assert.equal(created.content, 'made over REST');
    assert.equal(created.channel, cache.channels.get(channel.id), 'the message is in the shared channel entity');
  } finally {
    await Promise.all([Alpha.stop(), Beta.stop()]);
  }
});

test('an invalid token fails once with a clear error naming the client, and is not retried', async () => {
  const Bad = new Client({
    name: 'BadBot',
    token: 'definitely-not-a-valid-token-42',
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache,
    pool,
  });
  // Count the HTTP requests the client makes (undici reports each one on this channel).
  let requests = 0;
  const onRequest = () => {
    requests += 1;
  };
  diagnostics.subscribe('undici:request:create', onRequest);
  await assert.rejects(Bad.start(), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'KOKORO_START');
    assert.match(error.message, /client "BadBot"/);
    assert.match(error.message, /token/);
    assert.ok(!error.message.includes('definitely-not-a-valid-token-42'), 'the token is not in the message');
    return true;
  });
  const attempts = requests;
  // Give a retry loop every chance to show itself: several turns of the event loop.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  diagnostics.unsubscribe('undici:request:create', onRequest);
  assert.equal(requests, attempts, 'no further requests after the failure');
  assert.equal(attempts, 1, 'one request, no retry');
  assert.equal(Bad.state, 'failed');
});

test('extensions by name: unknown names and missing options fail at construction', () => {
  assert.throws(
    () => new Client({ name: 'X', token: 'x'.repeat(30), extensions: ['nope' as 'commands'], prefix: '!' }),
    /unknown extension "nope"/,
  );
  assert.throws(
    // @ts-expect-error the prefix option is required by 'commands'
    () => new Client({ name: 'Y', token: 'y'.repeat(30), extensions: ['commands'] }),
    /extension "commands" needs the option "prefix"/,
  );
  const plain = new Client({ name: 'Z', token: 'z'.repeat(30) });
  // @ts-expect-error `commands` is not in the type without the extension
  assert.equal(plain.commands, undefined);
});
