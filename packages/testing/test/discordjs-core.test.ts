// Issue 15, point 4: the @discordjs/core recipe. A bot made of @discordjs/core, @discordjs/rest and
// @discordjs/ws, configured as their docs say, pointed at the fake; tested with the actor API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, GatewayDispatchEvents, GatewayIntentBits } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager } from '@discordjs/ws';
import { type FakeBot, FakeDiscord } from '../src/index.js';

describe('a @discordjs/core bot against the fake', () => {
  let fake: FakeDiscord;
  let bot: FakeBot;
  let gateway: WebSocketManager;
  let channel: { id: string };

  before(async () => {
    fake = await FakeDiscord.start();
    bot = fake.addBot({ name: 'Core' });
    const guild = fake.addGuild({ name: 'Shrine', members: [bot] });
    channel = fake.addChannel(guild, { name: 'general' });
    const rest = new REST({ version: '10', api: `http://127.0.0.1:${fake.port}/api` }).setToken(bot.token);
    gateway = new WebSocketManager({
      token: bot.token,
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
      rest,
    });
    const client = new Client({ rest, gateway });
    client.on(GatewayDispatchEvents.MessageCreate, async ({ data, api }) => {
      if (data.content === 'ping') await api.channels.createMessage(data.channel_id, { content: 'pong' });
    });
    client.on(GatewayDispatchEvents.InteractionCreate, async ({ data, api }) => {
      await api.interactions.reply(data.id, data.token, { content: 'pong from /ping' });
    });
    const ready = new Promise<void>((resolve) => client.once(GatewayDispatchEvents.Ready, () => resolve()));
    await gateway.connect();
    await ready;
    await client.api.applicationCommands.bulkOverwriteGlobalCommands(bot.applicationId, [
      { name: 'ping', description: 'Answers pong' },
    ]);
  });
  after(async () => {
    await gateway.destroy();
    await fake.close();
  });

  it('answers ping and /ping', async () => {
    const alice = fake.user('alice');
    await alice.says(channel, 'ping');
    assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'pong');
    await alice.runs(bot, 'ping', {}, { channel });
    assert.equal(fake.render(await fake.nextMessage(channel, { from: bot })), 'Core [bot]: pong from /ping');
  });
});
