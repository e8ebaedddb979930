/**
 * Fidelity, continued: what a discord.js bot does beyond the basics — pins, replies, forwards,
 * uploads, roles, threads, member chunks, DMs, webhooks, error codes, rate limits, presence and
 * gateway recovery — each checked through discord.js's own objects and events against the fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ChannelType,
  DiscordAPIError,
  GatewayIntentBits,
  MessageReferenceType,
  MessageType,
  RESTJSONErrorCodes,
  type TextChannel,
  WebhookClient,
} from 'discord.js';
import { FakeDiscord } from '../src/index.js';
import {
  type DiscordjsWorld,
  discordjsClient,
  eventually,
  login,
  startDiscordjsWorld,
  waitFor,
} from './discordjs-helpers.js';

describe('discord.js 14 against the fake Discord: more features', () => {
  let w: DiscordjsWorld;
  const channel = () => w.client.channels.cache.get(w.channelId) as TextChannel;
  const guild = () => {
    const found = w.client.guilds.cache.get(w.guildId);
    assert.ok(found, 'guild cached');
    return found;
  };

  before(async () => {
    w = await startDiscordjsWorld();
  });
  after(async () => {
    await w?.close();
  });

  test('a bot user keeps a four-digit discriminator, people have none', () => {
    assert.match(w.client.user.discriminator, /^\d{4}$/);
    assert.notEqual(w.client.user.discriminator, '0');
    assert.equal(w.client.user.tag, `Nue#${w.client.user.discriminator}`);
    assert.equal(guild().members.cache.get(w.alice.id)?.user.tag, 'alice');
  });

  test('pin: MESSAGE_UPDATE with pinned, CHANNEL_PINS_UPDATE, the system message, the pins list', async () => {
    const message = await channel().send('pin me');
    const updated = waitFor(w.client, 'messageUpdate', (_old, m) => m.id === message.id);
    const pinsUpdated = waitFor(w.client, 'channelPinsUpdate', (c) => c.id === w.channelId);
    const system = waitFor(w.client, 'messageCreate', (m) => m.type === MessageType.ChannelPinnedMessage);
    await message.pin();
    const [[, after], [, time], [notice]] = await Promise.all([updated, pinsUpdated, system]);
    assert.equal(after.pinned, true);
    // discord.js documents a Date but passes Date.parse(last_pin_timestamp); Number() reads both.
    const pinnedAt = Number(time);
    assert.ok(pinnedAt > 0, 'last_pin_timestamp set');
    assert.equal(notice.author.id, w.nue.id, 'the system message names who pinned');
    assert.equal(notice.reference?.messageId, message.id);
    const pins = await channel().messages.fetchPins();
    assert.deepEqual(
      pins.items.map((pin) => pin.message.id),
      [message.id],
    );
    assert.equal(pins.items[0]?.pinnedTimestamp, pinnedAt, 'pinned_at is the time of the pin');
    const unpinned = waitFor(w.client, 'messageUpdate', (_old, m) => m.id === message.id && !m.pinned);
    await message.unpin();
    await unpinned;
    assert.equal((await channel().messages.fetchPins()).items.length, 0);
  });

  test('reply and forward: typed references, a snapshot of the forwarded message', async () => {
    const original = await w.fake.userSays(w.channelId, 'worth repeating', { author: w.alice });
    const fetched = await channel().messages.fetch(original.id);
    const reply = await fetched.reply('indeed');
    assert.equal(reply.type, MessageType.Reply);
    assert.equal(reply.reference?.type, MessageReferenceType.Default);
    assert.equal(reply.reference?.messageId, original.id);
    const forwarded = await fetched.forward(channel());
    assert.equal(forwarded.reference?.type, MessageReferenceType.Forward);
    assert.equal(forwarded.content, '');
    assert.equal(forwarded.messageSnapshots.first()?.content, 'worth repeating');
    assert.equal(forwarded.flags.has('HasSnapshot'), true);
  });

  test('upload a file with an embed', async () => {
    const sent = await channel().send({
      content: 'with a file',
      embeds: [{ title: 'Report', description: 'all well' }],
      files: [{ attachment: Buffer.from('hello file'), name: 'report.txt', description: 'the report' }],
    });
    const attachment = sent.attachments.first();
    assert.equal(attachment?.name, 'report.txt');
    assert.equal(attachment?.size, 10);
    assert.equal(attachment?.description, 'the report');
    assert.equal(sent.embeds[0]?.title, 'Report');
    const stored = w.fake.messages(w.channelId).find((m) => m.id === sent.id);
    assert.equal(stored?.attachments[0]?.filename, 'report.txt');
    // The attachment URL serves the file, as Discord's CDN does.
    assert.match(attachment?.url ?? '', new RegExp(`/attachments/${w.channelId}/${attachment?.id}/report\\.txt$`));
    const download = await fetch(attachment?.url ?? '');
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'hello file');
  });

  test('roles: create with colours, give one to a member (GUILD_MEMBER_UPDATE)', async () => {
    const role = await guild().roles.create({ name: 'Maiden', colors: { primaryColor: 0xff0000 } });
    assert.equal(role.colors.primaryColor, 0xff0000);
    assert.equal(role.color, 0xff0000, 'the legacy colour follows the primary colour');
    assert.equal(
      role.permissions.bitfield,
      guild().roles.everyone.permissions.bitfield,
      "a new role starts with @everyone's permissions",
    );
    const member = await guild().members.fetch(w.alice.id);
    const updated = waitFor(w.client, 'guildMemberUpdate', (_old, m) => m.id === w.alice.id);
    await member.roles.add(role);
    const [, after] = await updated;
    assert.ok(after.roles.cache.has(role.id));
  });

  test('threads: create, list active, archive, list archived', async () => {
    const thread = await channel().threads.create({ name: 'plans', type: ChannelType.PublicThread });
    assert.equal(thread.parentId, w.channelId);
    const second = await thread.send('in the thread');
    await thread.send('and again');
    await second.delete();
    const counted = await w.client.channels.fetch(thread.id, { force: true, cache: false });
    assert.ok(counted?.isThread());
    assert.equal(counted.messageCount, 1, 'message_count goes down with a delete');
    assert.equal(counted.totalMessageSent, 2, 'total_message_sent never does');
    const active = await guild().channels.fetchActiveThreads();
    assert.ok(active.threads.has(thread.id), 'listed as active');
    await thread.setArchived(true);
    const archived = await channel().threads.fetchArchived({ type: 'public' });
    assert.ok(archived.threads.has(thread.id), 'listed as archived');
    assert.equal(archived.hasMore, false);
    assert.equal((await guild().channels.fetchActiveThreads()).threads.has(thread.id), false);

    // A client that connects now gets only active threads in GUILD_CREATE, as from Discord.
    const live = await channel().threads.create({ name: 'still open' });
    const observer = w.fake.addBot({ name: 'Observer' });
    w.fake.addMembers(w.guildId, [observer]);
    const late = await login(discordjsClient(w.fake, [GatewayIntentBits.Guilds]), observer.token);
    try {
      const seen = late.guilds.cache.get(w.guildId)?.channels.cache;
      assert.ok(seen?.has(w.channelId), 'channels are there');
      assert.ok(seen?.has(live.id), 'the active thread is there');
      assert.equal(seen?.has(thread.id), false, 'the archived thread is not');
    } finally {
      await late.destroy();
    }
  });

  test('members: the whole list and a query over the gateway (op 8, GUILD_MEMBERS_CHUNK)', async () => {
    guild().members.cache.clear();
    const all = await guild().members.fetch();
    assert.deepEqual(new Set(all.keys()), new Set(w.fake.world.members(w.guildId).map((m) => m.user.id)));
    const found = await guild().members.fetch({ query: 'ali', limit: 5 });
    assert.deepEqual([...found.keys()], [w.alice.id]);
  });

  test('DMs: the bot writes to a user and receives the answer', async () => {
    const user = await w.client.users.fetch(w.alice.id);
    const sent = await user.send('hello alice');
    assert.equal(sent.channel.type, ChannelType.DM);
    const dm = w.fake.dmChannel(w.nue, w.alice);
    assert.equal(sent.channelId, dm.id);
    const answer = waitFor(w.client, 'messageCreate', (m) => m.channelId === dm.id && m.author.id === w.alice.id);
    await w.fake.userSays(dm, 'hello bot', { author: w.alice });
    const [message] = await answer;
    assert.equal(message.content, 'hello bot', 'DMs carry content');
    assert.equal(message.guildId, null);
  });

  test('webhooks: create, then send, edit and delete with a WebhookClient', async () => {
    const hook = await channel().createWebhook({ name: 'Herald' });
    assert.ok(hook.token, 'a created webhook has its token');
    const client = new WebhookClient(
      { id: hook.id, token: hook.token },
      { rest: { api: `http://127.0.0.1:${w.fake.port}/api` } },
    );
    try {
      const sent = await client.send({ content: 'hear ye', username: 'Town crier' });
      assert.equal(sent.webhook_id, hook.id);
      assert.equal(sent.author.username, 'Town crier');
      const edited = await client.editMessage(sent.id, 'hear ye, hear ye');
      assert.equal(edited.content, 'hear ye, hear ye');
      await client.deleteMessage(sent.id);
      assert.equal(
        w.fake.messages(w.channelId).some((m) => m.id === sent.id),
        false,
      );
    } finally {
      client.destroy();
    }
  });

  test("errors arrive as discord.js's DiscordAPIError with Discord's codes", async () => {
    const unknownMessage = await channel()
      .messages.fetch('123456789012345678')
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(unknownMessage instanceof DiscordAPIError);
    assert.equal(unknownMessage.status, 404);
    assert.equal(unknownMessage.code, RESTJSONErrorCodes.UnknownMessage);
    const tooLong = await channel()
      .send('x'.repeat(2001))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(tooLong instanceof DiscordAPIError);
    assert.equal(tooLong.code, RESTJSONErrorCodes.InvalidFormBodyOrContentType);
    assert.match(tooLong.message, /content/, 'the field path of the 50035 reaches the message');
  });

  test('rate limits: discord.js reads the headers and waits, without ever meeting a 429', async () => {
    w.fake.rest.setLimit('POST /channels/:channel_id/messages', { limit: 2, windowMs: 50 });
    try {
      // A channel discord.js has not posted in yet: it knows nothing of its limit (per major parameter).
      const created = waitFor(w.client, 'channelCreate', (c) => c.name === 'burst');
      w.fake.addChannel(w.guildId, { name: 'burst' });
      const [burst] = (await created) as [TextChannel];
      const seen = w.statuses.length;
      const rateLimited: unknown[] = [];
      const listener = (info: unknown) => rateLimited.push(info);
      w.client.rest.on('rateLimited', listener);
      const sent = await Promise.all([1, 2, 3, 4, 5].map((n) => burst.send(`burst ${n}`)));
      w.client.rest.off('rateLimited', listener);
      assert.equal(new Set(sent.map((m) => m.id)).size, 5);
      assert.equal(w.statuses.slice(seen).filter((s) => s === 429).length, 0, 'no 429 answered');
      assert.ok(rateLimited.length > 0, 'discord.js saw the bucket empty and queued');
    } finally {
      w.fake.rest.setLimit('POST /channels/:channel_id/messages', { limit: 10_000, windowMs: 1000 });
    }
  });

  test('rate limits: a shared 429 is retried once it expires, and the message is posted once', async () => {
    const before = w.fake.messages(w.channelId).length;
    const seen = w.statuses.length;
    w.fake.rest.injectRateLimit({ route: 'POST /channels/:channel_id/messages', retryAfter: 0.02 });
    const sent = await channel().send('after the 429');
    assert.deepEqual(w.statuses.slice(seen), [429, 200]);
    assert.equal(w.fake.messages(w.channelId).length, before + 1);
    assert.equal(w.fake.messages(w.channelId).at(-1)?.id, sent.id);
  });

  test('READY: the client user has what only its owner sees (verified, mfa_enabled, flags)', () => {
    assert.equal(w.client.user.bot, true);
    assert.equal(w.client.user.verified, true);
    assert.equal(typeof w.client.user.mfaEnabled, 'boolean');
    assert.notEqual(w.client.user.flags, null);
  });

  test("presence: another bot sees this one's setPresence, and it going offline", async () => {
    const watcherBot = w.fake.addBot({ name: 'Watcher' });
    w.fake.addMembers(w.guildId, [watcherBot]);
    const watcher = discordjsClient(w.fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildPresences]);
    try {
      await login(watcher, watcherBot.token);
      const seen = waitFor(
        watcher,
        'presenceUpdate',
        (_old, now) => now.userId === w.nue.id && now.status === 'idle' && now.activities[0]?.name === 'watching',
      );
      w.client.user.setPresence({ status: 'idle', activities: [{ name: 'watching' }] });
      const [, presence] = await seen;
      assert.equal(presence.guild?.id, w.guildId);
      assert.equal(
        watcher.guilds.cache.get(w.guildId)?.presences.cache.get(w.nue.id)?.status,
        'idle',
        "in the guild's presences",
      );
      const gone = waitFor(
        w.client,
        'presenceUpdate',
        (_old, now) => now.userId === watcherBot.id && now.status === 'offline',
      );
      await watcher.destroy();
      await gone;
    } finally {
      await watcher.destroy();
    }
  });

  test('voice: op 4 (as @discordjs/voice sends it) is answered with VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE', async () => {
    const lounge = w.fake.addChannel(w.guildId, { name: 'lounge', type: ChannelType.GuildVoice }).id;
    await eventually(() => w.client.channels.cache.has(lounge));
    const server = new Promise<{ token: string; guild_id: string; endpoint: string | null }>((resolve) => {
      w.client.voice.adapters.set(w.guildId, {
        onVoiceServerUpdate: resolve,
        onVoiceStateUpdate: () => {},
        destroy: () => {},
      });
    });
    try {
      const joined = waitFor(
        w.client,
        'voiceStateUpdate',
        (_old, now) => now.id === w.nue.id && now.channelId === lounge,
      );
      guild().shard.send({ op: 4, d: { guild_id: w.guildId, channel_id: lounge, self_mute: false, self_deaf: true } });
      const [[, state], voiceServer] = await Promise.all([joined, server]);
      assert.equal(state.selfDeaf, true);
      assert.equal(state.sessionId, w.fake.gateway.sessions({ botId: w.nue.id })[0]?.id);
      assert.equal(guild().members.me?.voice.channelId, lounge);
      assert.equal(voiceServer.guild_id, w.guildId);
      assert.ok(voiceServer.token && voiceServer.endpoint, 'token and endpoint');
      const left = waitFor(w.client, 'voiceStateUpdate', (_old, now) => now.id === w.nue.id && now.channelId === null);
      guild().shard.send({ op: 4, d: { guild_id: w.guildId, channel_id: null, self_mute: false, self_deaf: false } });
      await left;
      assert.equal(guild().members.me?.voice.channelId, null);
    } finally {
      w.client.voice.adapters.delete(w.guildId);
    }
  });

  test("soundboard: guilds.fetchSoundboardSounds (op 31) gets the guild's sounds", async () => {
    const created = waitFor(w.client, 'guildSoundboardSoundCreate');
    const sound = w.fake.simulate.soundCreate(w.guildId, 'honk');
    await created;
    const sounds = await w.client.guilds.fetchSoundboardSounds({ guildIds: [w.guildId], time: 5000 });
    assert.deepEqual([...(sounds.get(w.guildId)?.keys() ?? [])], [sound.sound_id]);
    assert.equal(sounds.get(w.guildId)?.get(sound.sound_id)?.name, 'honk');
  });

  test('presence: setPresence reaches the gateway session (op 3)', async () => {
    w.client.user.setPresence({ status: 'dnd', activities: [{ name: 'tests' }] });
    const presence = () =>
      w.fake.gateway.sessions({ botId: w.nue.id })[0]?.presence as
        | { status?: string; activities?: { name: string }[] }
        | undefined;
    await eventually(() => presence()?.status === 'dnd');
    assert.equal(presence()?.activities?.[0]?.name, 'tests');
  });

  test('gateway: a dropped connection is resumed and the missed message replayed', async () => {
    const resumed = waitFor(w.client, 'shardResume');
    const missed = waitFor(w.client, 'messageCreate', (m) => m.content === 'while you were away');
    w.fake.gateway.dropConnections({ botId: w.nue.id });
    await w.fake.userSays(w.channelId, 'while you were away', { author: w.alice });
    const [[, replayed]] = await Promise.all([resumed, missed]);
    assert.ok(replayed >= 1, 'RESUMED after replaying');
    assert.equal(w.fake.gateway.resumes.at(-1)?.path, '/resume', 'resumed at resume_gateway_url');
  });

  test('gateway: op 7 Reconnect is answered with a Resume', async () => {
    const resumes = w.fake.gateway.resumes.length;
    const resumed = waitFor(w.client, 'shardResume');
    w.fake.gateway.sendReconnect({ botId: w.nue.id });
    await resumed;
    assert.equal(w.fake.gateway.resumes.length, resumes + 1);
    assert.notEqual(w.fake.gateway.resumes.at(-1)?.replayed, 'invalid');
  });
});

test('discord.js shards as GET /gateway/bot recommends; each guild on its shard, identifies within max_concurrency', async () => {
  const fake = await FakeDiscord.start({
    gatewayOptions: { heartbeatInterval: 1000, recommendedShards: 2, maxConcurrency: 2 },
  });
  const bot = fake.addBot({ name: 'Sharded' });
  const guildIds = Array.from({ length: 6 }, (_, i) => fake.addGuild({ name: `G${i}`, members: [bot] }).id);
  const client = discordjsClient(fake, [GatewayIntentBits.Guilds], { shards: 'auto' });
  try {
    await login(client, bot.token);
    assert.equal(client.ws.shards.size, 2);
    assert.deepEqual(
      fake.gateway.identifies.map((identify) => identify.shardId).sort(),
      [0, 1],
      'one Identify per shard, no op 9 for concurrency',
    );
    for (const id of guildIds) {
      assert.equal(client.guilds.cache.get(id)?.shardId, Number((BigInt(id) >> 22n) % 2n), `guild ${id} on its shard`);
    }
  } finally {
    await client.destroy();
    await fake.close();
  }
});
