import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { Cache, defaultCache } from '../src/cache.js';
import type { Channel } from '../src/entities/channel.js';
import { Guild } from '../src/entities/guild.js';
import type { User } from '../src/entities/user.js';
import { CachePayloadError } from '../src/errors.js';
import type { CacheOptions } from '../src/policy.js';
import { GUILD, guildCreate, member, message, messageId, owner, ready, TEXT, user } from './fixtures.js';

const BOT = '800000000000000001';

function setup(
  options: CacheOptions,
  members = [member('900000000000000001'), member('900000000000000002'), member('900000000000000003')],
) {
  const cache = new Cache(options);
  const a = owner(BOT);
  cache.ingest(a, 0, 'READY', ready(BOT, [GUILD]), true);
  cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [...members, member(BOT)] }), true);
  const ingest = (t: string, d: unknown) => cache.ingest(a, 0, t, d, true) as unknown[];
  return { cache, a, ingest, guild: cache.guilds.get(GUILD) as Guild, channel: cache.channels.get(TEXT) as Channel };
}

describe('cache policy', () => {
  it('keeps at most `messages` per channel, dropping the oldest', () => {
    const { ingest, channel } = setup({ messages: 2 });
    const ids = [messageId(), messageId(), messageId()];
    for (const id of ids) ingest('MESSAGE_CREATE', message(id, id));
    assert.deepEqual([...(channel.messages?.keys() ?? [])], ids.slice(1));
  });

  it('messages: 0 caches none, and events still come', () => {
    const { ingest, channel } = setup({ messages: 0 });
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'hi')) as [{ content: string }];
    assert.equal(msg.content, 'hi');
    assert.equal(channel.messages, undefined);
    const [, old] = ingest('MESSAGE_UPDATE', message(id, 'edit'));
    assert.equal(old, undefined);
  });

  it('members: false keeps only the bots own member', () => {
    const { ingest, guild } = setup({ members: false });
    assert.deepEqual([...guild.members.keys()], [BOT]);
    const [added] = ingest('GUILD_MEMBER_ADD', { ...member('900000000000000009'), guild_id: GUILD }) as [
      { id: string },
    ];
    assert.equal(added.id, '900000000000000009');
    assert.equal(guild.members.size, 1);
  });

  it('membersPerGuild limits members', () => {
    const { guild } = setup({ membersPerGuild: 2 });
    assert.equal(guild.members.size, 3, 'two members plus the bot');
    assert.ok(guild.members.has(BOT));
  });

  it('presences: false keeps no status', () => {
    const { ingest, cache } = setup({ presences: false });
    const [u, old] = ingest('PRESENCE_UPDATE', {
      user: { id: '900000000000000001' },
      guild_id: GUILD,
      status: 'online',
      activities: [],
      client_status: {},
    }) as [User, unknown];
    assert.equal(u.status, 'offline');
    assert.equal(old, undefined);
    assert.equal(cache.users.get('900000000000000001')?.status, 'offline');
  });

  it('users: false keeps no user that is not a member', () => {
    const { ingest, cache } = setup({ users: false });
    ingest(
      'MESSAGE_CREATE',
      message(messageId(), 'hi', { author: user('700000000000000001', 'stranger'), member: undefined }),
    );
    assert.equal(cache.users.has('700000000000000001'), false);
    assert.ok(cache.users.has('900000000000000001'));
  });

  it('maxPresences bounds the users holding a presence; going offline makes room', () => {
    const ids = ['900000000000000001', '900000000000000002', '900000000000000003'];
    const { ingest, cache } = setup({ maxPresences: 2 });
    const presence = (id: string, status: string) =>
      ingest('PRESENCE_UPDATE', { user: { id }, guild_id: GUILD, status, activities: [], client_status: {} }) as [
        User,
        Record<string, unknown> | undefined,
      ];
    assert.deepEqual(presence(ids[0] as string, 'online')[1], { status: 'offline' });
    presence(ids[1] as string, 'idle');
    assert.equal(cache.presenceCount, 2);
    const [third, old] = presence(ids[2] as string, 'dnd');
    assert.equal(third.status, 'offline', 'past the limit the presence is not kept');
    assert.equal(old, undefined, 'and no old values are claimed');
    assert.equal(cache.presenceCount, 2);
    const [first] = presence(ids[0] as string, 'idle');
    assert.equal(first.status, 'idle', 'a user who has a presence keeps getting updates');
    presence(ids[0] as string, 'offline');
    assert.equal(cache.presenceCount, 1);
    assert.equal(presence(ids[2] as string, 'dnd')[0].status, 'dnd');
    assert.equal(cache.presenceCount, 2);
    ingest('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: user(ids[2] as string) });
    assert.equal(cache.users.has(ids[2] as string), false);
    assert.equal(cache.presenceCount, 1, 'a freed user gives its presence back');
  });

  it('maxPresences counts the presences of GUILD_CREATE too', () => {
    const online = (id: string) => ({
      user: { id },
      status: 'online',
      activities: [],
      client_status: { web: 'online' },
    });
    const members = ['900000000000000001', '900000000000000002', '900000000000000003'].map((id) => member(id));
    const cache = new Cache({ maxPresences: 1 });
    const a = owner(BOT);
    cache.ingest(a, 0, 'READY', ready(BOT, [GUILD]), true);
    const presences = members.map((m) => online(m.user.id));
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members, presences }), true);
    assert.equal(cache.presenceCount, 1);
    assert.equal([...cache.users.values()].filter((u) => u.status === 'online').length, 1);
  });

  it('maxUsers bounds cache.users; kept members always keep their user', () => {
    const { ingest, cache, guild } = setup({ maxUsers: 4 });
    assert.equal(cache.users.size, 4, 'three members and the bot');
    const stranger = user('700000000000000001', 'stranger');
    const [msg] = ingest('MESSAGE_CREATE', message(messageId(), 'hi', { author: stranger, member: undefined })) as [
      { author: User },
    ];
    assert.equal(msg.author.username, 'stranger', 'the event still has the full author');
    assert.equal(cache.users.has(stranger.id), false);
    ingest('TYPING_START', { channel_id: TEXT, user_id: '700000000000000002', timestamp: 1 });
    assert.equal(cache.users.has('700000000000000002'), false);
    ingest('GUILD_MEMBER_ADD', { ...member('900000000000000009'), guild_id: GUILD });
    assert.ok(guild.members.has('900000000000000009'));
    assert.equal(cache.users.get('900000000000000009'), guild.members.get('900000000000000009')?.user);
  });

  it('users: false keeps no user from ids alone (typing, reactions)', () => {
    const { ingest, cache } = setup({ users: false });
    const [, typist] = ingest('TYPING_START', { channel_id: TEXT, user_id: '700000000000000002', timestamp: 1 }) as [
      unknown,
      User,
    ];
    assert.equal(typist.id, '700000000000000002');
    assert.equal(cache.users.has('700000000000000002'), false);
  });

  it('precreate makes entities usable before they are seen; later payloads fill them', () => {
    const cache = new Cache();
    const guild = cache.precreateGuild('123');
    const channel = cache.precreateChannel('456', '123');
    const u = cache.precreateUser('789');
    assert.equal(guild.unavailable, true);
    assert.equal(channel.guild, guild);
    assert.equal(channel.type, -1);
    const a = owner('a');
    cache.ingest(
      a,
      0,
      'GUILD_CREATE',
      { ...guildCreate('123', { members: [member('789')] }), channels: [{ id: '456', type: 0, name: 'filled' }] },
      true,
    );
    assert.equal(cache.guilds.get('123'), guild);
    assert.equal(channel.name, 'filled');
    assert.equal(guild.members.get('789')?.user, u);
    assert.equal(Guild.precreate('42'), defaultCache.guilds.get('42'));
  });

  it('REST results land in the same cache', () => {
    const { cache, guild } = setup({});
    const fromRest = cache.message(message(messageId(), 'from REST'));
    assert.equal(fromRest.channel, guild.channels.get(TEXT));
    assert.equal(fromRest.channel.messages?.get(fromRest.id), fromRest);
    assert.equal(cache.user(user('900000000000000001', 'renamed')), guild.members.get('900000000000000001')?.user);
    assert.equal(cache.channel({ id: TEXT, type: 0, name: 'general' }), guild.channels.get(TEXT));
    assert.equal(cache.guild({ ...guildCreate(), name: 'REST' } as never), guild);
    assert.equal(guild.name, 'REST');
  });

  it('a malformed payload is a CachePayloadError naming the event', () => {
    const { cache, a } = setup({});
    assert.throws(
      () => cache.ingest(a, 0, 'GUILD_MEMBER_ADD', { guild_id: GUILD, roles: [] }, true),
      (error: unknown) => {
        assert.ok(error instanceof CachePayloadError);
        assert.match(error.message, /GUILD_MEMBER_ADD/);
        return true;
      },
    );
  });
});

describe('sweepers', () => {
  it('drop messages older than the age limit on their interval', async () => {
    const clock = new ManualClock();
    const { ingest, channel, cache } = setup({ clock, sweepers: { interval: 1000, messageMaxAge: 5000 } });
    const old = messageId();
    ingest('MESSAGE_CREATE', message(old, 'old'));
    await clock.advance(4000);
    const fresh = messageId();
    ingest('MESSAGE_CREATE', message(fresh, 'fresh'));
    await clock.advance(2000);
    assert.deepEqual([...(channel.messages?.keys() ?? [])], [fresh]);
    cache.close();
  });

  it('drop expired invites on every run', async () => {
    const clock = new ManualClock();
    const { ingest, cache, guild } = setup({ clock, sweepers: { interval: 1000 } });
    const created = new Date(clock.now()).toISOString();
    const invite = (code: string, maxAge: number) => ({
      code,
      channel_id: TEXT,
      guild_id: GUILD,
      created_at: created,
      max_age: maxAge,
      max_uses: 0,
      temporary: false,
      uses: 0,
    });
    ingest('INVITE_CREATE', invite('short', 60));
    ingest('INVITE_CREATE', invite('forever', 0));
    cache.sweep();
    assert.deepEqual([...guild.invites.keys()], ['short', 'forever']);
    await clock.advance(60_000);
    cache.sweep();
    assert.deepEqual([...guild.invites.keys()], ['forever']);
    cache.close();
  });

  it('drop members beyond the size limit, never the bots own', () => {
    const { cache, guild } = setup({ sweepers: { maxMembersPerGuild: 1 } });
    cache.sweep();
    assert.deepEqual([...guild.members.keys()], [BOT]);
    assert.equal(cache.users.has('900000000000000001'), false);
  });

  it('drop unreferenced users beyond the limit', () => {
    const { cache, ingest } = setup({ sweepers: { maxUnreferencedUsers: 1 } });
    ingest('MESSAGE_CREATE', message(messageId(), 'a', { author: user('700000000000000001'), member: undefined }));
    ingest('MESSAGE_CREATE', message(messageId(), 'b', { author: user('700000000000000002'), member: undefined }));
    cache.sweep();
    const kept = ['700000000000000001', '700000000000000002'].filter((id) => cache.users.has(id));
    assert.equal(kept.length, 1, 'one of the two authors is dropped');
    assert.equal(cache.users.has('900000000000000001'), true, 'members stay');
  });
});
