/**
 * Fidelity: a real client library, discord.js 14, logs in to the fake Discord and works. Each check
 * is something discord.js does on its own (parse READY and GUILD_CREATE into its caches, build its
 * REST routes, read interactions); when one fails, the fake differs from Discord. The clients keep
 * discord.js's default caches; every wait is on an event or a state change, with a generous timeout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApplicationCommandOptionType,
  ChannelType,
  type ChatInputCommandInteraction,
  type Client,
  GatewayIntentBits,
  InteractionResponseType,
  PermissionFlagsBits,
  type TextChannel,
} from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { type FakeBot, FakeDiscord } from '../src/index.js';
import { ALL_INTENTS, discordjsClient, eventually, login, waitFor } from './discordjs-helpers.js';

describe('discord.js 14 against the fake Discord', () => {
  let fake: FakeDiscord;
  let nue: FakeBot; // every intent
  let saki: FakeBot; // no MESSAGE_CONTENT
  let alice: APIUser;
  let client: Client<true>;
  let plain: Client<true>;
  let guildId: string;
  let channelId: string;
  let voiceId: string;

  before(async () => {
    fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000 } });
    nue = fake.addBot({ name: 'Nue' });
    saki = fake.addBot({ name: 'Saki' });
    alice = fake.addUser({ username: 'alice' });
    const guild = fake.addGuild({ name: 'Shrine', members: [alice, nue, saki] });
    guildId = guild.id;
    channelId = fake.addChannel(guild, { name: 'general' }).id;
    voiceId = fake.addChannel(guild, { name: 'Voice', type: ChannelType.GuildVoice }).id;
    [client, plain] = await Promise.all([
      login(discordjsClient(fake, ALL_INTENTS), nue.token),
      login(
        discordjsClient(
          fake,
          ALL_INTENTS.filter((bit) => bit !== GatewayIntentBits.MessageContent),
        ),
        saki.token,
      ),
    ]);
  });

  after(async () => {
    await client?.destroy();
    await plain?.destroy();
    await fake?.close();
  });

  const channel = () => client.channels.cache.get(channelId) as TextChannel;

  test('ready: the client user is the bot, the application is known', () => {
    assert.equal(client.user.id, nue.id);
    assert.equal(client.user.username, 'Nue');
    assert.equal(client.user.bot, true);
    assert.equal(client.application.id, nue.applicationId);
    assert.equal(plain.user.id, saki.id);
  });

  test('the guild from GUILD_CREATE: channels, roles, members, own permissions', () => {
    const guild = client.guilds.cache.get(guildId);
    assert.ok(guild, 'guild cached');
    assert.equal(guild.name, 'Shrine');
    assert.equal(guild.available, true);
    assert.equal(guild.ownerId, alice.id);
    assert.equal(guild.channels.cache.get(channelId)?.type, ChannelType.GuildText);
    assert.equal(guild.channels.cache.get(voiceId)?.type, ChannelType.GuildVoice);
    assert.ok(guild.roles.everyone, '@everyone role');
    assert.equal(guild.roles.everyone.id, guildId);
    assert.deepEqual(
      new Set(guild.members.cache.keys()),
      new Set([alice.id, nue.id, saki.id]),
      'members from GUILD_CREATE (GUILD_MEMBERS intent)',
    );
    assert.equal(guild.members.cache.get(alice.id)?.user.username, 'alice');
    const me = guild.members.me;
    assert.ok(me, 'own member');
    assert.ok(
      me.roles.cache.some((role) => role.managed),
      'the bot has its managed role',
    );
    assert.ok(me.permissions.has(PermissionFlagsBits.Administrator));
    assert.ok(channel().permissionsFor(me).has(PermissionFlagsBits.SendMessages));
    assert.equal(guild.memberCount, 3);
  });

  test('messageCreate from fake.userSays: content with MESSAGE_CONTENT, empty without', async () => {
    const seen = waitFor(client, 'messageCreate', (m) => m.author.id === alice.id && m.channelId === channelId);
    const seenPlain = waitFor(plain, 'messageCreate', (m) => m.author.id === alice.id);
    const posted = await fake.userSays(channelId, 'hello bots', { author: alice });
    const [[message], [messagePlain]] = await Promise.all([seen, seenPlain]);
    assert.equal(message.id, posted.id);
    assert.equal(message.content, 'hello bots');
    assert.equal(message.guildId, guildId);
    assert.equal(message.member?.id, alice.id, 'member attached to a guild message');
    assert.equal(message.author.bot, false);
    assert.equal(messagePlain.id, posted.id);
    assert.equal(messagePlain.content, '', 'no MESSAGE_CONTENT intent: no content');
  });

  test('send, edit and delete a message; the fake and the gateway see each step', async () => {
    const sent = await channel().send('first words');
    assert.equal(sent.author.id, nue.id);
    assert.equal(sent.content, 'first words');
    assert.equal(fake.messages(channelId).find((m) => m.id === sent.id)?.content, 'first words');

    const updated = waitFor(plain, 'messageUpdate', (_old, m) => m.id === sent.id);
    const edited = await sent.edit('second words');
    assert.equal(edited.content, 'second words');
    assert.ok(edited.editedTimestamp, 'edited_timestamp set');
    assert.equal(fake.messages(channelId).find((m) => m.id === sent.id)?.content, 'second words');
    await updated;

    const deleted = waitFor(plain, 'messageDelete', (m) => m.id === sent.id);
    await sent.delete();
    assert.equal(
      fake.messages(channelId).some((m) => m.id === sent.id),
      false,
    );
    await deleted;
  });

  test('react to a message', async () => {
    const posted = await fake.userSays(channelId, 'react to me', { author: alice });
    const message = await channel().messages.fetch(posted.id);
    const added = waitFor(plain, 'messageReactionAdd', (_reaction, user) => user.id === nue.id);
    await message.react('👍');
    const [reaction] = await added;
    assert.equal(reaction.emoji.name, '👍');
    const stored = fake.messages(channelId).find((m) => m.id === posted.id);
    assert.equal(stored?.reactions?.[0]?.emoji.name, '👍');
    assert.equal(stored?.reactions?.[0]?.count, 1);
  });

  test('fetch a channel, a member and messages over REST', async () => {
    const fetched = await client.channels.fetch(channelId, { force: true, cache: false });
    assert.equal(fetched?.id, channelId);
    assert.equal(fetched?.type, ChannelType.GuildText);
    const guild = client.guilds.cache.get(guildId);
    assert.ok(guild);
    const member = await guild.members.fetch({ user: alice.id, force: true, cache: false });
    assert.equal(member.id, alice.id);
    assert.equal(member.user.username, 'alice');
    const fetchedGuild = await client.guilds.fetch({ guild: guildId, force: true, cache: false });
    assert.equal(fetchedGuild.name, 'Shrine');

    await fake.userSays(channelId, 'one', { author: alice });
    await fake.userSays(channelId, 'two', { author: alice });
    const messages = await channel().messages.fetch({ limit: 2, cache: false });
    assert.deepEqual(
      [...messages.values()].map((m) => m.content),
      ['two', 'one'],
      'newest first, like Discord',
    );
  });

  test('application commands: set, then reply to an interaction', async () => {
    const set = await client.application.commands.set([
      { name: 'ping', description: 'Answers pong' },
      {
        name: 'echo',
        description: 'Says it back',
        options: [
          { name: 'text', description: 'What to say', type: ApplicationCommandOptionType.String, required: true },
        ],
      },
    ]);
    assert.deepEqual([...set.values()].map((c) => c.name).sort(), ['echo', 'ping']);
    const fetched = await client.application.commands.fetch({ force: true });
    assert.equal(fetched.size, 2);

    const got = waitFor(client, 'interactionCreate', (i) => i.isChatInputCommand() && i.commandName === 'echo');
    const created = fake.interact(
      nue,
      channelId,
      { kind: 'command', name: 'echo', options: [{ name: 'text', type: 3, value: 'hi there' }] },
      { user: alice },
    );
    const [interaction] = (await got) as [ChatInputCommandInteraction];
    assert.equal(interaction.id, created.id);
    assert.equal(interaction.user.id, alice.id);
    assert.equal(interaction.guildId, guildId);
    assert.equal(interaction.channelId, channelId);
    assert.equal(interaction.commandId, set.find((c) => c.name === 'echo')?.id);
    assert.equal(interaction.options.getString('text'), 'hi there');
    await interaction.reply({ content: 'hi there' });
    const response = fake.interactionResponse(created);
    assert.equal(response?.responseType, InteractionResponseType.ChannelMessageWithSource);
    const original = fake.messages(channelId).find((m) => m.id === response?.originalMessageId);
    assert.equal(original?.content, 'hi there');
    const reply = await interaction.fetchReply();
    assert.equal(reply.content, 'hi there');

    const followUp = await interaction.followUp({ content: 'and one more' });
    assert.equal(followUp.content, 'and one more');
    assert.equal(fake.messages(channelId).find((m) => m.id === followUp.id)?.content, 'and one more');
  });

  test('deferReply then editReply', async () => {
    const got = waitFor(client, 'interactionCreate', (i) => i.isChatInputCommand() && i.commandName === 'ping');
    const created = fake.interact(nue, channelId, { kind: 'command', name: 'ping' }, { user: alice });
    const [interaction] = (await got) as [ChatInputCommandInteraction];
    await interaction.deferReply();
    assert.equal(interaction.deferred, true);
    assert.equal(
      fake.interactionResponse(created)?.responseType,
      InteractionResponseType.DeferredChannelMessageWithSource,
    );
    const edited = await interaction.editReply('pong');
    assert.equal(edited.content, 'pong');
    const original = fake.interactionResponse(created)?.originalMessageId;
    assert.ok(original, 'the deferred reply has an @original message');
    assert.equal(fake.messages(channelId).find((m) => m.id === original)?.content, 'pong');
  });

  test('guildMemberAdd, roleCreate and channelUpdate from fake.simulate', async () => {
    const bob = fake.addUser({ username: 'bob' });
    const joined = waitFor(client, 'guildMemberAdd', (m) => m.id === bob.id);
    fake.simulate.memberJoin(guildId, bob);
    const [member] = await joined;
    assert.equal(member.user.username, 'bob');
    assert.equal(member.guild.id, guildId);
    assert.ok(client.guilds.cache.get(guildId)?.members.cache.has(bob.id));

    const roleMade = waitFor(client, 'roleCreate', (r) => r.name === 'Shrine maiden');
    const role = fake.simulate.roleCreate(guildId, { name: 'Shrine maiden' });
    const [created] = await roleMade;
    assert.equal(created.id, role.id);
    assert.equal(created.guild.id, guildId);

    const updated = waitFor(client, 'channelUpdate', (_old, c) => c.id === channelId);
    fake.simulate.channelUpdate(channelId, { name: 'renamed', topic: 'new topic' });
    const [before, after] = await updated;
    assert.equal((before as TextChannel).name, 'general');
    assert.equal((after as TextChannel).name, 'renamed');
    assert.equal((after as TextChannel).topic, 'new topic');
  });

  test('login fails as against Discord: disallowed privileged intents (4014), an unknown token (401)', async () => {
    const shy = fake.addBot({ name: 'Shy', privilegedIntents: 0 });
    const refused = discordjsClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent]);
    await assert.rejects(refused.login(shy.token), /disallowed intents/);
    await refused.destroy();
    const unknown = discordjsClient(fake, [GatewayIntentBits.Guilds]);
    await assert.rejects(unknown.login('MTIz.fake.token'), { code: 'TokenInvalid' });
    await unknown.destroy();
  });

  test('destroy closes the gateway session cleanly (1000, session ended)', async () => {
    // A bot of its own: a second Identify of Nue within 5 s would meet max_concurrency (op 9, a wait).
    const kogasa = fake.addBot({ name: 'Kogasa' });
    fake.addMembers(guildId, [kogasa]);
    const extra = await login(discordjsClient(fake, [GatewayIntentBits.Guilds]), kogasa.token);
    const [connection, ...others] = fake.gateway.connections({ botId: kogasa.id });
    assert.ok(connection, 'the fake has the connection');
    assert.equal(others.length, 0, 'one connection for one shard');
    const sessionId = connection.session?.id;
    assert.ok(sessionId, 'the connection identified');
    await extra.destroy();
    await eventually(() => connection.closeCode !== undefined && fake.gateway.sessions({ sessionId }).length === 0);
    assert.equal(connection.closeCode, 1000);
    assert.equal(fake.gateway.connections({ botId: kogasa.id }).length, 0);
  });
});
