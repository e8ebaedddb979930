// A handler that throws or rejects never stops the others; its error reaches the `error` handlers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { captureLogs, waitFor } from './helpers.js';

test('handler errors go to error handlers, or to the log when there are none', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const { logger, lines } = captureLogs('error');
  const bot = fake.addBot({ name: 'Careful', privilegedIntents: GatewayIntentBits.MessageContent });
  const channel = fake.addChannel(fake.addGuild({ name: 'G', members: [bot] }), { name: 'c' });
  const Careful = new Client({
    name: 'Careful',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
    logger,
  });
  const seen: string[] = [];
  const errors: { message: string; event: string }[] = [];
  Careful.on('messageCreate', () => {
    throw new Error('thrown by a handler');
  });
  Careful.on('messageCreate', async () => {
    throw new Error('rejected by a handler');
  });
  Careful.on('messageCreate', (_client, message) => {
    seen.push(message.content);
  });
  const onError = (_client: Client, error: unknown, event: string) => {
    errors.push({ message: (error as Error).message, event });
  };
  Careful.on('error', onError);
  try {
    await Careful.start();
    await fake.userSays(channel, 'first');
    await waitFor(() => errors.length === 2, 'both errors');
    assert.deepEqual(seen, ['first'], 'the third handler still ran');
    assert.deepEqual(errors.map((e) => `${e.event}: ${e.message}`).sort(), [
      'messageCreate: rejected by a handler',
      'messageCreate: thrown by a handler',
    ]);
    assert.equal(lines.length, 0, 'nothing logged while error handlers exist');

    Careful.off('error', onError);
    await fake.userSays(channel, 'second');
    await waitFor(() => lines.length === 2, 'two log lines');
    assert.match(lines.join(''), /a messageCreate handler of Careful failed/);
    assert.deepEqual(seen, ['first', 'second']);
  } finally {
    await Careful.destroy();
    await fake.close();
    await pool.close();
  }
});
