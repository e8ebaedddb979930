/**
 * Compile-time tests of the schema's narrowed types: each `@ts-expect-error` fails the build if the
 * field it reads becomes readable (so the narrowing cannot silently go). The assertions check that
 * what the types allow is what the cache holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '../src/cache.js';
import type { Guild } from '../src/entities/guild.js';
import type { GuildMember } from '../src/entities/member.js';
import type { User } from '../src/entities/user.js';
import type { CacheOptions } from '../src/policy.js';
import { GUILD, guildCreate, member, owner, ROLE_MOD, ready } from './fixtures.js';

const BOT = '900000000000000001';
const MEMBER = '700000000000000001';

function fill<O extends CacheOptions>(cache: Cache<O>): void {
  const a = owner(BOT);
  cache.ingest(a, 0, 'READY', ready(BOT, [GUILD]), false);
  const members = [member(BOT), member(MEMBER, [ROLE_MOD], { nick: 'nickname' })];
  cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(GUILD, { members }), false);
}

describe('schema types', () => {
  it('a minimal schema narrows cache.guilds, guild.members, member.user and cache.users', () => {
    const cache = new Cache({ presences: false, members: { fields: ['roles'] }, users: { fields: [] } });
    fill(cache);
    const guild = cache.guilds.get(GUILD);
    assert.ok(guild);
    assert.equal(guild.name, 'Guild', 'guild fields are all there');
    const m = guild.members.get(MEMBER);
    assert.ok(m);
    assert.deepEqual(
      m.roles.map((r) => r.id),
      [ROLE_MOD],
    );
    assert.equal(m.user.id, MEMBER);
    assert.equal(m.guild.id, GUILD);
    // @ts-expect-error nick is not kept by this schema
    assert.equal(m.nick, null);
    // @ts-expect-error the join time is not kept by this schema
    assert.equal(m.joinedTimestamp, null);
    // @ts-expect-error users keep no username under this schema
    assert.equal(m.user.username, '');
    // @ts-expect-error users keep no username under this schema
    assert.equal(cache.users.get(BOT)?.username, '');
    // @ts-expect-error narrowed collections are read-only
    cache.guilds.set;
    assert.equal(cache.guildsOf(owner(BOT)).size, 0, 'guildsOf is typed the same way (another owner)');
    const viaOwner = [...cache.guilds.values()][0];
    // @ts-expect-error nick is not kept by this schema
    viaOwner?.owner?.nick;
  });

  it('a schema keeping nick and roles types them, and only them', () => {
    const cache = new Cache({ members: { fields: ['nick', 'roles'] }, users: { fields: ['username'] } });
    fill(cache);
    const m = cache.guilds.get(GUILD)?.members.get(MEMBER);
    assert.equal(m?.nick, 'nickname');
    assert.equal(m?.user.username, 'user001');
    // @ts-expect-error the join time is not kept by this schema
    assert.equal(m?.joinedTimestamp, null);
    // @ts-expect-error avatars are not kept by this schema
    assert.equal(m?.user.avatar, null);
  });

  it('without field lists (or with options typed CacheOptions) the full entity types stay', () => {
    const full = new Cache({ messages: 10, presences: false });
    fill(full);
    const guild: Guild | undefined = full.guilds.get(GUILD);
    const m: GuildMember | undefined = guild?.members.get(MEMBER);
    assert.equal(m?.nick, 'nickname');
    assert.ok(m?.joinedTimestamp);
    const user: User | undefined = full.users.get(MEMBER);
    assert.equal(user?.username, 'user001');
    full.guilds.delete('1'); // the full cache's maps stay writable Maps
    const options: CacheOptions = { members: { fields: ['roles'] } };
    const untyped = new Cache(options);
    const g: Guild | undefined = untyped.guilds.get(GUILD);
    assert.equal(g, undefined);
    // A narrowed cache is still a Cache (what clients accept).
    const narrowed: Cache = new Cache({ members: { fields: ['roles'] } });
    assert.ok(narrowed instanceof Cache);
  });
});
