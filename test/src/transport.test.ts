// The client on every transport the gateway offers: JSON or ETF, zlib-stream, zstd-stream or none.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

let fake: FakeDiscord;
let pool: RestPool;
before(async () => {
  fake = await FakeDiscord.start({ gatewayOptions: { identifyWindow: 0 } });
  pool = new RestPool();
});
after(async () => {
  await fake.close();
  await pool.close();
});

const transports = [
  { encoding: 'json', compression: 'zlib-stream' },
  { encoding: 'json', compression: 'zstd-stream' },
  { encoding: 'json', compression: null },
  { encoding: 'etf', compression: 'zlib-stream' },
  { encoding: 'etf', compression: null },
] as const;

for (const { encoding, compression } of transports) {
  test(`a client on ${encoding} with ${compression ?? 'no compression'} gets its guilds and messages`, async () => {
    const bot = fake.addBot({
      name: `T-${encoding}-${compression}`,
      privilegedIntents: GatewayIntentBits.MessageContent,
    });
    const guild = fake.addGuild({ name: 'Transport', members: [bot] });
    const channel = fake.addChannel(guild, { name: 'wire' });
    const client = new Client({
      name: bot.name,
      token: bot.token,
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
      encoding,
      compression,
      restUrl: fake.restUrl,
      cache: new Cache(),
      pool,
    });
    const contents: string[] = [];
    client.on('messageCreate', (_client, message) => {
      contents.push(message.content);
    });
    try {
      await client.start();
      assert.equal(client.guilds.get(guild.id)?.name, 'Transport');
      await fake.userSays(channel, `över ${encoding} ✓`);
      await waitFor(() => contents.length === 1, 'the message');
      assert.equal(contents[0], `över ${encoding} ✓`);
      const connection = fake.gateway.connections({ botId: bot.id })[0];
      assert.ok(connection, 'connected');
      assert.equal(connection.encoding, encoding);
      assert.equal(connection.compression, compression ?? 'none');
    } finally {
      await client.destroy();
    }
  });
}
