// A dispatch the cache cannot apply is logged and dropped; the client keeps working.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { captureLogs, waitFor } from './helpers.js';

test('a malformed dispatch is logged with its event name and the next events still arrive', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const { logger, lines } = captureLogs('error');
  const bot = fake.addBot({ name: 'Sturdy', privilegedIntents: GatewayIntentBits.MessageContent });
  const guild = fake.addGuild({ name: 'G', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'c' });
  const Sturdy = new Client({
    name: 'Sturdy',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
    logger,
  });
  const seen: string[] = [];
  Sturdy.on('messageCreate', (_client, message) => {
    seen.push(message.content);
  });
  try {
    await Sturdy.start();
    fake.gateway.dispatchToSessions('MESSAGE_CREATE', null);
    await fake.userSays(channel, 'still here');
    await waitFor(() => seen.includes('still here'), 'the next message');
    await waitFor(() => lines.length > 0, 'the error log line');
    assert.match(lines[0]!, /MESSAGE_CREATE/);
    assert.equal(Sturdy.state, 'ready');
  } finally {
    await Sturdy.stop();
    await fake.close();
    await pool.close();
  }
});
