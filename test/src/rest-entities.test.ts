// Entities fetched over REST land in the same shared cache the gateway fills.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { Cache, Channel, Client, Guild, GuildMember, RestPool, Role, User } from 'kokoro';
import './helpers.js';

test('REST fetches return cached entities, the same objects the gateway later updates', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const cache = new Cache();
  const bot = fake.addBot({ name: 'Fetcher' });
  const user = fake.addUser({ username: 'fetched' });
  const guild = fake.addGuild({ name: 'Fetched Guild', members: [bot, user] });
  const channel = fake.addChannel(guild, { name: 'fetched' });
  const Fetcher = new Client({ name: 'Fetcher', token: bot.token, restUrl: fake.restUrl, cache, pool });
  try {
    const fetchedGuild = await Fetcher.guildGet(guild.id);
    assert.ok(fetchedGuild instanceof Guild);
    assert.equal(fetchedGuild.name, 'Fetched Guild');
    assert.equal(cache.guilds.get(guild.id), fetchedGuild);

    const fetchedChannel = await Fetcher.channelGet(channel.id);
    assert.ok(fetchedChannel instanceof Channel);
    assert.equal(cache.channels.get(channel.id), fetchedChannel);
    assert.equal(fetchedChannel.guild, fetchedGuild);

    const channels = await Fetcher.guildChannelsGet(fetchedGuild);
    assert.ok(channels.includes(fetchedChannel));

    const members = await Fetcher.guildMembersGet(guild.id, { limit: 10 });
    assert.ok(members.every((member) => member instanceof GuildMember));
    assert.ok(members.some((member) => member.user.id === user.id));
    const member = await Fetcher.guildMemberGet(guild.id, user.id);
    assert.equal(member.user, cache.users.get(user.id));

    const roles = await Fetcher.guildRolesGet(guild.id);
    assert.ok(roles.length >= 1 && roles.every((role) => role instanceof Role));

    const fetchedUser = await Fetcher.userGet(user.id);
    assert.ok(fetchedUser instanceof User);
    assert.equal(fetchedUser, member.user);
    const me = await Fetcher.currentUserGet();
    assert.equal(me.id, bot.id);

    const renamed = await Fetcher.channelEdit(fetchedChannel, { name: 'renamed' });
    assert.equal(renamed, fetchedChannel);
    assert.equal(fetchedChannel.name, 'renamed');

    // The gateway's GUILD_CREATE fills the same guild object.
    await Fetcher.start();
    assert.equal(Fetcher.guilds.get(guild.id), fetchedGuild);
    assert.ok(fetchedGuild.clients.includes(Fetcher));

    // Operations without an entity-aware version return Discord's payload as it is.
    const pins = await Fetcher.channelPinsGet(channel.id);
    assert.ok(pins !== undefined);
  } finally {
    await Fetcher.stop();
    await fake.close();
    await pool.close();
  }
});

test('message methods on the client take entities or ids and return the cached message', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const cache = new Cache();
  const bot = fake.addBot({ name: 'Writer' });
  const guild = fake.addGuild({ name: 'Messages', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const Writer = new Client({ name: 'Writer', token: bot.token, restUrl: fake.restUrl, cache, pool });
  try {
    const byId = await Writer.messageCreate(channel.id, 'by id');
    const byEntity = await Writer.messageCreate(byId.channel, { content: 'by entity' });
    assert.equal(byEntity.channel, byId.channel, 'one channel entity');
    assert.deepEqual(
      fake.messages(channel).map((m) => m.content),
      ['by id', 'by entity'],
    );
    const fetched = await Writer.messageGet(channel.id, byId.id);
    assert.equal(fetched, byId, 'a fetched message is the cached object');
    const again = await Writer.messageGet(byId.channel, byId);
    assert.equal(again, byId);
    const edited = await Writer.messageEdit(byId, 'edited');
    assert.equal(edited, byId, 'an edit updates the same object');
    assert.equal(byId.content, 'edited');
    assert.equal(fake.messages(channel)[0]!.content, 'edited');
    await Writer.messageDelete(byEntity);
    assert.deepEqual(
      fake.messages(channel).map((m) => m.content),
      ['edited'],
    );
    await assert.rejects(Writer.messageGet(channel.id, byEntity.id), /Unknown Message/);
  } finally {
    await fake.close();
    await pool.close();
  }
});
