import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { Cache, Client } from '@kokoro/core';
import { InteractionResponseType } from 'discord-api-types/v10';
import { createVerifier, option, verifyEngine } from '../src/index.js';
import { sharedFake, until } from './helpers.js';

const shared = sharedFake();

test('HTTP mode: the fake delivers signed interactions; the same handlers answer in the HTTP response', async () => {
  const bot = shared.fake.addBot({ name: 'Webhooked' });
  const guild = shared.fake.addGuild({ name: 'HTTP', members: [bot] });
  const channel = shared.fake.addChannel(guild, { name: 'general' });
  // No gateway at all: the client only serves HTTP and uses REST.
  const client = new Client({
    name: 'Webhooked',
    token: bot.token,
    restUrl: shared.fake.restUrl,
    pool: shared.pool,
    cache: new Cache(),
    extensions: ['slash'],
  });
  const seen: string[] = [];
  client.interactions(
    function echo(_client, _event, { text }) {
      seen.push(text);
      return `http says ${text}`;
    },
    { guild, description: 'Echo', options: { text: option.string('Text', { required: true }) } },
  );
  client.interactions(
    async function later(_client, event) {
      await event.defer();
      await event.followUp('a follow-up over REST');
      return 'edited over REST';
    },
    { guild, description: 'Later' },
  );
  const report = await client.slash.sync();
  assert.equal(report.created, 2);
  const server = await client.slash.listen({ publicKey: shared.fake.publicKey });
  try {
    await shared.fake.setInteractionsEndpoint(bot, server.url); // PING → PONG, forged → 401, as the portal checks
    const interaction = shared.fake.interact(bot, channel, {
      kind: 'command',
      name: 'echo',
      options: [{ name: 'text', type: 3, value: 'hello' }],
    });
    await until(() => shared.fake.messages(channel).some((m) => m.content === 'http says hello'), 'the answer');
    assert.deepEqual(seen, ['hello']);
    assert.equal(
      shared.fake.interactionResponse(interaction)?.responseType,
      InteractionResponseType.ChannelMessageWithSource,
    );
    assert.equal((shared.fake.interactions.results.get(interaction.id) as { status: number }).status, 200);

    const deferred = shared.fake.interact(bot, channel, { kind: 'command', name: 'later' });
    await until(
      () => shared.fake.messages(channel).some((m) => m.content === 'a follow-up over REST'),
      'the follow-up',
    );
    await until(
      () =>
        shared.fake
          .messages(channel)
          .some(
            (m) =>
              m.id === shared.fake.interactionResponse(deferred)?.originalMessageId && m.content === 'edited over REST',
          ),
      'the edited response',
    );
  } finally {
    await server.close();
    await client.destroy();
  }
});

test('HTTP mode: bad, missing, stale or tampered signatures get 401 and never reach a handler', async () => {
  const bot = shared.fake.addBot({ name: 'Guarded' });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const client = new Client({
    name: 'Guarded',
    token: bot.token,
    restUrl: shared.fake.restUrl,
    pool: shared.pool,
    cache: new Cache(),
    extensions: ['slash'],
  });
  let calls = 0;
  client.interactions(
    function ping() {
      calls++;
      return 'pong';
    },
    { description: 'Ping' },
  );
  const server = await client.slash.listen({ publicKey: hex });
  const post = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(server.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, body: await res.text() };
  };
  const signed = (body: string, timestamp = String(Math.floor(Date.now() / 1000))) => ({
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
    'x-signature-timestamp': timestamp,
  });
  try {
    const ping = JSON.stringify({ type: 1, id: '1', application_id: bot.id, token: 't', version: 1 });
    const good = await post(ping, signed(ping));
    assert.deepEqual([good.status, JSON.parse(good.body)], [200, { type: 1 }]);
    const command = JSON.stringify({
      type: 2,
      id: '2',
      application_id: bot.id,
      token: 't',
      version: 1,
      data: { id: '3', name: 'ping', type: 1 },
    });
    assert.equal((await post(command, {})).status, 401, 'missing signature');
    const headers = signed(command);
    assert.equal((await post(command.replace('ping', 'pong'), headers)).status, 401, 'tampered body');
    const flipped = Buffer.from(headers['x-signature-ed25519'], 'hex');
    flipped[0]! ^= 0xff; // a different signature, always: one byte of R inverted
    const bad = { ...headers, 'x-signature-ed25519': flipped.toString('hex') };
    assert.equal((await post(command, bad)).status, 401, 'bad signature');
    assert.equal(
      (await post(command, signed(command, String(Math.floor(Date.now() / 1000) - 3600)))).status,
      401,
      'stale timestamp',
    );
    assert.equal((await post(command, { ...headers, 'x-signature-ed25519': 'zz' })).status, 401, 'malformed signature');
    assert.equal(calls, 0, 'no handler ran');
  } finally {
    await server.close();
    await client.destroy();
  }
});

test('the verifier alone: engine, good and bad inputs', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const verify = createVerifier(hex, 60);
  const body = Buffer.from('{"type":1}');
  const signature = sign(null, Buffer.from(`1000${body}`), privateKey).toString('hex');
  assert.ok(['sodium-native', 'node:crypto'].includes(verifyEngine()));
  assert.equal(verify(signature, '1000', body, 1_000_000), undefined);
  assert.equal(verify(signature, '1000', body, 2_000_000), 'stale timestamp');
  assert.equal(verify(signature, '1001', body, 1_000_000), 'bad signature');
  assert.equal(verify(undefined, '1000', body, 1_000_000), 'missing signature');
  assert.throws(() => createVerifier('nothex'), /64 hex digits/);
});
