import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import {
  createEventScenario,
  EVENT_ACTIONS,
  type EventScenario,
  FakeDiscord,
  KNOWN_INTENTS,
  type WorldDispatch,
} from '../src/index.js';
import { type Payload, RawClient } from './gateway-helpers.js';

const ALL_EVENTS = Object.values(GatewayDispatchEvents);

test('the event table covers exactly the 79 dispatch events', () => {
  assert.equal(ALL_EVENTS.length, 79);
  assert.deepEqual(Object.keys(EVENT_ACTIONS).sort(), [...ALL_EVENTS].sort());
});

describe('every dispatch event can be produced by a simulated action', () => {
  let fake: FakeDiscord;
  let scenario: EventScenario;
  let client: RawClient;
  let ready: Payload;

  before(async () => {
    fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000 } });
    scenario = createEventScenario(fake);
    client = new RawClient(fake.gatewayUrl);
    client.identify(scenario.bot.token, KNOWN_INTENTS);
    ready = await client.dispatch('READY');
    await client.next((p) => p.t === 'GUILD_CREATE' && p.d.id === scenario.guild.id);
  });
  after(async () => {
    client.ws.close(1000);
    await fake.close();
  });

  for (const t of ALL_EVENTS) {
    const action = EVENT_ACTIONS[t];
    if (typeof action !== 'function') continue;
    test(`${t}: on the world bus and on the bot's gateway connection`, async () => {
      const seen: WorldDispatch[] = [];
      const stop = fake.world.onDispatch((d) => seen.push(d));
      const from = client.payloads.length;
      try {
        await action(scenario);
      } finally {
        stop();
      }
      assert.ok(
        seen.some((d) => d.t === t),
        `${t} not dispatched; got ${seen.map((d) => d.t).join(', ')}`,
      );
      const arrived = await Promise.race([
        client.next((p) => p.op === 0 && p.t === t && client.payloads.indexOf(p) >= from),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
      ]);
      assert.ok(arrived, `${t} was dispatched on the world bus but did not reach the bot's connection`);
    });
  }

  test('READY came from Identify; RESUMED comes from a resume', async () => {
    assert.equal(ready.d.user.id, scenario.bot.id);
    const { session_id, resume_gateway_url } = ready.d;
    const seq = Math.max(...client.sequences);
    client.ws.close(4000);
    await client.closed;
    client = new RawClient(resume_gateway_url);
    client.send({ op: 6, d: { token: scenario.bot.token, session_id, seq } });
    const resumed = await client.dispatch('RESUMED');
    assert.equal(resumed.t, GatewayDispatchEvents.Resumed);
  });
});
