import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cache } from '../src/cache.js';
import { CHECKED_EVENTS } from '../src/checks.js';
import type { Channel } from '../src/entities/channel.js';
import { CachePayloadError } from '../src/errors.js';
import { REDUCERS } from '../src/reducers/index.js';
import { GUILD, guildCreate, member, message, messageId, oneClientCache, TEXT, user } from './fixtures.js';

const BOT = '800000000000000001';

const setup = () => oneClientCache(BOT, guildCreate(GUILD, { members: [member(BOT), member('900000000000000002')] }));

// What the cache holds, deep enough to see a junk entity or a half-applied event.
function snapshot(cache: Cache): string {
  const guild = cache.guilds.get(GUILD);
  const channel = cache.channels.get(TEXT) as Channel;
  return JSON.stringify({
    users: [...cache.users.keys()],
    guilds: [...cache.guilds.keys()],
    channels: [...cache.channels.keys()],
    members: [...(guild?.members.keys() ?? [])],
    roles: [...(guild?.roles.keys() ?? [])],
    memberCount: guild?.memberCount,
    messages: [...(channel.messages?.keys() ?? [])],
    lastMessageId: channel.lastMessageId,
  });
}

function assertRefused(cache: Cache, run: () => unknown, event: string, field: string): void {
  const before = snapshot(cache);
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CachePayloadError, String(error));
    assert.equal(error.eventName, event);
    assert.equal(error.code, 'KOKORO_CACHE_PAYLOAD');
    assert.ok(error.message.includes(field), `${error.message} should name ${field}`);
    return true;
  });
  assert.equal(snapshot(cache), before, `${event}: the cache must not change`);
}

describe('payload checks', () => {
  it('a MESSAGE_CREATE without channel_id creates no junk DM channel', () => {
    const { cache, a } = setup();
    assertRefused(cache, () => cache.ingest(a, 0, 'MESSAGE_CREATE', { id: 'x' }, true), 'MESSAGE_CREATE', 'channel_id');
    assert.equal(cache.channels.has(undefined as unknown as string), false);
  });

  it('a MESSAGE_CREATE without author is refused, not given the unknown user', () => {
    const { cache, a } = setup();
    const { author: _author, ...data } = message(messageId(), 'hi');
    assertRefused(cache, () => cache.ingest(a, 0, 'MESSAGE_CREATE', data, true), 'MESSAGE_CREATE', 'author.id');
  });

  it('ids of the wrong type and bad list items are refused', () => {
    const { cache, a } = setup();
    const bad = message(messageId(), 'hi', { channel_id: 42 });
    assertRefused(cache, () => cache.ingest(a, 0, 'MESSAGE_CREATE', bad, true), 'MESSAGE_CREATE', 'channel_id');
    const mentions = message(messageId(), 'hi', { mentions: [user('900000000000000009'), { username: 'x' }] });
    assertRefused(cache, () => cache.ingest(a, 0, 'MESSAGE_CREATE', mentions, true), 'MESSAGE_CREATE', 'mentions');
    const chunk = { guild_id: GUILD, members: [member('900000000000000010'), { roles: [] }] };
    assertRefused(
      cache,
      () => cache.ingest(a, 0, 'GUILD_MEMBERS_CHUNK', chunk, true),
      'GUILD_MEMBERS_CHUNK',
      'members[].user.id',
    );
    const bulk = { channel_id: TEXT, guild_id: GUILD, ids: ['1', null] };
    assertRefused(cache, () => cache.ingest(a, 0, 'MESSAGE_DELETE_BULK', bulk, true), 'MESSAGE_DELETE_BULK', 'ids[]');
  });

  it('members, roles and reactions need their ids', () => {
    const { cache, a } = setup();
    const cases: [string, unknown, string][] = [
      ['GUILD_MEMBER_ADD', { guild_id: GUILD, roles: [] }, 'user.id'],
      ['GUILD_MEMBER_UPDATE', { user: user('900000000000000002'), roles: [] }, 'guild_id'],
      ['GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: {} }, 'user.id'],
      ['PRESENCE_UPDATE', { guild_id: GUILD, user: {}, status: 'online' }, 'user.id'],
      ['GUILD_ROLE_CREATE', { guild_id: GUILD, role: { name: 'x' } }, 'role.id'],
      ['MESSAGE_REACTION_ADD', { channel_id: TEXT, message_id: '1', emoji: { name: 'x' } }, 'user_id'],
      ['MESSAGE_REACTION_ADD', { user_id: '1', channel_id: TEXT, message_id: '1' }, 'emoji'],
      ['TYPING_START', { channel_id: TEXT, timestamp: 1 }, 'user_id'],
      ['GUILD_CREATE', { name: 'no id' }, 'id'],
      ['MESSAGE_POLL_VOTE_ADD', { user_id: '1', channel_id: TEXT, message_id: '1', answer_id: '1' }, 'answer_id'],
    ];
    for (const [event, data, field] of cases)
      assertRefused(cache, () => cache.ingest(a, 0, event, data, true), event, field);
  });

  it('a payload that is not an object is refused', () => {
    const { cache, a } = setup();
    assertRefused(cache, () => cache.ingest(a, 0, 'GUILD_UPDATE', null, true), 'GUILD_UPDATE', 'not an object');
    assertRefused(cache, () => cache.ingest(a, 0, 'CHANNEL_CREATE', 'x', true), 'CHANNEL_CREATE', 'not an object');
  });

  it('every reducer but RESUMED and RATE_LIMITED checks its payload; an empty one changes nothing', () => {
    const unchecked = Object.keys(REDUCERS).filter((event) => !CHECKED_EVENTS.includes(event));
    assert.deepEqual(unchecked.sort(), ['RATE_LIMITED', 'RESUMED']);
    const { cache, a } = setup();
    for (const event of CHECKED_EVENTS) {
      assertRefused(cache, () => cache.ingest(a, 0, event, {}, true), event, 'lacks');
    }
  });

  it('optional parts may be absent', () => {
    const { cache, a } = setup();
    const { mentions: _m, member: _member, ...data } = message(messageId(), 'hi');
    assert.ok(cache.ingest(a, 0, 'MESSAGE_CREATE', data, true));
    assert.ok(cache.ingest(a, 0, 'MESSAGE_UPDATE', { id: data.id, channel_id: TEXT, content: 'edit' }, true));
    assert.ok(cache.ingest(a, 0, 'INVITE_CREATE', { code: 'abc', channel_id: TEXT, guild_id: GUILD, uses: 0 }, true));
    assert.deepEqual(cache.ingest(a, 0, 'RESUMED', null, true), [0]);
  });
});
