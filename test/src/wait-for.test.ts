// Waiters: client.waitFor and its ready-made filters for messages, reactions and component clicks,
// against the fake Discord, with timeouts on an injected clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, ManualClock, RestPool, ValidationError, WaitForTimeoutError } from 'kokoro';

const intents =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.MessageContent;

let fake: FakeDiscord;
let pool: RestPool;
let cache: Cache;
let clock: ManualClock;
let Bot: Client;
let channelId: string;
let mika: { id: string };
let rin: { id: string };

before(async () => {
  fake = await FakeDiscord.start();
  pool = new RestPool();
  cache = new Cache();
  clock = new ManualClock();
  const bot = fake.addBot({ name: 'Waiter', privilegedIntents: GatewayIntentBits.MessageContent });
  mika = fake.addUser({ username: 'mika' });
  rin = fake.addUser({ username: 'rin' });
  const guild = fake.addGuild({ name: 'Waiting room', members: [bot, mika, rin] });
  channelId = fake.addChannel(guild, { name: 'general' }).id;
  Bot = new Client({
    name: 'Waiter',
    token: bot.token,
    intents,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache,
    pool,
    clock,
  });
  await Bot.start();
});

after(async () => {
  await Bot.destroy();
  await fake.close();
  await pool.close();
});

test('waitFor resolves with the arguments of the first event the filter accepts, then stops listening', async () => {
  assert.equal(Bot.wants('messageCreate'), false);
  const timers = clock.pending; // the client's own timers (gateway, REST) run on this clock too
  const waiting = Bot.waitFor('messageCreate', (_client, message) => message.content === 'yes', { timeout: 10_000 });
  assert.equal(clock.pending, timers + 1, 'a waiter has one timer');
  assert.equal(Bot.wants('messageCreate'), true, 'a waiter is a listener while it waits');
  await fake.userSays(channelId, 'no', { author: mika });
  await fake.userSays(channelId, 'yes', { author: mika });
  const [message] = await waiting;
  assert.equal(message.content, 'yes');
  assert.equal(message.author.id, mika.id);
  assert.equal(Bot.wants('messageCreate'), false, 'and no longer after');
  assert.equal(clock.pending, timers, 'its timer is cleared');
});

test('an async filter; a throwing filter rejects the wait', async () => {
  const waiting = Bot.waitFor('messageCreate', async (_client, message) => message.content.startsWith('ok'));
  await fake.userSays(channelId, 'ok then', { author: rin });
  assert.equal((await waiting)[0].content, 'ok then');
  const failing = Bot.waitFor('messageCreate', () => {
    throw new Error('filter broke');
  });
  await fake.userSays(channelId, 'anything', { author: rin });
  await assert.rejects(failing, /filter broke/);
  assert.equal(Bot.wants('messageCreate'), false);
});

test('a timeout on the client’s clock rejects with WaitForTimeoutError; an abort with its reason', async () => {
  const waiting = Bot.waitForMessage(channelId, { author: mika, timeout: 5_000 });
  const rejected = assert.rejects(waiting, (error: unknown) => {
    assert.ok(error instanceof WaitForTimeoutError);
    assert.equal(error.event, 'messageCreate');
    assert.equal(error.timeout, 5_000);
    assert.match(error.message, /no messageCreate event matched within 5000 ms/);
    return true;
  });
  await clock.advance(4_999);
  await fake.userSays(channelId, 'from rin, not mika', { author: rin });
  await clock.advance(1);
  await rejected;
  assert.equal(Bot.wants('messageCreate'), false);

  const timers = clock.pending;
  const controller = new AbortController();
  const aborted = Bot.waitFor('messageCreate', undefined, { signal: controller.signal });
  controller.abort(new Error('user gave up'));
  await assert.rejects(aborted, /user gave up/);
  assert.equal(clock.pending, timers, 'the abort cleared the waiter’s timer');
});

test('no waiter without a bound: bad timeouts and filters are refused before waiting', async () => {
  await assert.rejects(Bot.waitFor('messageCreate', undefined, { timeout: 0 }), ValidationError);
  await assert.rejects(
    Bot.waitFor('messageCreate', undefined, { timeout: Number.POSITIVE_INFINITY }),
    /positive number/,
  );
  await assert.rejects(Bot.waitFor('messageCreate', 'yes' as never), /filter/);
  await assert.rejects(Bot.waitForMessage('general'), /channel/);
  assert.equal(Bot.wants('messageCreate'), false, 'nothing was registered');
});

test('waitForReaction: a reaction by the given user with the given emoji', async () => {
  const message = await Bot.messageCreate(channelId, 'react with 👍');
  const waiting = Bot.waitForReaction(message, { user: mika, emoji: '👍', timeout: 10_000 });
  fake.simulate.react(channelId, message.id, '👎', mika);
  fake.simulate.react(channelId, message.id, '👍', rin);
  fake.simulate.react(channelId, message.id, '👍', mika);
  const reaction = await waiting;
  assert.equal(reaction.user.id, mika.id);
  assert.equal(reaction.emoji.name, '👍');
  assert.equal(reaction.message.id, message.id);
});

test('waitForComponent: a click on a button of the message, by the given user', async () => {
  const message = await Bot.messageCreate(channelId, {
    content: 'Sure?',
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'yes' }] }],
  });
  const raw = fake.messages(channelId).find((m) => m.id === message.id)!;
  const waiting = Bot.waitForComponent(message, { customId: 'yes', user: mika, timeout: 10_000 });
  fake.interact(Waiter(), channelId, { kind: 'component', customId: 'yes', message: raw }, { user: rin });
  fake.interact(Waiter(), channelId, { kind: 'component', customId: 'yes', message: raw }, { user: mika });
  const interaction = await waiting;
  assert.equal(interaction.member?.user.id, mika.id);
  assert.equal(interaction.data.custom_id, 'yes');
});

function Waiter(): string {
  return Bot.id;
}
