import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, snowflakeTimestamp } from '@kokoro/common';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { World, type WorldDispatch } from '../src/index.js';

function setup() {
  const world = new World({ clock: new ManualClock() });
  const nue = world.createBot({ name: 'Nue' });
  const saki = world.createBot({ name: 'Saki', privilegedIntents: 0 });
  const alice = world.createUser('alice');
  const guild = world.createGuild({ name: 'Shrine' });
  for (const id of [nue.id, saki.id, alice.id]) world.addMember(guild.guild.id, id, { quiet: true });
  const channel = world.createChannel(guild.guild.id, { name: 'general', quiet: true });
  return { world, nue, saki, alice, guild, channel };
}

test('ids are unique and increasing even with a frozen clock', () => {
  const world = new World({ clock: new ManualClock() });
  const ids = Array.from({ length: 10_000 }, () => world.nextId());
  assert.equal(new Set(ids).size, ids.length);
  for (let i = 1; i < ids.length; i++) assert.ok(BigInt(ids[i]!) > BigInt(ids[i - 1]!));
  assert.ok(Math.abs(snowflakeTimestamp(ids[0]!) - world.clock.now()) < 5);
});

test('bots share a guild; membership and tokens are indexed', () => {
  const { world, nue, saki, guild } = setup();
  assert.equal(world.botByToken(nue.token), nue);
  assert.equal(world.botByToken('nope'), undefined);
  assert.deepEqual(world.guildIdsOf(nue.id), [guild.guild.id]);
  assert.deepEqual(world.guildIdsOf(saki.id), [guild.guild.id]);
  assert.ok(world.isMember(guild.guild.id, saki.id));
  assert.equal(world.members(guild.guild.id).length, 3);
  assert.equal(nue.user.bot, true);
  assert.equal(nue.applicationId, nue.id);
});

test('guildCreatePayload honours GUILD_PRESENCES for members and presences', () => {
  const { world, nue, alice, guild, channel } = setup();
  const gid = guild.guild.id;
  guild.presences.set(alice.id, {
    user: { id: alice.id },
    guild_id: gid,
    status: 'online' as never,
    activities: [],
    client_status: {},
  });
  const without = world.guildCreatePayload(gid, nue.id, { intents: GatewayIntentBits.Guilds });
  assert.deepEqual(
    without.members.map((m) => m.user.id),
    [nue.id],
  );
  assert.deepEqual(without.presences, []);
  assert.equal(without.channels[0]?.id, channel.id);
  assert.equal(without.member_count, 3);
  assert.ok(
    without.roles.some((r) => r.id === gid),
    '@everyone role present',
  );
  const withP = world.guildCreatePayload(gid, nue.id, {
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildPresences,
  });
  assert.equal(withP.members.length, 3);
  assert.equal(withP.presences.length, 1);
  const large = world.guildCreatePayload(gid, nue.id, { intents: GatewayIntentBits.GuildPresences, largeThreshold: 2 });
  assert.equal(large.large, true);
  assert.deepEqual(large.members.map((m) => m.user.id).sort(), [nue.id, alice.id].sort());
});

test('member changes are dispatched on the bus', () => {
  const { world, alice, guild } = setup();
  const seen: WorldDispatch[] = [];
  const stop = world.onDispatch((d) => seen.push(d));
  world.removeMember(guild.guild.id, alice.id);
  world.addMember(guild.guild.id, alice.id);
  stop();
  world.removeMember(guild.guild.id, alice.id);
  assert.deepEqual(
    seen.map((d) => d.t),
    [GatewayDispatchEvents.GuildMemberRemove, GatewayDispatchEvents.GuildMemberAdd],
  );
  assert.equal(seen[0]?.intent, GatewayIntentBits.GuildMembers);
  assert.equal(seen[0]?.guildId, guild.guild.id);
});

test('a bot that joins gets GUILD_CREATE, one that leaves GUILD_DELETE', () => {
  const { world, guild } = setup();
  const third = world.createBot({ name: 'Third' });
  const seen: WorldDispatch[] = [];
  world.onDispatch((d) => seen.push(d));
  world.addMember(guild.guild.id, third.id);
  world.removeMember(guild.guild.id, third.id);
  const create = seen.find((d) => d.t === GatewayDispatchEvents.GuildCreate);
  assert.deepEqual(create?.recipients, [third.id]);
  const del = seen.find((d) => d.t === GatewayDispatchEvents.GuildDelete);
  assert.deepEqual(del?.recipients, [third.id]);
});

test('message store queries like Discord (newest first, before/after/around)', () => {
  const { world, alice, channel } = setup();
  const store = world.messagesOf(channel.id);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = world.nextId();
    ids.push(id);
    store.add({ id, channel_id: channel.id, content: String(i), author: alice } as never);
  }
  assert.deepEqual(
    store.query({ limit: 3 }).map((m) => m.content),
    ['9', '8', '7'],
  );
  assert.deepEqual(
    store.query({ limit: 3, before: ids[5] }).map((m) => m.content),
    ['4', '3', '2'],
  );
  assert.deepEqual(
    store.query({ limit: 3, after: ids[5] }).map((m) => m.content),
    ['8', '7', '6'],
  );
  assert.deepEqual(
    store.query({ limit: 3, around: ids[5] }).map((m) => m.content),
    ['6', '5', '4'],
  );
  store.delete(ids[5]!);
  assert.equal(store.size, 9);
  assert.equal(store.get(ids[5]!), undefined);
});
