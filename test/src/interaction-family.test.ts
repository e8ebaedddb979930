// The interaction methods read as one family: the callback, then the original response and the
// follow-ups, each created, got, edited and deleted with (application id, interaction token, ...).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Client, ClientNotReadyError } from 'kokoro';
import './helpers.js';

test('the interaction methods line up: interactionResponse* and interactionFollowup*', () => {
  const client = new Client({
    name: 'Named',
    token: 'MTA5.Gx.named-token',
    restUrl: 'http://127.0.0.1:9',
    cache: new Cache(),
  });
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(client); proto; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  for (const verb of ['Create', 'Get', 'Edit', 'Delete']) {
    assert.ok(names.has(`interactionResponse${verb}`), `interactionResponse${verb}`);
    assert.ok(names.has(`interactionFollowup${verb}`), `interactionFollowup${verb}`);
  }
  assert.deepEqual(
    [...names].filter((name) => name.startsWith('interactionResponseMessage')),
    [],
    'no second spelling of the original response',
  );
});

test('a bot answers an interaction through the family, with client.applicationId known after READY', async () => {
  const fake = await FakeDiscord.start();
  const bot = fake.addBot({ name: 'Answerer' });
  const guild = fake.addGuild({ name: 'Answers', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'answers' });
  const Answerer = new Client({ name: 'Answerer', token: bot.token, restUrl: fake.restUrl, cache: new Cache() });
  try {
    assert.throws(() => Answerer.applicationId, ClientNotReadyError);
    await Answerer.start();
    const applicationId: string = Answerer.applicationId;
    assert.equal(applicationId, bot.applicationId);

    fake.addCommand(bot, { name: 'ping', description: 'Ping' });
    const interaction = fake.interact(bot, channel, { kind: 'command', name: 'ping' });
    await Answerer.interactionResponseCreate(interaction.id, interaction.token, { type: 4, data: { content: 'pong' } });
    const original = await Answerer.interactionResponseGet(applicationId, interaction.token);
    assert.equal(original.content, 'pong');
    const edited = await Answerer.interactionResponseEdit(applicationId, interaction.token, { content: 'pong!' });
    assert.equal(edited.content, 'pong!');

    const followup = await Answerer.interactionFollowupCreate(applicationId, interaction.token, { content: 'more' });
    assert.equal(followup.content, 'more');
    const got = await Answerer.interactionFollowupGet(applicationId, interaction.token, followup.id);
    assert.equal(got.id, followup.id);
    const changed = await Answerer.interactionFollowupEdit(applicationId, interaction.token, followup, {
      content: 'even more',
    });
    assert.equal(changed.content, 'even more');
    await Answerer.interactionFollowupDelete(applicationId, interaction.token, followup.id);
    await Answerer.interactionResponseDelete(applicationId, interaction.token);
    const left = fake.messages(channel).map((message) => message.id);
    assert.ok(!left.includes(followup.id) && !left.includes(original.id), 'both messages are gone');
  } finally {
    await Answerer.stop();
    await fake.close();
  }
});
