/** Fidelity: a peer library (@discordjs/ws, with zlib-stream) connects to the fake gateway. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { type GatewayDispatchPayload, GatewayIntentBits } from 'discord-api-types/v10';
import { FakeDiscord } from '../src/index.js';

describe('fake gateway fidelity', () => {
  let fake: FakeDiscord;
  before(async () => {
    fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000 } });
  });
  after(() => fake.close());

  it('@discordjs/ws receives READY, GUILD_CREATE and a dispatch', async () => {
    const bot = fake.addBot({ name: 'Peer' });
    const guild = fake.addGuild({ name: 'peers', members: [bot] });
    const rest = new REST({ version: '10', api: fake.restUrl.replace(/\/v10$/, '') }).setToken(bot.token);
    const manager = new WebSocketManager({
      token: bot.token,
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
      rest,
      compression: CompressionMethod.ZlibNative,
    });
    const seen: GatewayDispatchPayload[] = [];
    const probe = new Promise<GatewayDispatchPayload>((resolve) => {
      manager.on(WebSocketShardEvents.Dispatch, (payload) => {
        seen.push(payload);
        if (payload.t === 'GUILD_CREATE') fake.gateway.dispatchToSessions('TYPING_START', { n: 1 }, { botId: bot.id });
        if ((payload.t as string) === 'TYPING_START') resolve(payload);
      });
    });
    try {
      await manager.connect();
      const typing = await probe;
      assert.deepEqual(typing.d, { n: 1 });
      assert.equal(seen[0]!.t, 'READY');
      assert.equal((seen[1]!.d as { id: string }).id, guild.id);
    } finally {
      await manager.destroy();
    }
  });
});
