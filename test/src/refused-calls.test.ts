// Calls on a client that is not started, stopped or destroyed are refused at once with a typed
// error: nothing pends forever, nothing is sent.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import {
  Cache,
  Client,
  ClientNotConnectedError,
  GatewayIntentBits,
  GatewayOpcodes,
  RestClosedError,
  RestPool,
  ShardClosedError,
} from 'kokoro';

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

const heartbeat = { op: GatewayOpcodes.Heartbeat, d: null } as const;

test('gateway calls on a never-started, then stopped client reject at once', async () => {
  const bot = fake.addBot({ name: 'Idle' });
  const guild = fake.addGuild({ name: 'home', members: [bot] });
  const Idle = new Client({
    name: 'Idle',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers,
    restUrl: fake.restUrl,
    pool,
    cache: new Cache(),
  });
  try {
    for (const call of [
      () => Idle.sendGatewayPayload(heartbeat),
      () => Idle.updateVoiceState(guild.id, null),
      () => Idle.requestGuildMembers(guild.id),
    ]) {
      let result: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        result = call();
      });
      await assert.rejects(result!, (error: Error) => {
        assert.ok(error instanceof ClientNotConnectedError, String(error));
        assert.match(error.message, /client "Idle" .*call start\(\) first/);
        return true;
      });
    }
    await Idle.start();
    await Idle.stop();
    await assert.rejects(Idle.sendGatewayPayload(heartbeat), ShardClosedError);
    await assert.rejects(Idle.updateVoiceState(guild.id, null), ShardClosedError);
    await assert.rejects(Idle.requestGuildMembers(guild.id, { query: 'a' }), ShardClosedError);
  } finally {
    await Idle.destroy();
  }
});

test('REST on a destroyed client rejects at once and sends nothing', async () => {
  const bot = fake.addBot({ name: 'Gone' });
  const Gone = new Client({ name: 'Gone', token: bot.token, restUrl: fake.restUrl, pool, cache: new Cache() });
  await Gone.api.get('/users/@me');
  await Gone.destroy();
  let requests = 0;
  const count = () => {
    requests += 1;
  };
  diagnostics.subscribe('undici:request:create', count);
  try {
    await assert.rejects(Gone.api.get('/users/@me'), RestClosedError);
    await assert.rejects(Gone.currentUserGet(), (error: Error) => {
      assert.ok(error instanceof RestClosedError);
      assert.match(error.message, /GET \/users\/@me refused: .*client was destroyed/);
      return true;
    });
    assert.equal(requests, 0);
  } finally {
    diagnostics.unsubscribe('undici:request:create', count);
  }
});
