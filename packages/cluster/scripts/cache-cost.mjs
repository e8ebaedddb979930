#!/usr/bin/env node
// What a Redis cache backend would cost a worker, against the in-memory cache it has now.
// Run after `npm run build`: `node packages/cluster/scripts/cache-cost.mjs [events]`
// (KOKORO_REDIS_URL, default redis://127.0.0.1:6379). Writes the same GUILD_MEMBER_UPDATE and
// PRESENCE_UPDATE events (half each, 20,000 members in 10 guilds) into @kokoro/cache's in-memory
// cache (`cache.ingest`) and into Redis as one hash per member and per presence (pipelined in
// batches, and one awaited write per event), then reads members back one at a time. Keys live
// under a unique prefix and are deleted at the end.
import { randomBytes } from 'node:crypto';
import { Cache } from '@kokoro/cache';
import { seededRandom } from '@kokoro/common';
import { Redis } from 'ioredis';

const EVENTS = Number(process.argv[2] ?? 200_000);
const GUILDS = 10;
const MEMBERS = 20_000;
const url = process.env.KOKORO_REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `kokoro-bench-${randomBytes(4).toString('hex')}:`;

const random = seededRandom(42);
const snowflake = (n) => String(100_000_000_000_000_000n + BigInt(n));
const guildIds = Array.from({ length: GUILDS }, (_, i) => snowflake(1000 + i));
const users = Array.from({ length: MEMBERS }, (_, i) => ({
  id: snowflake(1_000_000 + i),
  username: `user${i}`,
  global_name: `User ${i}`,
  avatar: random() < 0.8 ? 'a'.repeat(32) : null,
  discriminator: '0',
  public_flags: 0,
}));
const guildOf = (i) => guildIds[i % GUILDS];
const member = (i) => ({
  guild_id: guildOf(i),
  user: users[i],
  roles: [snowflake(5000 + (i % 7)), snowflake(5100 + (i % 11))],
  nick: random() < 0.3 ? `nick ${i}` : null,
  avatar: null,
  premium_since: null,
  joined_at: '2024-03-01T12:00:00.000000+00:00',
  pending: false,
  deaf: false,
  mute: false,
  flags: 0,
  communication_disabled_until: null,
});
const presence = (i) => ({
  user: { id: users[i].id },
  guild_id: guildOf(i),
  status: ['online', 'idle', 'dnd', 'offline'][Math.floor(random() * 4)],
  activities: random() < 0.6 ? [{ name: 'Some Game', type: 0, created_at: 1_763_900_000_000 }] : [],
  client_status: { desktop: 'online' },
});
const events = Array.from({ length: EVENTS }, (_, n) => {
  const i = Math.floor(random() * MEMBERS);
  return n % 2 === 0 ? ['GUILD_MEMBER_UPDATE', member(i)] : ['PRESENCE_UPDATE', presence(i)];
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');

// ---- in memory: @kokoro/cache ----
const cache = new Cache({});
const owner = { id: 'bench', intents: 0b1_0000_0011, wants: () => true };
const role = { id: '', name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false };
for (const id of guildIds) {
  cache.ingest(
    owner,
    0,
    'GUILD_CREATE',
    {
      id,
      name: id,
      icon: null,
      owner_id: users[0].id,
      roles: [{ ...role, id, mentionable: false, flags: 0 }],
      channels: [],
      members: [],
      presences: [],
      voice_states: [],
      threads: [],
      emojis: [],
      stickers: [],
      features: [],
      member_count: 0,
      large: true,
      unavailable: false,
      joined_at: '2024-01-01T00:00:00.000Z',
    },
    true,
  );
}
let started = process.hrtime.bigint();
for (const [t, d] of events) cache.ingest(owner, 0, t, d, true);
const memorySeconds = Number(process.hrtime.bigint() - started) / 1e9;
const guilds = guildIds.map((id) => cache.guilds.get(id));
const gets = 1_000_000;
started = process.hrtime.bigint();
let found = 0;
for (let n = 0; n < gets; n++) {
  const i = n % MEMBERS;
  if (guilds[i % GUILDS].members.get(users[i].id)) found++;
}
const memoryGetNs = Number(process.hrtime.bigint() - started) / gets;

// ---- Redis ----
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const memoryBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
function write(pipe, t, d) {
  const user = d.user.id;
  if (t === 'GUILD_MEMBER_UPDATE') {
    pipe.hset(`${prefix}m:${d.guild_id}:${user}`, {
      user: JSON.stringify(d.user),
      nick: d.nick ?? '',
      roles: d.roles.join(','),
      joined_at: d.joined_at,
      flags: d.flags,
      pending: d.pending ? 1 : 0,
      communication_disabled_until: d.communication_disabled_until ?? '',
    });
  } else {
    pipe.hset(`${prefix}p:${d.guild_id}:${user}`, {
      status: d.status,
      activities: JSON.stringify(d.activities),
      client_status: JSON.stringify(d.client_status),
    });
  }
}
const BATCH = 500;
started = process.hrtime.bigint();
for (let from = 0; from < events.length; from += BATCH) {
  const pipe = redis.pipeline();
  for (const [t, d] of events.slice(from, from + BATCH)) write(pipe, t, d);
  await pipe.exec();
}
const pipelinedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const memoryAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
const keys = await redis.dbsize();

const awaitedCount = Math.min(10_000, events.length);
started = process.hrtime.bigint();
for (const [t, d] of events.slice(0, awaitedCount)) {
  const one = redis.pipeline();
  write(one, t, d);
  await one.exec();
}
const awaitedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

const latencies = [];
for (let n = 0; n < 10_000; n++) {
  const i = Math.floor(random() * MEMBERS);
  const t0 = process.hrtime.bigint();
  const hash = await redis.hgetall(`${prefix}m:${guildOf(i)}:${users[i].id}`);
  if (hash.user) JSON.parse(hash.user);
  latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
}
latencies.sort((a, b) => a - b);

// Clean up.
let cursor = '0';
do {
  const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = next;
  if (batch.length > 0) await redis.unlink(...batch);
} while (cursor !== '0');
await redis.quit();

console.log(`events: ${fmt(EVENTS)} (half GUILD_MEMBER_UPDATE, half PRESENCE_UPDATE), ${fmt(MEMBERS)} members`);
console.log(`in-memory cache.ingest:        ${fmt(EVENTS / memorySeconds)} events/s`);
console.log(
  `in-memory member get:          ${memoryGetNs.toFixed(0)} ns (${fmt(found)} of ${fmt(gets)} gets found a member)`,
);
console.log(`Redis HSET, pipelined x${BATCH}:   ${fmt(EVENTS / pipelinedSeconds)} events/s`);
console.log(`Redis HSET, one await each:    ${fmt(awaitedCount / awaitedSeconds)} events/s`);
console.log(
  `Redis member get (HGETALL):    p50 ${percentile(latencies, 0.5).toFixed(0)} µs, p99 ${percentile(latencies, 0.99).toFixed(0)} µs`,
);
console.log(
  `Redis memory for the hashes:   ${fmt((memoryAfter - memoryBefore) / 1024 / 1024)} MiB (${fmt(keys)} keys in the whole db at the time)`,
);
