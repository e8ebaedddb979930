import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '../src/cache.js';
import type { Channel } from '../src/entities/channel.js';
import type { Guild } from '../src/entities/guild.js';
import type { Message } from '../src/entities/message.js';
import type { User } from '../src/entities/user.js';
import { eventNameOf } from '../src/events.js';
import {
  CATEGORY,
  GUILD,
  guildCreate,
  message,
  messageId,
  oneClientCache,
  owner,
  ready,
  TEXT,
  user,
} from './fixtures.js';

const BOT = '800000000000000001';

const setup = () => oneClientCache(BOT);

describe('session events', () => {
  it('READY caches the bot user and joins the listed guilds', () => {
    const cache = new Cache();
    const a = owner('x');
    const [botUser, data, shardId] = cache.ingest(a, 3, 'READY', ready(BOT, [GUILD]), true) as [User, unknown, number];
    assert.equal(botUser.id, BOT);
    assert.equal(botUser.bot, true);
    assert.equal(shardId, 3);
    assert.ok(data);
    assert.equal(cache.ownerUsers.get(a), botUser);
    assert.deepEqual(cache.guilds.get(GUILD)?.clients, [a]);
    assert.equal(cache.guilds.get(GUILD)?.unavailable, true);
  });

  it('a new READY leaves the guilds of that shard that are no longer listed', () => {
    const { cache, a } = setup();
    cache.ingest(a, 0, 'READY', ready(BOT, []), true);
    assert.equal(cache.guilds.has(GUILD), false);
  });

  it('RESUMED gives the shard id; USER_UPDATE gives the old values', () => {
    const { ingest } = setup();
    assert.deepEqual(ingest('RESUMED', {}), [0]);
    const [me, old] = ingest('USER_UPDATE', user(BOT, 'renamed', { bot: true })) as [User, Record<string, unknown>];
    assert.equal(me.username, 'renamed');
    assert.deepEqual(old, { username: 'bot001' });
  });

  it('per-client events pass their payload', () => {
    const { ingest } = setup();
    for (const t of [
      'RATE_LIMITED',
      'APPLICATION_COMMAND_PERMISSIONS_UPDATE',
      'ENTITLEMENT_CREATE',
      'ENTITLEMENT_UPDATE',
      'ENTITLEMENT_DELETE',
      'SUBSCRIPTION_CREATE',
      'SUBSCRIPTION_UPDATE',
      'SUBSCRIPTION_DELETE',
      'VOICE_SERVER_UPDATE',
    ]) {
      const data = { id: '1', guild_id: GUILD };
      assert.deepEqual(ingest(t, data), [data], t);
    }
  });

  it('INTERACTION_CREATE caches the user and passes the interaction', () => {
    const { cache, ingest } = setup();
    const data = { id: '1', type: 2, member: { user: user('700000000000000001', 'carol') }, guild_id: GUILD };
    assert.deepEqual(ingest('INTERACTION_CREATE', data), [data]);
    assert.equal(cache.users.get('700000000000000001')?.username, 'carol');
  });

  it('eventNameOf converts names', () => {
    assert.equal(eventNameOf('MESSAGE_CREATE'), 'messageCreate');
    assert.equal(eventNameOf('GUILD_SCHEDULED_EVENT_USER_ADD'), 'guildScheduledEventUserAdd');
    assert.equal(eventNameOf('READY'), 'ready');
  });

  it('an unknown event is delivered raw', () => {
    const { ingest } = setup();
    assert.deepEqual(ingest('SOMETHING_NEW', { a: 1 }), [{ a: 1 }]);
  });
});

describe('guild events', () => {
  it('GUILD_CREATE builds the guild with roles, channels, members, emojis', () => {
    const { guild } = setup();
    assert.equal(guild.name, 'Guild');
    assert.equal(guild.unavailable, false);
    assert.equal(guild.roles.size, 3);
    assert.equal(guild.channels.get(TEXT)?.name, 'general');
    assert.equal(guild.channels.get(TEXT)?.parent?.id, CATEGORY);
    assert.equal(guild.members.size, 1);
    assert.equal(guild.emojis.size, 1);
    assert.equal(guild.everyoneRole?.permissions, 1049600n);
  });

  it('GUILD_UPDATE gives the changed fields only', () => {
    const { ingest, guild } = setup();
    const [updated, old] = ingest('GUILD_UPDATE', { ...guildCreate(), name: 'Renamed', afk_timeout: 300 }) as [
      Guild,
      Record<string, unknown>,
    ];
    assert.equal(updated, guild);
    assert.equal(guild.name, 'Renamed');
    assert.deepEqual(old, { name: 'Guild', afkTimeout: 0 });
  });

  it('GUILD_UPDATE without a listener builds no old values', () => {
    const { ingest, guild } = setup();
    const [, old] = ingest('GUILD_UPDATE', { ...guildCreate(), name: 'Quiet' }, false);
    assert.equal(old, undefined);
    assert.equal(guild.name, 'Quiet');
  });

  it('GUILD_DELETE unavailable keeps the guild; a removal frees it', () => {
    const { cache, ingest, guild } = setup();
    assert.deepEqual(ingest('GUILD_DELETE', { id: GUILD, unavailable: true }), [guild, true]);
    assert.equal(guild.unavailable, true);
    assert.ok(cache.guilds.has(GUILD));
    assert.deepEqual(ingest('GUILD_DELETE', { id: GUILD }), [guild, false]);
    assert.equal(cache.guilds.has(GUILD), false);
    assert.equal(cache.channels.has(TEXT), false);
  });
});

describe('channel events', () => {
  it('CHANNEL_CREATE / UPDATE / DELETE', () => {
    const { cache, ingest, guild } = setup();
    const data = {
      id: '210000000000000001',
      type: 0,
      guild_id: GUILD,
      name: 'new',
      position: 5,
      permission_overwrites: [],
    };
    const [created] = ingest('CHANNEL_CREATE', data) as [Channel];
    assert.equal(created.guild, guild);
    assert.equal(guild.channels.get(created.id), created);
    const [updated, old] = ingest('CHANNEL_UPDATE', { ...data, name: 'renamed', topic: 'hi' }) as [Channel, unknown];
    assert.equal(updated, created);
    assert.deepEqual(old, { name: 'new', topic: null });
    const [deleted] = ingest('CHANNEL_DELETE', data) as [Channel];
    assert.equal(deleted, created);
    assert.equal(cache.channels.has(data.id), false);
    assert.equal(guild.channels.has(data.id), false);
  });

  it('CHANNEL_UPDATE of an uncached channel has no old values', () => {
    const { ingest } = setup();
    const [channel, old] = ingest('CHANNEL_UPDATE', {
      id: '210000000000000009',
      type: 0,
      guild_id: GUILD,
      name: 'x',
    }) as [Channel, unknown];
    assert.equal(channel.name, 'x');
    assert.equal(old, undefined);
  });

  it('CHANNEL_PINS_UPDATE, WEBHOOKS_UPDATE, VOICE_CHANNEL_STATUS_UPDATE, VOICE_CHANNEL_START_TIME_UPDATE', () => {
    const { ingest, guild } = setup();
    const text = guild.channels.get(TEXT) as Channel;
    const [pinned, at] = ingest('CHANNEL_PINS_UPDATE', {
      channel_id: TEXT,
      guild_id: GUILD,
      last_pin_timestamp: '2024-02-01T00:00:00.000Z',
    }) as [Channel, number];
    assert.equal(pinned, text);
    assert.equal(at, Date.parse('2024-02-01T00:00:00.000Z'));
    assert.equal(text.lastPinTimestamp, at);
    assert.deepEqual(ingest('WEBHOOKS_UPDATE', { channel_id: TEXT, guild_id: GUILD }), [text]);
    const voice = guild.channels.get('200000000000000002') as Channel;
    assert.deepEqual(ingest('VOICE_CHANNEL_STATUS_UPDATE', { id: voice.id, guild_id: GUILD, status: 'live' }), [
      voice,
      'live',
      null,
    ]);
    assert.equal(voice.status, 'live');
    assert.deepEqual(
      ingest('VOICE_CHANNEL_START_TIME_UPDATE', { id: voice.id, guild_id: GUILD, voice_start_time: 1700000000 }),
      [voice, 1700000000000],
    );
  });

  it('CHANNEL_INFO updates statuses', () => {
    const { ingest, guild } = setup();
    const voice = guild.channels.get('200000000000000002') as Channel;
    const data = { guild_id: GUILD, channels: [{ id: voice.id, status: 'music' }] };
    assert.deepEqual(ingest('CHANNEL_INFO', data), [guild, data]);
    assert.equal(voice.status, 'music');
  });
});

describe('message events', () => {
  it('MESSAGE_CREATE caches the message with its author and member', () => {
    const { cache, ingest, guild } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'hello')) as [Message];
    assert.equal(msg.content, 'hello');
    assert.equal(msg.author.username, 'alice');
    assert.equal(msg.channel, guild.channels.get(TEXT));
    assert.equal(msg.guild, guild);
    assert.equal(msg.member?.user, msg.author);
    assert.equal(cache.channels.get(TEXT)?.messages?.get(id), msg);
    assert.equal(msg.channel.lastMessageId, id);
  });

  it('MESSAGE_UPDATE gives the old values; uncached gives undefined', () => {
    const { ingest } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'hello')) as [Message];
    const edited = '2024-01-01T00:01:00.000Z';
    const [same, old] = ingest('MESSAGE_UPDATE', message(id, 'bye', { edited_timestamp: edited })) as [
      Message,
      unknown,
    ];
    assert.equal(same, msg);
    assert.equal(msg.content, 'bye');
    assert.deepEqual(old, { content: 'hello', editedTimestamp: null });
    const other = messageId();
    const [fresh, none] = ingest('MESSAGE_UPDATE', message(other, 'x')) as [Message, unknown];
    assert.equal(fresh.content, 'x');
    assert.equal(none, undefined);
  });

  it('a partial MESSAGE_UPDATE (no author) keeps the author', () => {
    const { ingest } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'hello')) as [Message];
    const author = msg.author;
    const [, old] = ingest('MESSAGE_UPDATE', { id, channel_id: TEXT, guild_id: GUILD, pinned: true }) as [
      Message,
      unknown,
    ];
    assert.equal(msg.author, author);
    assert.equal(msg.pinned, true);
    assert.deepEqual(old, { pinned: false });
  });

  it('MESSAGE_DELETE gives the cached message, or a bare one', () => {
    const { ingest } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'hello')) as [Message];
    const [deleted] = ingest('MESSAGE_DELETE', { id, channel_id: TEXT, guild_id: GUILD }) as [Message];
    assert.equal(deleted, msg);
    assert.equal(msg.channel.messages?.has(id), false);
    const [bare] = ingest('MESSAGE_DELETE', { id: '1', channel_id: TEXT, guild_id: GUILD }) as [Message];
    assert.equal(bare.id, '1');
    assert.equal(bare.channel, msg.channel);
    assert.equal(bare.author.id, '0');
  });

  it('MESSAGE_DELETE_BULK gives every message', () => {
    const { ingest } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'a')) as [Message];
    const [channel, list] = ingest('MESSAGE_DELETE_BULK', { ids: [id, '2'], channel_id: TEXT, guild_id: GUILD }) as [
      Channel,
      Message[],
    ];
    assert.equal(channel, msg.channel);
    assert.equal(list[0], msg);
    assert.equal(list[1]?.id, '2');
    assert.equal(channel.messages?.size, 0);
  });

  it('a DM message precreates the DM channel with its owner', () => {
    const { cache, a, ingest } = setup();
    const dm = { ...message(messageId(), 'psst', { channel_id: '220000000000000001' }) } as Record<string, unknown>;
    delete dm.guild_id;
    delete dm.member;
    const [msg] = ingest('MESSAGE_CREATE', dm) as [Message];
    assert.equal(msg.guild, null);
    assert.equal(msg.channel.type, 1);
    assert.deepEqual(msg.channel.clients, [a]);
    assert.deepEqual(msg.channel.recipients, [msg.author]);
    assert.equal(cache.channels.get('220000000000000001'), msg.channel);
  });
});
