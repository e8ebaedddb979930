/**
 * Fidelity of the less travelled REST routes discord.js calls: reordering roles and channels,
 * bulk bans, crossposting, polls (voters, ending early), command permissions, entitlements,
 * application emojis and edits, voice regions, guild preview, widget and onboarding, forum posts,
 * sticker uploads, moving and muting members in voice. Each answer is read through discord.js's objects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ChannelType,
  type ForumChannel,
  MessageFlags,
  type NewsChannel,
  type TextChannel,
  type VoiceChannel,
} from 'discord.js';
import { type DiscordjsWorld, startDiscordjsWorld, waitFor } from './discordjs-helpers.js';

describe('discord.js 14 against the fake Discord: more routes', () => {
  let w: DiscordjsWorld;
  const guild = () => {
    const found = w.client.guilds.cache.get(w.guildId);
    assert.ok(found, 'guild cached');
    return found;
  };
  const channel = () => w.client.channels.cache.get(w.channelId) as TextChannel;

  before(async () => {
    w = await startDiscordjsWorld();
  });
  after(async () => {
    await w?.close();
  });

  test('reorder roles: the answer and the GUILD_ROLE_UPDATEs', async () => {
    const low = await guild().roles.create({ name: 'low' });
    const high = await guild().roles.create({ name: 'high' });
    const updated = waitFor(w.client, 'roleUpdate', (_old, role) => role.id === low.id);
    const target = high.rawPosition + 1;
    await guild().roles.setPositions([{ role: low.id, position: target }]);
    const [, after] = await updated;
    assert.equal(after.rawPosition, target);
    assert.equal(w.fake.guild(w.guildId)?.roles.get(low.id)?.position, target);
    assert.ok(after.comparePositionTo(high) > 0, 'now above the other role');
  });

  test('reorder channels and move one under a category, locking its permissions', async () => {
    const category = await guild().channels.create({ name: 'Talk', type: ChannelType.GuildCategory });
    const moved = waitFor(w.client, 'channelUpdate', (_old, c) => c.id === w.channelId);
    await guild().channels.setPositions([
      { channel: w.channelId, position: 4, parent: category.id, lockPermissions: true },
    ]);
    const [, after] = await moved;
    assert.equal((after as TextChannel).parentId, category.id);
    assert.equal((after as TextChannel).rawPosition, 4);
  });

  test('bulk ban: who was banned, who could not be', async () => {
    const carol = w.fake.addUser({ username: 'carol' });
    w.fake.addMembers(w.guildId, [carol]);
    const result = await guild().bans.bulkCreate([carol.id, '42']);
    assert.deepEqual(result.bannedUsers, [carol.id]);
    assert.deepEqual(result.failedUsers, ['42'], 'an unknown user cannot be banned');
    assert.ok(w.fake.guild(w.guildId)?.bans.has(carol.id));
  });

  test('crosspost an announcement: flag set by MESSAGE_UPDATE, not an edit, and only once', async () => {
    const created = waitFor(w.client, 'channelCreate', (c) => c.name === 'news');
    w.fake.addChannel(w.guildId, { name: 'news', type: ChannelType.GuildAnnouncement });
    const [news] = (await created) as [NewsChannel];
    const message = await news.send('big news');
    const flagged = waitFor(w.client, 'messageUpdate', (_old, m) => m.id === message.id);
    await message.crosspost();
    const [, after] = await flagged;
    assert.equal(after.flags.has(MessageFlags.Crossposted), true);
    assert.equal(after.editedTimestamp, null, 'publishing is not an edit');
    await assert.rejects(message.crosspost(), { code: 40033 });
    await assert.rejects(channel().messages.crosspost((await channel().send('not news')).id), { code: 50024 });
  });

  test('polls: the voters of an answer, and ending the poll early', async () => {
    const sent = await channel().send({
      poll: {
        question: { text: 'Tea or coffee?' },
        answers: [{ text: 'tea' }, { text: 'coffee' }],
        duration: 1,
        allowMultiselect: false,
      },
    });
    w.fake.simulate.pollVote(w.channelId, sent.id, 1, w.alice.id);
    const voters = await sent.poll?.answers.get(1)?.voters.fetch();
    assert.deepEqual([...(voters?.keys() ?? [])], [w.alice.id]);
    const ended = await sent.poll?.end();
    assert.equal(ended?.poll?.resultsFinalized, true);
    // discord.js refuses a second end itself; ask the fake directly.
    await assert.rejects(w.client.rest.post(`/channels/${w.channelId}/polls/${sent.id}/expire`), { code: 520001 });
  });

  test('application: command permissions, entitlements, emojis, edit', async () => {
    const app = w.client.application;
    await app.commands.set([{ name: 'ping', description: 'Answers pong' }]);
    const permissions = await app.commands.permissions.fetch({ guild: w.guildId });
    assert.equal(permissions.size, 0, 'none set yet');
    const entitlement = w.fake.simulate.entitlementCreate(w.nue, w.alice);
    const entitlements = await app.entitlements.fetch();
    assert.deepEqual([...entitlements.keys()], [entitlement.id]);
    assert.equal(entitlements.first()?.userId, w.alice.id);
    assert.equal((await app.emojis.fetch()).size, 0);
    const edited = await app.edit({ description: 'A shrine bot' });
    assert.equal(edited.description, 'A shrine bot');
    assert.equal((await app.fetch()).description, 'A shrine bot');
  });

  test('guild information: preview, widget (disabled, then enabled), onboarding, sticker packs', async () => {
    const preview = await w.client.fetchGuildPreview(w.guildId);
    assert.equal(preview.name, 'Shrine');
    assert.equal(preview.approximateMemberCount, w.fake.world.members(w.guildId).length);
    await assert.rejects(guild().fetchWidget(), { code: 50004, status: 403 });
    const updated = waitFor(w.client, 'guildUpdate', (_old, g) => g.id === w.guildId);
    await guild().setWidgetSettings({ enabled: true, channel: w.channelId });
    const [, after] = await updated;
    assert.equal(after.widgetEnabled, true, 'GUILD_UPDATE carries widget_enabled');
    assert.equal((await guild().fetchWidgetSettings()).channel?.id, w.channelId);
    assert.equal((await guild().fetchWidget()).name, 'Shrine');
    const onboarding = await guild().fetchOnboarding();
    assert.equal(onboarding.enabled, false);
    assert.equal(onboarding.prompts.size, 0);
    assert.equal((await w.client.fetchStickerPacks()).size, 0);
  });

  test('a forum post: a thread whose starter message has the thread id', async () => {
    const created = waitFor(w.client, 'channelCreate', (c) => c.name === 'ideas');
    w.fake.addChannel(w.guildId, { name: 'ideas', type: ChannelType.GuildForum });
    const [forum] = (await created) as [ForumChannel];
    const post = await forum.threads.create({ name: 'A better shrine', message: { content: 'hear me out' } });
    assert.equal(post.parentId, forum.id);
    const starter = await post.fetchStarterMessage();
    assert.equal(starter?.id, post.id);
    assert.equal(starter?.content, 'hear me out');
  });

  test('a sticker upload: multipart form fields without payload_json', async () => {
    const sticker = await guild().stickers.create({
      file: Buffer.from('not really a png'),
      name: 'smile',
      tags: 'smile',
      description: 'a smile',
    });
    assert.equal(sticker.name, 'smile');
    assert.equal(sticker.tags, 'smile');
    assert.ok(w.fake.guild(w.guildId)?.stickers.has(sticker.id));
  });

  test('voice: move, server-mute and disconnect a member (VOICE_STATE_UPDATE each time)', async () => {
    const stage = (name: string) => {
      const made = waitFor(w.client, 'channelCreate', (c) => c.name === name);
      w.fake.addChannel(w.guildId, { name, type: ChannelType.GuildVoice });
      return made.then(([c]) => c as VoiceChannel);
    };
    const [first, second] = [await stage('lounge'), await stage('quiet room')];
    const joined = waitFor(w.client, 'voiceStateUpdate', (_old, s) => s.id === w.alice.id && s.channelId === first.id);
    w.fake.simulate.voiceJoin(first.id, w.alice.id);
    await joined;
    const member = guild().members.cache.get(w.alice.id);
    assert.ok(member);
    const moved = waitFor(w.client, 'voiceStateUpdate', (_old, s) => s.id === w.alice.id && s.channelId === second.id);
    await member.voice.setChannel(second);
    await moved;
    const muted = waitFor(w.client, 'voiceStateUpdate', (_old, s) => s.id === w.alice.id && s.serverMute === true);
    await member.voice.setMute(true);
    const [, afterMute] = await muted;
    assert.equal(afterMute.channelId, second.id, 'still in the channel');
    const left = waitFor(w.client, 'voiceStateUpdate', (_old, s) => s.id === w.alice.id && s.channelId === null);
    await member.voice.disconnect();
    await left;
    await assert.rejects(member.voice.setChannel(first), { code: 40032 }, 'not in voice any more');
  });

  test('voice regions', async () => {
    const regions = await w.client.fetchVoiceRegions();
    assert.ok(regions.size > 0);
    assert.equal(regions.filter((r) => r.optimal).size, 1, 'exactly one optimal region');
  });
});
