import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '@kokoro/common';
import { TypedRest } from '../src/generated/typed-rest.js';
import { Rest } from '../src/rest.js';

/** What this test uses of `@kokoro/testing` (imported at run time: the build does not depend on it). */
interface Fake {
  restUrl: string;
  addBot(options: { name: string }): { token: string; id: string };
  addUser(options: { username: string }): { id: string };
  addGuild(options: { name: string; members: readonly unknown[] }): { id: string };
  addChannel(guild: { id: string }, options: { name: string }): { id: string };
  messages(channel: { id: string }): readonly { id: string; content: string }[];
  close(): Promise<void>;
}

describe('generated methods against the fake Discord', () => {
  let fake: Fake;
  let rest: Rest;
  let api: TypedRest;
  let channel: { id: string };
  let bot: { token: string; id: string };

  before(async () => {
    const testing = (await import('@kokoro/testing' as string)) as { FakeDiscord: { start(): Promise<Fake> } };
    fake = await testing.FakeDiscord.start();
    bot = fake.addBot({ name: 'Nue' });
    const user = fake.addUser({ username: 'satori' });
    const guild = fake.addGuild({ name: 'Chireiden', members: [bot, user] });
    channel = fake.addChannel(guild, { name: 'general' });
    rest = new Rest({ token: bot.token, baseUrl: fake.restUrl });
    api = new TypedRest(rest);
  });
  after(async () => {
    await rest.close();
    await fake.close();
  });

  it('creates, reads, edits and deletes a message', async () => {
    const created = await api.messageCreate(channel, { content: 'hello' });
    assert.equal(created.content, 'hello');
    assert.equal(created.channel_id, channel.id);
    const fetched = await api.messageGet(channel, created);
    assert.equal(fetched.id, created.id);
    const edited = await api.messageEdit(channel.id, created.id, { content: 'edited' });
    assert.equal(edited.content, 'edited');
    const history = await api.channelMessagesGet(channel, { limit: 10 });
    assert.ok(history.some((message) => message.id === created.id && message.content === 'edited'));
    await api.messageDelete(channel, created);
    assert.ok(!fake.messages(channel).some((message) => message.id === created.id));
  });

  it('refuses an invalid message before it reaches Discord', async () => {
    const before = fake.messages(channel).length;
    await assert.rejects(api.messageCreate(channel, { content: 'x'.repeat(2001) }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.path, 'content');
      return true;
    });
    assert.equal(fake.messages(channel).length, before);
  });

  it('reads the current user', async () => {
    const me = await api.currentUserGet();
    assert.equal(me.id, bot.id);
  });

  it('registers an application command and refuses a bad one locally', async () => {
    const command = await api.applicationCommandCreate(bot.id, { name: 'ping', description: 'Pong?' });
    assert.equal(command.name, 'ping');
    await assert.rejects(
      api.applicationCommandCreate(bot.id, { name: 'Ping Pong', description: 'Pong?' }),
      ValidationError,
    );
    const commands = await api.applicationCommandsGet(bot.id);
    assert.deepEqual(
      commands.map((entry) => entry.name),
      ['ping'],
    );
  });
});
