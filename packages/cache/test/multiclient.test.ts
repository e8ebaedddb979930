import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { Cache } from '../src/cache.js';
import type { Guild } from '../src/entities/guild.js';
import type { GuildMember } from '../src/entities/member.js';
import type { Message } from '../src/entities/message.js';
import type { CacheOwner } from '../src/owner.js';
import {
  GUILD,
  guildCreate,
  member,
  message,
  messageId,
  owner,
  ROLE_MOD,
  ROLE_MUTED,
  ready,
  TEXT,
  VOICE,
} from './fixtures.js';

const ALICE = '900000000000000002';

function world(count: number, options: { intents?: (number | undefined)[]; clock?: ManualClock } = {}) {
  const cache = new Cache(options.clock ? { clock: options.clock, dedupWindow: 1000 } : {});
  const owners = Array.from({ length: count }, (_, i) =>
    owner(`80000000000000000${i}`, options.intents?.[i] === undefined ? {} : { intents: options.intents[i] as number }),
  );
  for (const o of owners) {
    cache.ingest(o, 0, 'READY', ready(o.id, [GUILD]), true);
    cache.ingest(
      o,
      0,
      'GUILD_CREATE',
      guildCreate(GUILD, { members: [member('900000000000000001'), member(ALICE)] }),
      true,
    );
  }
  const send = (o: CacheOwner, t: string, d: unknown, wanted = true) => cache.ingest(o, 0, t, d, wanted) as unknown[];
  return { cache, owners, send, guild: cache.guilds.get(GUILD) as Guild };
}

const nick = (n: string | null) => ({ ...member(ALICE, [], { nick: n }), guild_id: GUILD });

describe('multi-client cache', () => {
  it('one guild object lists every client; a channel lists the guild clients', () => {
    const { owners, guild } = world(2);
    assert.deepEqual(guild.clients, owners);
    assert.equal(guild.channels.get(TEXT)?.clients, guild.clients);
  });

  it('each client gets its own guildCreate with the same guild', () => {
    const cache = new Cache();
    const [a, b] = [owner('a'), owner('b')];
    const [ga] = cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(), true) as [Guild];
    const [gb] = cache.ingest(b, 0, 'GUILD_CREATE', guildCreate(), true) as [Guild];
    assert.equal(ga, gb);
    assert.deepEqual(ga.clients, [a, b]);
  });

  it('two clients: a message is applied once and both get the same message', () => {
    const { cache, owners, send, guild } = world(2);
    const [a, b] = owners;
    const id = messageId();
    const [m1] = send(a, 'MESSAGE_CREATE', message(id, 'hi')) as [Message];
    assert.equal(cache.dedup.pending, 1);
    const [m2] = send(b, 'MESSAGE_CREATE', message(id, 'hi')) as [Message];
    assert.equal(m1, m2);
    assert.equal(guild.channels.get(TEXT)?.messages?.size, 1);
    assert.equal(cache.dedup.pending, 0, 'the record goes once every client consumed it');
  });

  it('two clients: an update gives both the same old values', () => {
    const { owners, send } = world(2);
    const [a, b] = owners;
    const ra = send(b, 'GUILD_MEMBER_UPDATE', nick('Ali'));
    const rb = send(a, 'GUILD_MEMBER_UPDATE', nick('Ali'));
    assert.equal(ra, rb);
    assert.deepEqual(ra[1], { nick: null });
  });

  it('three clients: a member add counts once; every client gets the args', () => {
    const { owners, send, guild } = world(3);
    const before = guild.memberCount;
    const add = { ...member('900000000000000099'), guild_id: GUILD };
    const results = owners.map((o) => send(o, 'GUILD_MEMBER_ADD', add));
    assert.equal(guild.memberCount, before + 1);
    assert.equal(results[0], results[1]);
    assert.equal(results[1], results[2]);
  });

  it('a lagging shard gets each event with its own old values and does not roll the state back', () => {
    const { owners, send, guild, cache } = world(2);
    const [a, b] = owners;
    const fromA = [
      send(a, 'GUILD_MEMBER_UPDATE', nick('one')),
      send(a, 'GUILD_MEMBER_UPDATE', nick('two')),
      send(a, 'GUILD_MEMBER_UPDATE', nick('three')),
    ];
    const alice = guild.members.get(ALICE) as GuildMember;
    assert.equal(alice.nick, 'three');
    const fromB = [send(b, 'GUILD_MEMBER_UPDATE', nick('one')), send(b, 'GUILD_MEMBER_UPDATE', nick('two'))];
    assert.equal(alice.nick, 'three', 'late copies are not applied again');
    assert.equal(fromB[0], fromA[0]);
    assert.equal(fromB[1], fromA[1]);
    assert.deepEqual(fromB[1]?.[1], { nick: 'one' });
    send(b, 'GUILD_MEMBER_UPDATE', nick('three'));
    assert.equal(cache.dedup.pending, 0);
  });

  it("a late client's GUILD_CREATE does not roll back what the others applied", () => {
    const cache = new Cache();
    const [a, b] = [owner('a'), owner('b')];
    const snapshot = guildCreate(GUILD, { members: [member(ALICE)] });
    cache.ingest(a, 0, 'GUILD_CREATE', snapshot, true);
    cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', nick('newer'), true);
    cache.ingest(a, 0, 'GUILD_UPDATE', { ...snapshot, name: 'Renamed' }, true);
    const [guild] = cache.ingest(b, 0, 'GUILD_CREATE', snapshot, true) as [Guild];
    assert.deepEqual(guild.clients, [a, b]);
    assert.equal(guild.name, 'Renamed');
    assert.equal(guild.members.get(ALICE)?.nick, 'newer');
  });

  it('a late GUILD_CREATE is applied in full when no other client is receiving the guild', () => {
    const cache = new Cache();
    let aReceiving = true;
    const a = { ...owner('a'), receiving: () => aReceiving };
    const b = owner('b');
    const snapshot = guildCreate(GUILD, { members: [member(ALICE)] });
    cache.ingest(a, 0, 'GUILD_CREATE', snapshot, true);
    const guild = cache.guilds.get(GUILD) as Guild;
    const alice = guild.members.get(ALICE) as GuildMember;
    assert.deepEqual(
      alice.roles.map((r) => r.id),
      [],
    );
    cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', { ...member(ALICE, [ROLE_MUTED]), guild_id: GUILD }, true);
    // a's shard goes down; meanwhile the guild is renamed, a channel and a role are deleted.
    aReceiving = false;
    const fresher = {
      ...snapshot,
      name: 'Renamed while a was down',
      channels: snapshot.channels.filter((c) => c.id !== VOICE),
      roles: snapshot.roles.filter((r) => r.id !== ROLE_MUTED),
      members: [member(ALICE, [], { nick: 'fresh' })],
    };
    const [same] = cache.ingest(b, 0, 'GUILD_CREATE', fresher, true) as [Guild];
    assert.equal(same, guild);
    assert.deepEqual(guild.clients, [a, b]);
    assert.equal(guild.name, 'Renamed while a was down');
    assert.equal(alice.nick, 'fresh');
    assert.equal(guild.channels.has(VOICE), false);
    assert.equal(cache.channels.has(VOICE), false);
    assert.equal(guild.roles.has(ROLE_MUTED), false);
    assert.deepEqual(alice.roles, [], 'the deleted role left the member');
    // When a is receiving, the same late snapshot only fills gaps (see the test above).
    aReceiving = true;
    cache.ingest(b, 0, 'GUILD_CREATE', snapshot, true);
    assert.equal(guild.name, 'Renamed while a was down');
  });

  it('a guild back from an outage drops the channels and roles its snapshot lacks', () => {
    const cache = new Cache();
    const a = owner('a');
    const BOB = '900000000000000003';
    const snapshot = guildCreate(GUILD, { members: [member(ALICE, [ROLE_MOD]), member(BOB, [ROLE_MOD])] });
    cache.ingest(a, 0, 'GUILD_CREATE', snapshot, true);
    cache.ingest(a, 0, 'GUILD_DELETE', { id: GUILD, unavailable: true }, true);
    const back = {
      ...snapshot,
      channels: snapshot.channels.filter((c) => c.id !== TEXT),
      roles: snapshot.roles.filter((r) => r.id !== ROLE_MOD),
      members: [member(ALICE, [])],
    };
    const [guild] = cache.ingest(a, 0, 'GUILD_CREATE', back, true) as [Guild];
    assert.equal(guild.unavailable, false);
    assert.equal(guild.channels.has(TEXT), false);
    assert.equal(guild.roles.has(ROLE_MOD), false);
    assert.deepEqual(guild.members.get(ALICE)?.roles, []);
    assert.deepEqual(guild.members.get(BOB)?.roles, [], 'a member the snapshot does not list loses the role too');
  });

  it('three clients with the same payload twice in a row (react, unreact, react) stay in step', () => {
    const { owners, send } = world(3);
    const id = messageId();
    for (const o of owners) send(o, 'MESSAGE_CREATE', message(id, 'x'));
    const add = {
      channel_id: TEXT,
      message_id: id,
      guild_id: GUILD,
      user_id: ALICE,
      emoji: { id: null, name: '⭐' },
      burst: false,
      type: 0,
    };
    const [a, b, c] = owners;
    // a is fast, c is slow.
    send(a, 'MESSAGE_REACTION_ADD', add);
    send(a, 'MESSAGE_REACTION_REMOVE', add);
    const [msg] = send(a, 'MESSAGE_REACTION_ADD', add) as [Message];
    assert.equal(msg.reactions[0]?.count, 1);
    send(b, 'MESSAGE_REACTION_ADD', add);
    send(c, 'MESSAGE_REACTION_ADD', add);
    send(b, 'MESSAGE_REACTION_REMOVE', add);
    send(b, 'MESSAGE_REACTION_ADD', add);
    send(c, 'MESSAGE_REACTION_REMOVE', add);
    send(c, 'MESSAGE_REACTION_ADD', add);
    assert.equal(msg.reactions[0]?.count, 1, 'applied once each');
  });

  it('nothing is lost when one client is down: the copy that arrives is used, the replay is not applied twice', () => {
    const clock = new ManualClock();
    const { owners, send, guild, cache } = world(2, { clock });
    const [a, b] = owners;
    // a is down: only b's copy arrives.
    const fromB = send(b, 'GUILD_MEMBER_UPDATE', nick('while-a-was-down'));
    assert.equal(guild.members.get(ALICE)?.nick, 'while-a-was-down');
    // a resumes within the window and replays the event.
    const fromA = send(a, 'GUILD_MEMBER_UPDATE', nick('while-a-was-down'));
    assert.equal(fromA, fromB);
    assert.equal(cache.dedup.pending, 0);
  });

  it('a record waiting for a client that never comes expires after the window', async () => {
    const clock = new ManualClock();
    const { owners, send, cache } = world(2, { clock });
    const [, b] = owners;
    send(b, 'GUILD_MEMBER_UPDATE', nick('x'));
    assert.equal(cache.dedup.pending, 1);
    await clock.advance(2000);
    send(b, 'GUILD_MEMBER_UPDATE', nick('y'));
    assert.equal(cache.dedup.pending, 1, 'the old record expired, the new one waits');
  });

  it('old values are built when another client listens, even if the first receiver does not', () => {
    const cache = new Cache();
    const a = owner('a', { wants: false });
    const b = owner('b', { wants: true });
    for (const o of [a, b]) cache.ingest(o, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(ALICE)] }), true);
    const first = cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', nick('n'), false) as unknown[];
    const second = cache.ingest(b, 0, 'GUILD_MEMBER_UPDATE', nick('n'), true) as unknown[];
    assert.deepEqual(second[1], { nick: null });
    assert.equal(first, second);
  });

  it('with no listener anywhere the cache is updated without old values', () => {
    const cache = new Cache();
    const a = owner('a', { wants: false });
    const b = owner('b', { wants: false });
    for (const o of [a, b]) cache.ingest(o, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(ALICE)] }), true);
    const result = cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', nick('quiet'), false) as unknown[];
    assert.equal(result[1], undefined);
    assert.equal(cache.guilds.get(GUILD)?.members.get(ALICE)?.nick, 'quiet');
  });

  it('a client without the intent is not waited for', () => {
    const all = GatewayIntentBits.Guilds | GatewayIntentBits.GuildPresences;
    const { owners, send, cache } = world(2, { intents: [all, GatewayIntentBits.Guilds] });
    const [a] = owners;
    send(a, 'PRESENCE_UPDATE', {
      user: { id: ALICE },
      guild_id: GUILD,
      status: 'online',
      activities: [],
      client_status: {},
    });
    assert.equal(cache.dedup.pending, 0);
  });

  it('a bot without GUILD_MEMBERS gets its own member update once, with the same old values', () => {
    const cache = new Cache();
    const a = owner('800000000000000010', { intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers });
    const b = owner('800000000000000011', { intents: GatewayIntentBits.Guilds });
    for (const o of [a, b]) {
      cache.ingest(o, 0, 'READY', ready(o.id, [GUILD]), true);
      cache.ingest(o, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(a.id), member(b.id)] }), true);
    }
    const update = { ...member(b.id, [], { nick: 'Bee' }), guild_id: GUILD };
    const [ma, oldA] = cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', update, true) as [GuildMember, object];
    assert.equal(cache.dedup.pending, 1, "b's own copy is awaited");
    const [mb, oldB] = cache.ingest(b, 0, 'GUILD_MEMBER_UPDATE', update, true) as [GuildMember, object];
    assert.equal(mb, ma);
    assert.equal(oldB, oldA, 'the same old values, not fresh ones from a second application');
    assert.deepEqual(oldA, { nick: null });
    assert.equal(cache.dedup.pending, 0);
    cache.ingest(a, 0, 'GUILD_MEMBER_UPDATE', { ...member(a.id, [], { nick: 'A' }), guild_id: GUILD }, true);
    assert.equal(cache.dedup.pending, 0, 'b does not receive the member updates of others');
  });

  it("one presence change sent for two guilds gives both guilds' events the same old values", () => {
    const cache = new Cache();
    const [a, b] = [owner('800000000000000010'), owner('800000000000000011')];
    const OTHER = '100000000000000002';
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(ALICE)] }), true);
    cache.ingest(b, 0, 'GUILD_CREATE', guildCreate(OTHER, { members: [member(ALICE)] }), true);
    const presence = (guild: string) => ({
      user: { id: ALICE },
      guild_id: guild,
      status: 'online',
      activities: [{ name: 'chess', type: 0 }],
      client_status: { desktop: 'online' },
    });
    const [userA, oldA] = cache.ingest(a, 0, 'PRESENCE_UPDATE', presence(GUILD), true) as [unknown, object];
    const [userB, oldB] = cache.ingest(b, 0, 'PRESENCE_UPDATE', presence(OTHER), true) as [unknown, object];
    assert.equal(userB, userA);
    assert.deepEqual(oldA, { status: 'offline', activities: [], clientStatus: null });
    assert.deepEqual(oldB, oldA, "the other guild's copy reports the same change, not an empty one");
    // One client in both guilds gets both copies, also with the same old values.
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(OTHER, { members: [member(ALICE)] }), true);
    const idle = (guild: string) => ({ ...presence(guild), status: 'idle' });
    const [, first] = cache.ingest(a, 0, 'PRESENCE_UPDATE', idle(GUILD), true) as [unknown, object];
    assert.deepEqual(first, { status: 'online' });
    cache.ingest(b, 0, 'PRESENCE_UPDATE', idle(OTHER), true);
    const [, second] = cache.ingest(a, 0, 'PRESENCE_UPDATE', idle(OTHER), true) as [unknown, object];
    assert.deepEqual(second, { status: 'online' });
  });

  it('a copy with message content completes one without (MESSAGE_CONTENT on one client only)', () => {
    const { owners, send } = world(2);
    const [a, b] = owners;
    const id = messageId();
    const [msg] = send(a, 'MESSAGE_CREATE', message(id, '')) as [Message];
    assert.equal(msg.content, '');
    const [same] = send(b, 'MESSAGE_CREATE', message(id, 'secret')) as [Message];
    assert.equal(same, msg);
    assert.equal(msg.content, 'secret');
  });

  it('a guild one client leaves stays for the others; the last leave frees it', () => {
    const { owners, send, cache, guild } = world(3);
    const [a, b, c] = owners;
    send(a, 'GUILD_DELETE', { id: GUILD });
    assert.deepEqual(guild.clients, [b, c]);
    assert.equal(cache.guilds.get(GUILD), guild);
    send(b, 'GUILD_DELETE', { id: GUILD });
    assert.deepEqual(guild.clients, [c]);
    assert.ok(cache.channels.has(TEXT));
    assert.ok(cache.users.has(ALICE));
    send(c, 'GUILD_DELETE', { id: GUILD });
    assert.equal(cache.guilds.has(GUILD), false);
    assert.equal(cache.channels.has(TEXT), false);
    assert.equal(cache.users.has(ALICE), false, "a member's user no other guild refers to is freed");
    assert.ok(cache.users.has(a.id), "the bots' own users stay");
  });

  it('removeOwner leaves every guild', () => {
    const { owners, cache, guild } = world(2);
    const [a, b] = owners;
    cache.removeOwner(a);
    assert.deepEqual(guild.clients, [b]);
    cache.removeOwner(b);
    assert.equal(cache.guilds.size, 0);
  });

  it('removeOwner of a client alone in many guilds frees them in one pass, keeping shared users', () => {
    const cache = new Cache();
    const [a, b] = [owner('a'), owner('b')];
    const id = (n: number) => (100000000000000000n + BigInt(n)).toString();
    for (let i = 0; i < 1100; i++) {
      // a's guild i and b's guild i share user i; a's guild also has a user of its own.
      cache.ingest(
        a,
        0,
        'GUILD_CREATE',
        guildCreate(id(i), { members: [member(id(10_000 + i)), member(id(20_000 + i))] }),
        false,
      );
      cache.ingest(b, 0, 'GUILD_CREATE', guildCreate(id(5_000 + i), { members: [member(id(10_000 + i))] }), false);
    }
    cache.removeOwner(a);
    assert.equal(cache.guilds.size, 1100);
    assert.ok(cache.users.has(id(10_000)), 'a user b still sees stays');
    assert.equal(cache.users.has(id(20_000)), false, 'a user only a saw is freed');
  });

  it('a user in two guilds survives leaving one', () => {
    const cache = new Cache();
    const a = owner('a');
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(ALICE)] }), true);
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate('100000000000000002', { members: [member(ALICE)] }), true);
    const alice = cache.users.get(ALICE);
    cache.ingest(a, 0, 'GUILD_DELETE', { id: GUILD }, true);
    assert.equal(cache.users.get(ALICE), alice);
    assert.equal(cache.guilds.get('100000000000000002')?.members.get(ALICE)?.user, alice);
  });
});
