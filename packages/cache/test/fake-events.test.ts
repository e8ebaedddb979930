import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALL_INTENTS, createEventScenario, EVENT_ACTIONS, type EventScenario, FakeDiscord } from '@kokoro/testing';
import { Cache } from '../src/cache.js';
import { eventNameOf } from '../src/events.js';
import { owner } from './fixtures.js';

// Every dispatch event, produced by the fake Discord's simulated actions (its payloads, not ours),
// applied to the cache: each must be applied without error and give handler arguments.
describe('every dispatch event from the fake Discord', () => {
  let fake: FakeDiscord;
  let scenario: EventScenario;
  const cache = new Cache();
  const bot = owner('bot');
  const seen = new Map<string, unknown[][]>();

  before(async () => {
    fake = await FakeDiscord.start();
    scenario = createEventScenario(fake);
    const { world } = fake;
    cache.ingest(
      bot,
      0,
      'READY',
      {
        v: 10,
        user: scenario.bot.user,
        guilds: [{ id: scenario.guild.id, unavailable: true }],
        session_id: 's',
        resume_gateway_url: fake.gatewayUrl,
        shard: [0, 1],
        application: { id: scenario.bot.applicationId, flags: 0 },
      },
      true,
    );
    cache.ingest(
      bot,
      0,
      'GUILD_CREATE',
      world.guildCreatePayload(scenario.guild.id, scenario.bot.id, { intents: ALL_INTENTS }),
      true,
    );
    world.onDispatch((dispatch) => {
      if (dispatch.recipients && !dispatch.recipients.includes(scenario.bot.id)) return;
      const args = cache.ingest(bot, 0, dispatch.t, dispatch.d, true);
      const list = seen.get(dispatch.t) ?? [];
      if (args) list.push(args);
      seen.set(dispatch.t, list);
    });
  });

  after(async () => {
    await fake.close();
  });

  for (const [t, action] of Object.entries(EVENT_ACTIONS)) {
    if (typeof action !== 'function') continue;
    it(`${t} -> ${eventNameOf(t)}`, async () => {
      seen.delete(t);
      await action(scenario);
      const calls = seen.get(t);
      assert.ok(calls && calls.length > 0, `${t} was dispatched and gave handler arguments`);
      for (const args of calls) assert.notEqual(args[0], undefined, `${t}: first argument`);
    });
  }

  it('the cache followed: the guild, its channels and the member nick', () => {
    const guild = cache.guilds.get(scenario.guild.id);
    assert.ok(guild);
    assert.equal(guild.clients[0], bot);
    assert.ok(guild.channels.has(scenario.channel.id));
    assert.equal(guild.members.get(scenario.user.id)?.nick, 'Actor');
  });
});
