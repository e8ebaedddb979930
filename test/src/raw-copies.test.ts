// Several bots on one stream: a copy of a dispatch another client already applied is recognised from
// its raw text, before it is parsed, and its handlers get the first copy's arguments.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, type Message, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;

let fake: FakeDiscord;
let pool: RestPool;

before(async () => {
  fake = await FakeDiscord.start();
  pool = new RestPool();
});

after(async () => {
  await fake.close();
  await pool.close();
});

test('the second client takes the first copy whole: no parse, same message object', async () => {
  const cache = new Cache();
  const a = fake.addBot({ name: 'CopyA', privilegedIntents: GatewayIntentBits.MessageContent });
  const b = fake.addBot({ name: 'CopyB', privilegedIntents: GatewayIntentBits.MessageContent });
  const user = fake.addUser({ username: 'talker' });
  const guild = fake.addGuild({ name: 'Copies', members: [a, b, user] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const endpoints = { restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl, cache, pool };
  const A = new Client({ name: 'CopyA', token: a.token, intents, ...endpoints });
  const B = new Client({ name: 'CopyB', token: b.token, intents, ...endpoints });
  const got = new Map<string, Message[]>([
    ['CopyA', []],
    ['CopyB', []],
  ]);
  for (const client of [A, B]) client.on('messageCreate', (c, message) => got.get(c.name)?.push(message));
  // Count the copies the cache recognised before parsing, and those it was given as bytes (zlib-stream).
  let taken = 0;
  let asBytes = 0;
  const takeCopy = cache.takeCopy.bind(cache);
  cache.takeCopy = (owner, eventName, raw) => {
    const hit = takeCopy(owner, eventName, raw);
    if (hit) taken++;
    if (hit && typeof raw !== 'string') asBytes++;
    return hit;
  };
  await Promise.all([A.start(), B.start()]);
  // Count the MESSAGE_CREATE texts parsed in this process (the fake's included: it parses none).
  let parsed = 0;
  const parse = JSON.parse;
  JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown) => {
    if (typeof text === 'string' && text.includes('"t":"MESSAGE_CREATE"')) parsed++;
    return parse(text, reviver);
  }) as typeof JSON.parse;
  try {
    for (let i = 0; i < 5; i++) await fake.userSays(channel, `hello ${i}`, { author: user });
    await waitFor(() => got.get('CopyA')?.length === 5 && got.get('CopyB')?.length === 5, 'both clients got 5');
    JSON.parse = parse;
    assert.equal(taken, 5, 'every second copy was taken before parsing');
    assert.equal(asBytes, 5, 'from the inflated bytes, never decoded to text');
    assert.equal(parsed, 5, 'each message parsed once: the first copy once, the second never');
    const [first, second] = [got.get('CopyA') ?? [], got.get('CopyB') ?? []];
    for (let i = 0; i < 5; i++) {
      assert.equal(first[i], second[i], 'one message object for both clients');
      assert.equal(first[i]?.content, `hello ${i}`);
    }
    assert.equal(cache.dedup.pending, 0, 'no record waits once both copies arrived');
  } finally {
    JSON.parse = parse;
    await Promise.all([A.stop(), B.stop()]);
  }
});

test('a client with raw payload hooks parses every copy and its hooks see each one', async () => {
  const cache = new Cache();
  const a = fake.addBot({ name: 'HookA', privilegedIntents: GatewayIntentBits.MessageContent });
  const b = fake.addBot({ name: 'HookB', privilegedIntents: GatewayIntentBits.MessageContent });
  const user = fake.addUser({ username: 'talker2' });
  const guild = fake.addGuild({ name: 'Hooks', members: [a, b, user] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const endpoints = { restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl, cache, pool };
  const A = new Client({ name: 'HookA', token: a.token, intents, ...endpoints });
  const B = new Client({ name: 'HookB', token: b.token, intents, ...endpoints });
  const hooked: string[] = [];
  for (const client of [A, B])
    client.onGatewayPayload({ t: 'MESSAGE_CREATE' }, (c, payload) =>
      hooked.push(`${c.name}:${(payload.d as { content: string }).content}`),
    );
  await Promise.all([A.start(), B.start()]);
  try {
    await fake.userSays(channel, 'seen by hooks', { author: user });
    await waitFor(() => hooked.length === 2, 'both hooks called');
    assert.deepEqual(hooked.sort(), ['HookA:seen by hooks', 'HookB:seen by hooks']);
  } finally {
    await Promise.all([A.stop(), B.stop()]);
  }
});
