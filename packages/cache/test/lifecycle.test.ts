import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Cache } from '../src/cache.js';
import type { Channel } from '../src/entities/channel.js';
import type { Guild } from '../src/entities/guild.js';
import { GUILD, guildCreate, member, message, messageId, owner, ROLE_MOD, ready, TEXT, user } from './fixtures.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ALICE = '900000000000000002';
const BOB = '900000000000000003';
const OTHER_GUILD = '100000000000000002';
const THREAD = '230000000000000001';
const DM = '240000000000000001';

// Three clients in GUILD with a thread, a message, a member with a role; BOB is also in OTHER_GUILD (only c).
function world() {
  const cache = new Cache();
  const owners = [owner('800000000000000000'), owner('800000000000000001'), owner('800000000000000002')];
  for (const o of owners) {
    cache.ingest(o, 0, 'READY', ready(o.id, [GUILD]), false);
    const bots = owners.map((b) => member(b.id));
    const payload = guildCreate(GUILD, { members: [member(ALICE, [ROLE_MOD]), member(BOB), ...bots] });
    const thread = { id: THREAD, type: 11, guild_id: GUILD, parent_id: TEXT, name: 't', thread_metadata: {} };
    cache.ingest(o, 0, 'GUILD_CREATE', { ...payload, threads: [thread] }, false);
  }
  const [a, b, c] = owners as [ReturnType<typeof owner>, ReturnType<typeof owner>, ReturnType<typeof owner>];
  cache.ingest(c, 0, 'GUILD_CREATE', guildCreate(OTHER_GUILD, { members: [member(BOB)] }), false);
  const id = messageId();
  for (const o of owners) cache.ingest(o, 0, 'MESSAGE_CREATE', message(id, 'hi', { author: user(ALICE) }), false);
  return { cache, a, b, c };
}

describe('leaving guilds', () => {
  it('a guild one client leaves stays whole for the others; channel.clients follows', () => {
    const { cache, a, b, c } = world();
    const guild = cache.guilds.get(GUILD) as Guild;
    const text = cache.channels.get(TEXT) as Channel;
    const thread = cache.channels.get(THREAD) as Channel;
    assert.deepEqual(text.clients, [a, b, c]);
    assert.deepEqual(thread.clients, [a, b, c]);
    cache.ingest(a, 0, 'GUILD_DELETE', { id: GUILD }, false);
    assert.deepEqual(text.clients, [b, c]);
    assert.deepEqual(thread.clients, [b, c]);
    assert.equal(cache.guilds.get(GUILD), guild);
    assert.equal(text.messages?.size, 1);
    assert.deepEqual(
      [...guild.members.keys()].sort(),
      [b.id, c.id, ALICE, BOB].sort(),
      "the leaving bot's member goes",
    );
    assert.ok(cache.users.has(a.id), "the bot's user stays while its client runs");
    assert.ok(guild.roles.has(ROLE_MOD));
    assert.ok(cache.users.has(ALICE));
  });

  it("a DM's clients are the clients that saw it; removeOwner takes one out", () => {
    const { cache, a, b } = world();
    const dm = { id: DM, type: 1, recipients: [user(ALICE)] };
    cache.ingest(a, 0, 'CHANNEL_CREATE', dm, false);
    cache.ingest(b, 0, 'CHANNEL_CREATE', dm, false);
    const channel = cache.channels.get(DM) as Channel;
    assert.deepEqual(channel.clients, [a, b]);
    cache.removeOwner(a);
    assert.deepEqual(channel.clients, [b]);
    const stranger = '700000000000000001';
    cache.ingest(b, 0, 'CHANNEL_CREATE', { id: '240000000000000002', type: 1, recipients: [user(stranger)] }, false);
    cache.removeOwner(b);
    assert.equal(cache.channels.has(DM), false, 'a DM no client sees is freed');
    assert.equal(cache.users.has(stranger), false, 'with a recipient nothing else refers to');
    assert.ok(cache.users.has(ALICE), 'a recipient who is a member stays');
  });

  it('the last leave frees the guild, its channels, threads, members, roles, messages and unshared users', async () => {
    const { cache, a, b, c } = world();
    const refs = (() => {
      const guild = cache.guilds.get(GUILD) as Guild;
      const text = cache.channels.get(TEXT) as Channel;
      return {
        guild: new WeakRef(guild),
        channel: new WeakRef(text),
        thread: new WeakRef(cache.channels.get(THREAD) as Channel),
        member: new WeakRef(guild.members.get(ALICE) as object),
        role: new WeakRef(guild.roles.get(ROLE_MOD) as object),
        message: new WeakRef([...(text.messages?.values() ?? [])][0] as object),
        alice: new WeakRef(cache.users.get(ALICE) as object),
      };
    })();
    for (const o of [a, b, c]) cache.ingest(o, 0, 'GUILD_DELETE', { id: GUILD }, false);
    assert.equal(cache.guilds.has(GUILD), false);
    for (const id of [TEXT, THREAD]) assert.equal(cache.channels.has(id), false);
    assert.equal(cache.users.has(ALICE), false, 'a user no other guild has is freed');
    assert.ok(cache.users.get(BOB), 'a user another guild still has stays');
    assert.ok(cache.users.has(a.id), "the bots' own users stay");
    assert.equal(cache.dedup.pending, 0);
    // Nothing in the cache still reaches them: the garbage collector takes them.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    for (const [name, ref] of Object.entries(refs)) assert.equal(ref.deref(), undefined, `${name} is still reachable`);
  });
});
