// The fake's public reads and waits for tests: `fake.until` (a polled condition with a typed
// timeout), `fake.commands` (registered application commands), `fake.messages(channel,
// { ephemeral })` and `fake.interactionMessages` (every message answering an interaction).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { type APIMessage, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { type FakeBot, FakeDiscord, FakeDiscordError, FakeTimeoutError, FakeUntilTimeoutError } from '../src/index.js';

describe('fake.until', () => {
  let fake: FakeDiscord;
  let clock: ManualClock;
  let channel: { id: string };

  before(async () => {
    clock = new ManualClock();
    fake = await FakeDiscord.start({ clock });
    const guild = fake.addGuild({ name: 'Shrine' });
    channel = fake.addChannel(guild, { name: 'general' });
  });
  after(() => fake.close());

  it('resolves at once with a value that already holds', async () => {
    assert.equal(await fake.until(() => 42), 42);
  });

  it('sees state the fake cannot see change, by polling in real time (the fake clock never moves)', async () => {
    let ready: string | undefined;
    setImmediate(() => setImmediate(() => (ready = 'cached')));
    assert.equal(await fake.until(() => ready, { realTimeLimit: 5_000 }), 'cached');
  });

  it('checks after each change of the fake without waiting for a poll', async () => {
    const said = fake.userSays(channel, 'hello');
    const found = await fake.until(() => fake.messages(channel).find((m) => m.content === 'hello'), {
      interval: 3_600_000, // no poll within the test: only the dispatch can end the wait
      realTimeLimit: 5_000,
    });
    assert.equal(found.id, (await said).id);
  });

  it('a check that throws counts as "not yet"', async () => {
    const state: { guild?: { name: string } } = {};
    setImmediate(() => (state.guild = { name: 'Shrine' }));
    assert.equal(await fake.until(() => state.guild!.name, { realTimeLimit: 5_000 }), 'Shrine');
  });

  it('times out on the fake clock with a typed error naming what was awaited, the last failure and what arrived', async () => {
    const waiting = fake.until(
      () => {
        throw new TypeError('no guild yet');
      },
      { what: 'the bot to cache the guild', timeout: 1_000, realTimeLimit: 60_000 },
    );
    const caught = waiting.catch((error: unknown) => error);
    await fake.userSays(channel, 'meanwhile');
    await clock.advance(999);
    await clock.advance(1);
    const error = await caught;
    assert.ok(error instanceof FakeUntilTimeoutError);
    assert.ok(error instanceof FakeTimeoutError && error instanceof FakeDiscordError);
    assert.equal(error.limit, 'fake clock');
    assert.equal(error.awaited, 'the bot to cache the guild');
    assert.ok(error.cause instanceof TypeError);
    assert.deepEqual(error.arrived, ['MESSAGE_CREATE']);
    assert.match(
      error.message,
      /^until: the bot to cache the guild did not hold within 1000 ms \(fake clock\); its last check threw TypeError: no guild yet; arrived: MESSAGE_CREATE\.$/,
    );
  });

  it('names the predicate by its source when no `what` is given, and its last value', async () => {
    const count = 2;
    const waiting = fake.until(() => count > 3 && count, { timeout: 10 }).catch((error: unknown) => error);
    await clock.advance(10);
    const error = (await waiting) as FakeUntilTimeoutError;
    assert.match(error.awaited, /count > 3 && count/);
    assert.equal(error.lastValue, false);
    assert.match(error.message, /its last check returned false/);
  });

  it('never pends forever: a ManualClock nobody advances ends at the real-time guard', async () => {
    const error = await fake
      .until(() => false, { what: 'nothing', timeout: 1_000, realTimeLimit: 20 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof FakeUntilTimeoutError);
    assert.equal(error.limit, 'real time');
    assert.match(error.message, /within 20 ms \(real time\) \(the fake's clock had not reached the 1000 ms timeout/);
  });

  it('refuses options that cannot work', async () => {
    await assert.rejects(
      fake.until(() => true && false, { interval: 0 }),
      /interval must be a number of milliseconds >= 1/,
    );
    await assert.rejects(
      fake.until(() => false, { timeout: -1 }),
      /timeout must be/,
    );
    await assert.rejects(fake.until('ready' as never), /give a function of the state/);
  });
});

describe('fake.commands, fake.messages({ ephemeral }), fake.interactionMessages', () => {
  let fake: FakeDiscord;
  let bot: FakeBot;
  let guild: { id: string };
  let channel: { id: string };
  const rest = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${fake.restUrl}${path}`, {
      method,
      headers: { authorization: `Bot ${bot.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  before(async () => {
    fake = await FakeDiscord.start();
    bot = fake.addBot({ name: 'Nue' });
    guild = fake.addGuild({ name: 'Shrine', members: [bot] });
    channel = fake.addChannel(guild, { name: 'general' });
  });
  after(() => fake.close());

  it('lists global and guild commands apart, as registered over REST or directly', async () => {
    assert.deepEqual(fake.commands(bot), []);
    await rest('PUT', `/applications/${bot.applicationId}/commands`, [
      { name: 'ping', description: 'Pong' },
      { name: 'echo', description: 'Echo' },
    ]);
    await rest('PUT', `/applications/${bot.applicationId}/guilds/${guild.id}/commands`, [
      { name: 'purge', description: 'Purge', default_member_permissions: '8192' },
    ]);
    assert.deepEqual(
      fake.commands(bot).map((c) => c.name),
      ['ping', 'echo'],
    );
    const [purge, ...others] = fake.commands(bot.id, { guild });
    assert.equal(purge?.name, 'purge');
    assert.equal(purge?.default_member_permissions, '8192');
    assert.deepEqual(others, []);
    fake.addCommand(bot, { name: 'later', description: 'Added directly' });
    assert.deepEqual(
      fake.commands(bot).map((c) => c.name),
      ['ping', 'echo', 'later'],
    );
  });

  it('refuses an unknown bot or guild', () => {
    assert.throws(
      () => fake.commands('1234'),
      (e) => e instanceof FakeDiscordError && /commands: unknown bot 1234/.test(e.message),
    );
    assert.throws(() => fake.commands(bot, { guild: '999' }), /commands: unknown guild 999/);
  });

  it('ephemeral answers are read by channel (on request) and by interaction, edits applied', async () => {
    await fake.userSays(channel, 'before');
    const ask = fake.interact(bot, channel, { kind: 'command', name: 'ping' });
    const other = fake.interact(bot, channel, { kind: 'command', name: 'echo' });
    await rest('POST', `/interactions/${ask.id}/${ask.token}/callback`, {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    await rest('PATCH', `/webhooks/${bot.applicationId}/${ask.token}/messages/@original`, { content: 'secret answer' });
    const publicFollowUp = (await rest('POST', `/webhooks/${bot.applicationId}/${ask.token}?wait=true`, {
      content: 'for everyone',
    })) as APIMessage;
    await rest('POST', `/webhooks/${bot.applicationId}/${ask.token}?wait=true`, {
      content: 'secret follow-up',
      flags: MessageFlags.Ephemeral,
    });
    await rest('POST', `/interactions/${other.id}/${other.token}/callback`, {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: 'the other answer' },
    });

    assert.deepEqual(
      fake.messages(channel).map((m) => m.content),
      ['before', 'for everyone', 'the other answer'],
    );
    const all = fake.messages(channel, { ephemeral: true });
    assert.deepEqual(
      all.map((m) => m.content),
      ['before', 'secret answer', 'for everyone', 'secret follow-up', 'the other answer'],
    );
    assert.deepEqual(
      all.map((m) => ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0),
      [false, true, false, true, false],
    );

    const answers = fake.interactionMessages(ask);
    assert.deepEqual(
      answers.map((m) => m.content),
      ['secret answer', 'for everyone', 'secret follow-up'],
    );
    assert.equal(answers[0]!.id, fake.interactionResponse(ask)!.originalMessageId);
    assert.equal(answers[1]!.id, publicFollowUp.id);
    assert.deepEqual(
      fake.interactionMessages(other.id).map((m) => m.content),
      ['the other answer'],
    );
  });

  it('no messages for an interaction not answered yet; an unknown one is refused', () => {
    const pending = fake.interact(bot, channel, { kind: 'command', name: 'ping' });
    assert.deepEqual(fake.interactionMessages(pending), []);
    assert.throws(() => fake.interactionMessages('42'), /interactionMessages: unknown interaction 42/);
  });
});
