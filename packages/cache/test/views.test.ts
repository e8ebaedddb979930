import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '../src/cache.js';
import type { GuildMember } from '../src/entities/member.js';
import { guildCreate, owner, ready } from './fixtures.js';

const G1 = '100000000000000011';
const G2 = '100000000000000012';

describe('live views', () => {
  it('guildsOf(owner) follows joins and leaves without being rebuilt', () => {
    const cache = new Cache();
    const a = owner('a');
    const b = owner('b');
    const view = cache.guildsOf(a);
    cache.ingest(a, 0, 'READY', ready('900000000000000001', [G1, G2]), false);
    cache.ingest(b, 0, 'READY', ready('900000000000000002', [G1]), false);
    assert.equal(cache.guildsOf(a), view, 'the same object on every access');
    assert.deepEqual([...view.keys()].sort(), [G1, G2]);
    assert.equal(view.get(G1), cache.guilds.get(G1));
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(G1), false);
    cache.ingest(a, 0, 'GUILD_DELETE', { id: G2 }, false);
    assert.deepEqual([...view.keys()], [G1]);
    assert.equal(view.has(G2), false);
    assert.equal(cache.guildsOf(b).size, 1);
    cache.removeOwner(a);
    assert.equal(view.size, 0);
    assert.equal(cache.guildsOf(b).get(G1), cache.guilds.get(G1), 'the other owner keeps its guild');
  });

  it('guild.members and cache.users are the cache itself: a change shows at once', () => {
    const cache = new Cache();
    const a = owner('a');
    cache.ingest(a, 0, 'READY', ready('900000000000000001', [G1]), false);
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(G1), false);
    const guild = cache.guilds.get(G1);
    assert.ok(guild);
    const members = guild.members;
    const before = members.size;
    cache.ingest(
      a,
      0,
      'GUILD_MEMBER_ADD',
      { guild_id: G1, user: { id: '700000000000000009', username: 'late' }, roles: [], joined_at: null },
      false,
    );
    assert.equal(guild.members, members);
    assert.equal(members.size, before + 1);
    assert.equal(members.get('700000000000000009')?.user, cache.users.get('700000000000000009'));
  });
});

describe('per-field schema', () => {
  it('keeps only the fields asked for; events still come in full; unknown fields are refused', () => {
    const cache = new Cache({ presences: false, members: { fields: ['roles'] }, users: { fields: [] } });
    const a = owner('a');
    cache.ingest(a, 0, 'READY', ready('900000000000000001', [G1]), false);
    cache.ingest(a, 0, 'GUILD_CREATE', guildCreate(G1), false);
    const guild = cache.guilds.get(G1);
    assert.ok(guild);
    const payload = {
      guild_id: G1,
      user: { id: '700000000000000009', username: 'late' },
      roles: [],
      nick: 'nickname',
      joined_at: '2024-01-01T00:00:00.000Z',
    };
    const delivered = cache.ingest(a, 0, 'GUILD_MEMBER_ADD', payload, true);
    const member = guild.members.get('700000000000000009');
    assert.ok(member, 'the member is kept');
    // The types leave out what is not kept (schema-types.test.ts); at run time it reads as the usual value.
    const full = member as unknown as GuildMember;
    assert.equal(full.nick, null, 'nick is not kept');
    assert.equal(full.joinedTimestamp, null, 'the join time is not kept');
    assert.equal(full.user.username, '', 'the username is not kept');
    // This schema stores members as columns (member-table.ts): each read builds the member afresh.
    const [first] = delivered as [typeof member];
    assert.equal(first.id, member.id, 'the event is delivered with the member');
    assert.throws(
      () => new Cache({ members: { fields: ['nickname' as 'nick'] } }),
      (error: Error & { code?: string }) =>
        error.code === 'KOKORO_VALIDATION' && /unknown field "nickname"/.test(error.message),
    );
  });
});
