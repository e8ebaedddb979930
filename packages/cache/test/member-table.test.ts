import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Cache } from '../src/cache.js';
import { Guild } from '../src/entities/guild.js';
import { GuildMember } from '../src/entities/member.js';
import { Role } from '../src/entities/role.js';
import { User } from '../src/entities/user.js';
import { MemberTable } from '../src/member-table.js';
import { GUILD, guildCreate, member, owner, ROLE_MOD, ROLE_MUTED, ready, TEXT } from './fixtures.js';

const MINIMAL = { presences: false, members: { fields: ['roles' as const] }, users: { fields: [] } };
const BOT = '900000000000000001';

function table(): { table: MemberTable; guild: Guild; add: (id: string, roles?: Role[]) => void } {
  const guild = new Guild('1');
  const t = new MemberTable(guild, (id) => new User(id));
  const add = (id: string, roles: Role[] = []) => {
    const m = new GuildMember(new User(id), guild);
    m.roles = roles;
    t.set(id, m);
  };
  return { table: t, guild, add };
}

describe('MemberTable', () => {
  it('has the rest of the Map surface: forEach, for...of, the Map tag, the console view', () => {
    const { table: t, guild, add } = table();
    const role = new Role('5', guild);
    add('100000000000000001', [role]);
    add('100000000000000002');
    const seen: string[] = [];
    const self = { label: 'this' };
    t.forEach(function (this: typeof self, member, id, map) {
      assert.equal(map, t);
      assert.equal(member.id, id);
      seen.push(`${this.label}:${id}:${member.roles.length}`);
    }, self);
    assert.deepEqual(seen, ['this:100000000000000002:0', 'this:100000000000000001:1']);
    assert.deepEqual(
      [...t].map(([id]) => id),
      ['100000000000000002', '100000000000000001'],
    );
    assert.equal(Object.prototype.toString.call(t), '[object Map]');
    assert.match(inspect(t, { depth: 0 }), /^Map\(2\) \{/);
  });

  it('behaves as a Map of members across growth, removals and re-adds', () => {
    const { table: t, guild, add } = table();
    const role = new Role('5', guild);
    const ids = Array.from({ length: 2000 }, (_, i) => String(100000000000000000n + BigInt(i)));
    ids.forEach((id, i) => {
      add(id, i % 2 ? [role] : []);
    });
    assert.equal(t.size, 2000);
    for (const [i, id] of ids.entries()) {
      const m = t.get(id);
      assert.equal(m?.id, id);
      assert.equal(m?.guild, guild);
      assert.deepEqual(m?.roles, i % 2 ? [role] : []);
    }
    // Remove every third (the last entry moves into each hole).
    for (const [i, id] of ids.entries()) if (i % 3 === 0) assert.equal(t.delete(id), true);
    assert.equal(t.delete(ids[0] as string), false);
    for (const [i, id] of ids.entries()) assert.equal(t.has(id), i % 3 !== 0, id);
    assert.equal(t.size, 2000 - 667);
    assert.deepEqual(new Set(t.keys()), new Set(ids.filter((_, i) => i % 3 !== 0)));
    for (const [id, m] of t) assert.equal(m.id, id);
    // Re-add over the removal markers; updating a member keeps one entry.
    for (const [i, id] of ids.entries()) if (i % 3 === 0) add(id);
    add(ids[1] as string);
    assert.equal(t.size, 2000);
    assert.deepEqual(t.rolesOf(ids[1] as string), [], 'the update replaced the roles');
    assert.throws(() => t.set('1', new GuildMember(new User('2'), guild)), TypeError);
    t.clear();
    assert.equal(t.size, 0);
    assert.equal(t.get(ids[5] as string), undefined);
  });

  it('removing the entry being visited during iteration visits every other entry once', () => {
    const { table: t, add } = table();
    const ids = Array.from({ length: 300 }, (_, i) => String(200000000000000000n + BigInt(i)));
    for (const id of ids) add(id);
    const seen: string[] = [];
    for (const [id] of t) {
      seen.push(id);
      if (Number(id.slice(-3)) % 2 === 0) t.delete(id);
    }
    assert.equal(seen.length, 300);
    assert.equal(new Set(seen).size, 300);
    assert.equal(t.size, 150);
  });

  it('switches from a 16-bit to a 32-bit index past ~45,000 members', () => {
    const { table: t, add } = table();
    const ids = Array.from({ length: 50_000 }, (_, i) => String(300000000000000000n + BigInt(i)));
    for (const id of ids) add(id);
    assert.equal(t.size, 50_000);
    for (let i = 0; i < ids.length; i += 997) assert.equal(t.get(ids[i] as string)?.id, ids[i]);
    for (let i = 0; i < 40_000; i++) t.delete(ids[i] as string);
    assert.equal(t.size, 10_000);
    assert.equal(t.has(ids[49_999] as string), true);
    assert.equal(t.has(ids[0] as string), false);
  });
});

describe('compact members (id and roles only)', () => {
  function minimalCache() {
    const cache = new Cache(MINIMAL);
    const a = owner(BOT);
    cache.ingest(a, 0, 'READY', ready(BOT, [GUILD]), true);
    cache.ingest(
      a,
      0,
      'GUILD_CREATE',
      guildCreate(GUILD, { members: [member(BOT), member('700000000000000001', [ROLE_MOD])] }),
      true,
    );
    const guild = cache.guilds.get(GUILD) as Guild;
    const ingest = (t: string, d: unknown) => cache.ingest(a, 0, t, d, true) as unknown[];
    return { cache, a, guild, ingest };
  }

  it('stores members as columns and keeps no user object for them', () => {
    const { cache, guild } = minimalCache();
    assert.ok(guild.members instanceof MemberTable);
    assert.ok(!(new Cache().precreateGuild('5').members instanceof MemberTable), 'the default schema keeps objects');
    assert.ok(
      !(new Cache({ ...MINIMAL, users: { fields: ['username'] } }).precreateGuild('5').members instanceof MemberTable),
      'a schema keeping usernames keeps user objects',
    );
    const m = guild.members.get('700000000000000001');
    assert.equal(m?.user.id, '700000000000000001');
    assert.deepEqual(
      m?.roles.map((r) => r.id),
      [ROLE_MOD],
    );
    assert.equal(cache.users.has('700000000000000001'), false, 'no user object is kept for a compact member');
    assert.equal(guild.members.get(BOT)?.user, cache.users.get(BOT), "the bot's member refers to its kept user");
  });

  it('updates, permissions, role deletion and removal go through the columns', () => {
    const { guild, ingest } = minimalCache();
    const id = '700000000000000001';
    const [updated, old] = ingest('GUILD_MEMBER_UPDATE', {
      guild_id: GUILD,
      user: { id, username: 'x' },
      roles: [ROLE_MOD, ROLE_MUTED],
      joined_at: null,
    }) as [GuildMember, { roles?: readonly Role[] }];
    assert.deepEqual(
      old.roles?.map((r) => r.id),
      [ROLE_MOD],
    );
    assert.deepEqual(updated.roles.map((r) => r.id).sort(), [ROLE_MOD, ROLE_MUTED].sort());
    assert.deepEqual(
      guild.members
        .get(id)
        ?.roles.map((r) => r.id)
        .sort(),
      [ROLE_MOD, ROLE_MUTED].sort(),
      'a later read sees the update',
    );
    const channel = guild.channels.get(TEXT);
    assert.ok(channel);
    assert.equal((channel.permissionsFor(guild.members.get(id) as GuildMember) & 8192n) === 8192n, true, 'mod role');
    ingest('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: ROLE_MOD });
    assert.deepEqual(
      guild.members.get(id)?.roles.map((r) => r.id),
      [ROLE_MUTED],
      'the shared list lost the role',
    );
    const [, , removed] = ingest('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: { id, username: 'x' } }) as [
      Guild,
      User,
      GuildMember | undefined,
    ];
    assert.equal(removed?.id, id);
    assert.equal(guild.members.has(id), false);
    assert.equal(guild.members.size, 1);
  });

  it('membersPerGuild, the member sweeper and freeing a guild work on the columns', () => {
    const cache = new Cache({ ...MINIMAL, membersPerGuild: 3, sweepers: { maxMembersPerGuild: 1 } });
    const a = owner(BOT);
    cache.ingest(a, 0, 'READY', ready(BOT, [GUILD]), false);
    const members = [member(BOT), ...['1', '2', '3', '4'].map((n) => member(`70000000000000000${n}`))];
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members }), false);
    const guild = cache.guilds.get(GUILD) as Guild;
    assert.equal(guild.members.size, 3);
    cache.sweep();
    assert.deepEqual([...guild.members.keys()], [BOT], "the bot's own member stays");
    cache.ingest(a, 0, 'GUILD_DELETE', { id: GUILD }, false);
    assert.equal(cache.guilds.has(GUILD), false);
    cache.close();
  });
});
