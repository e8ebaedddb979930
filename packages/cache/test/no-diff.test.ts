import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '../src/cache.js';
import { GUILD, guildCreate, member, message, messageId, owner, ready, TEXT, user } from './fixtures.js';

const ALICE = '900000000000000002';
// Fields the old values of the events below would hold.
const OLD_KEYS = ['nick', 'roles', 'name', 'content', 'status', 'activities', 'username', 'topic', 'editedTimestamp'];

/**
 * Count the old-value objects written while `run` runs: old values are plain objects, and assigning
 * `old.nick = ...` to a plain object goes through a setter on Object.prototype. Entities (class
 * instances) and payloads (literals, spreads) are not counted: a setter called on an entity defines
 * the field on it as a normal property, so the cache works as usual.
 */
function countOldValueWrites(run: () => void): number {
  let writes = 0;
  const saved = OLD_KEYS.map((key) => [key, Object.getOwnPropertyDescriptor(Object.prototype, key)] as const);
  for (const key of OLD_KEYS) {
    Object.defineProperty(Object.prototype, key, {
      configurable: true,
      get: () => undefined,
      set(this: object, value: unknown) {
        if (Object.getPrototypeOf(this) === Object.prototype) writes++;
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  try {
    run();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(Object.prototype, key, descriptor);
      else delete (Object.prototype as Record<string, unknown>)[key];
    }
  }
  return writes;
}

function world(clients: number, listening: boolean) {
  const cache = new Cache();
  const owners = Array.from({ length: clients }, (_, i) => owner(`80000000000000000${i}`, { wants: listening }));
  for (const o of owners) {
    cache.ingest(o, 0, 'READY', ready(o.id, [GUILD]), listening);
    cache.ingest(o, 0, 'GUILD_CREATE', guildCreate(GUILD, { members: [member(ALICE)] }), listening);
  }
  const id = messageId();
  for (const o of owners) cache.ingest(o, 0, 'MESSAGE_CREATE', message(id, 'before'), listening);
  const updates: [string, unknown][] = [
    ['GUILD_MEMBER_UPDATE', { ...member(ALICE, [], { nick: 'changed' }), guild_id: GUILD }],
    ['GUILD_UPDATE', { ...guildCreate(GUILD), name: 'Renamed' }],
    ['CHANNEL_UPDATE', { id: TEXT, type: 0, guild_id: GUILD, name: 'renamed', topic: 'new topic' }],
    ['MESSAGE_UPDATE', message(id, 'after', { edited_timestamp: '2024-01-02T00:00:00.000Z' })],
    ['PRESENCE_UPDATE', { user: { id: ALICE }, guild_id: GUILD, status: 'online', activities: [], client_status: {} }],
    ['USER_UPDATE', user(owners[0]?.id as string, 'renamed-bot')],
    ['GUILD_EMOJIS_UPDATE', { guild_id: GUILD, emojis: [{ id: '400000000000000001', name: 'renamed' }] }],
  ];
  const apply = () => {
    for (const [event, data] of updates) for (const o of owners) cache.ingest(o, 0, event, data, listening);
  };
  return { cache, apply };
}

describe('events nobody listens to', () => {
  it('one client without a listener: the cache changes, no old values are built', () => {
    const { cache, apply } = world(1, false);
    assert.equal(countOldValueWrites(apply), 0);
    const guild = cache.guilds.get(GUILD);
    assert.equal(guild?.name, 'Renamed');
    assert.equal(guild?.members.get(ALICE)?.nick, 'changed');
    assert.equal(cache.channels.get(TEXT)?.messages?.values().next().value?.content, 'after');
    assert.equal(cache.users.get(ALICE)?.status, 'online');
  });

  it('three clients, none listening: no old values either', () => {
    const { cache, apply } = world(3, false);
    assert.equal(countOldValueWrites(apply), 0);
    assert.equal(cache.guilds.get(GUILD)?.members.get(ALICE)?.nick, 'changed');
  });

  it('the spy sees old values when someone listens (so the tests above can fail)', () => {
    assert.ok(countOldValueWrites(world(1, true).apply) >= 7);
    assert.ok(countOldValueWrites(world(3, true).apply) >= 7);
  });
});
