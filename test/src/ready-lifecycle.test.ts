// "Ready means ready" and the lifecycle events of a client's shards, against the fake Discord.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, ManualClock, RestPool } from 'kokoro';
import { captureLogs, waitFor } from './helpers.js';

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

const endpoints = () => ({ restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl, pool, cache: new Cache() });

test('ready runs once every announced guild arrived, with client.user set; start() resolves at that moment', async () => {
  const bot = fake.addBot({ name: 'Patient' });
  const guilds = [1, 2, 3].map((n) => fake.addGuild({ name: `g${n}`, members: [bot] }));
  const Patient = new Client({ name: 'Patient', token: bot.token, intents: GatewayIntentBits.Guilds, ...endpoints() });
  const seen: string[] = [];
  let started = false;
  Patient.on('shardReady', (client, shardId, data) => {
    assert.equal(client.user?.id, bot.id, 'client.user is set before shardReady');
    assert.equal(data.guilds.length, 3);
    seen.push(`shardReady ${shardId}`);
  });
  Patient.on('guildCreate', (client) => {
    assert.equal(client.user?.id, bot.id, 'client.user is set before any guild handler');
    seen.push('guildCreate');
  });
  Patient.on('ready', (client, ...args) => {
    assert.equal(args.length, 0);
    assert.equal(client.guilds.size, 3, 'every guild READY announced has arrived');
    for (const guild of guilds) assert.ok(client.guilds.has(guild.id));
    assert.equal(client.user?.username, 'Patient');
    assert.equal(client.state, 'ready');
    assert.equal(started, false, 'ready runs before start() resolves to its caller');
    seen.push('ready');
  });
  try {
    await Patient.start().then(() => {
      started = true;
    });
    assert.deepEqual(seen, ['shardReady 0', 'guildCreate', 'guildCreate', 'guildCreate', 'ready']);
  } finally {
    await Patient.destroy();
  }
});

test('shard lifecycle events: disconnect with the close code, reconnecting, resumed, error; stop is a disconnect', async () => {
  const clock = new ManualClock(Date.now());
  const bot = fake.addBot({ name: 'Watched' });
  fake.addGuild({ name: 'home', members: [bot] });
  const Watched = new Client({ name: 'Watched', token: bot.token, clock, ...endpoints() });
  const events: unknown[][] = [];
  const record =
    (name: string) =>
    (_client: unknown, ...args: unknown[]) =>
      events.push([name, ...args]);
  Watched.on('shardDisconnect', record('shardDisconnect'));
  Watched.on('shardReconnecting', record('shardReconnecting'));
  Watched.on('shardResumed', record('shardResumed'));
  Watched.on('shardReady', (_client, shardId) => events.push(['shardReady', shardId]));
  Watched.on('shardError', record('shardError'));
  const states: string[] = [];
  Watched.on('shardStateChange', (_client, _shardId, change) => states.push(change.to));
  try {
    await Watched.start();
    assert.deepEqual(events, [['shardReady', 0]]);

    fake.gateway.closeConnections(4000, { botId: bot.id }, 'Unknown error.');
    const reconnecting = await waitFor(() => events.find((e) => e[0] === 'shardReconnecting'), 'shardReconnecting');
    assert.deepEqual(events[1], ['shardDisconnect', 0, 4000, 'closed 4000 (Unknown error.)']);
    const delay = reconnecting[2] as number;
    assert.ok(delay > 0, `a backoff delay (${delay})`);
    await clock.advance(delay);
    await waitFor(() => events.find((e) => e[0] === 'shardResumed'), 'shardResumed');
    assert.deepEqual(events.at(-1), ['shardResumed', 0]);
    assert.deepEqual(states, ['connecting', 'identifying', 'ready', 'reconnecting', 'connecting', 'resuming', 'ready']);

    fake.gateway.sendCorruptFrame({ botId: bot.id });
    const decode = await waitFor(() => events.find((e) => e[0] === 'shardError'), 'shardError for a corrupt frame');
    const [, shardId, error] = decode as [string, number, unknown];
    assert.equal(shardId, 0);
    assert.ok(error instanceof Error, 'the decoding error');

    events.length = 0;
    await Watched.stop();
    assert.deepEqual(events.at(-1)?.slice(0, 3), ['shardDisconnect', 0, 1000]);
  } finally {
    await Watched.destroy();
  }
});

test('a fatal close while ready is a shardError and a shardDisconnect with the code', async () => {
  const bot = fake.addBot({ name: 'Doomed' });
  fake.addGuild({ name: 'home', members: [bot] });
  const { logger } = captureLogs('silent');
  const Doomed = new Client({ name: 'Doomed', token: bot.token, logger, ...endpoints() });
  const events: unknown[][] = [];
  Doomed.on('shardError', (_client, shardId, error) => events.push(['shardError', shardId, error]));
  Doomed.on('shardDisconnect', (_client, shardId, code) => events.push(['shardDisconnect', shardId, code]));
  try {
    await Doomed.start();
    fake.gateway.closeConnections(4013, { botId: bot.id }, 'Invalid intent(s).');
    await waitFor(() => events.length === 2, 'two events');
    assert.deepEqual(events[0], ['shardDisconnect', 0, 4013]);
    assert.equal(events[1]![0], 'shardError');
    assert.match((events[1]![2] as Error).message, /4013/);
  } finally {
    await Doomed.destroy();
  }
});
