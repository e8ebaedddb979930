/** ETF: byte-exact vectors from the term format, snowflakes, compressed terms, bad input; a shard on ETF. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { GatewayIntentBits as I, PresenceUpdateStatus } from 'discord-api-types/v10';
import { decodeEtf, EtfError, encodeEtf } from '../src/index.js';
import { assertAllOnce, INTENTS, makeShard, probe, Recorder, setup, until } from './helpers.js';

const bytes = (...values: number[]) => Buffer.from(values);

describe('ETF', () => {
  it('encodes maps with binary keys, small and large integers, atoms, lists, floats', () => {
    assert.deepEqual(encodeEtf({ a: 1 }), bytes(131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 1, 97, 97, 1));
    assert.deepEqual(encodeEtf(null), bytes(131, 115, 3, 110, 105, 108));
    assert.deepEqual(encodeEtf(true), bytes(131, 115, 4, 116, 114, 117, 101));
    assert.deepEqual(encodeEtf([]), bytes(131, 106));
    assert.deepEqual(encodeEtf([1, 2]), bytes(131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106));
    assert.deepEqual(encodeEtf(-1), bytes(131, 98, 255, 255, 255, 255));
    assert.deepEqual(encodeEtf(2 ** 32), bytes(131, 110, 5, 0, 0, 0, 0, 0, 1));
    assert.deepEqual(encodeEtf(1.5), bytes(131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0));
    assert.deepEqual(encodeEtf('é'), bytes(131, 109, 0, 0, 0, 2, 0xc3, 0xa9));
    assert.throws(() => encodeEtf(() => 1), EtfError);
  });

  it('decodes what erlpack decodes: atoms, strings as byte lists, tuples, bignums as snowflake strings', () => {
    assert.equal(decodeEtf(bytes(131, 115, 3, 110, 105, 108)), null);
    assert.equal(decodeEtf(bytes(131, 119, 5, 102, 97, 108, 115, 101)), false);
    assert.equal(decodeEtf(bytes(131, 100, 0, 2, 111, 107)), 'ok');
    assert.deepEqual(decodeEtf(bytes(131, 107, 0, 2, 0, 1)), [0, 1]);
    assert.deepEqual(decodeEtf(bytes(131, 104, 2, 97, 1, 109, 0, 0, 0, 1, 120)), [1, 'x']);
    assert.equal(decodeEtf(bytes(131, 98, 0x80, 0, 0, 0)), -(2 ** 31));
    // 1234567890123456789 = 0x112210F47DE98115, little-endian digits
    const snowflake = bytes(131, 110, 8, 0, 0x15, 0x81, 0xe9, 0x7d, 0xf4, 0x10, 0x22, 0x11);
    assert.equal(decodeEtf(snowflake), '1234567890123456789');
    assert.equal(decodeEtf(bytes(131, 110, 2, 1, 0, 1)), -256);
    assert.equal(decodeEtf(bytes(131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)), 1.5);
  });

  it('round-trips a gateway payload, and decodes a compressed term', () => {
    const payload = {
      op: 0,
      t: 'MESSAGE_CREATE',
      s: 70_000,
      d: { id: '1234567890123456789', content: 'héllo', embeds: [], pinned: false, edited_timestamp: null, n: 2.25 },
    };
    assert.deepEqual(decodeEtf(encodeEtf(payload)), payload);
    const inner = encodeEtf(payload).subarray(1);
    const size = Buffer.alloc(4);
    size.writeUInt32BE(inner.length);
    const compressed = Buffer.concat([bytes(131, 80), size, deflateSync(inner)]);
    assert.deepEqual(decodeEtf(compressed), payload);
  });

  it('refuses bytes that are no term', () => {
    assert.throws(() => decodeEtf(bytes(130, 97, 1)), /version 131/);
    assert.throws(() => decodeEtf(bytes(131, 109, 0, 0, 0, 9, 97)), /past the end/);
    assert.throws(() => decodeEtf(bytes(131, 97, 1, 2)), /trailing/);
    assert.throws(() => decodeEtf(bytes(131, 200)), EtfError);
  });
});

describe('a shard on encoding=etf against the fake gateway', () => {
  for (const compression of ['zlib-stream', 'zstd-stream', null] as const) {
    it(`identifies, receives, sends, resumes (${compression ?? 'no compression'})`, async () => {
      const s = await setup({ chunkSize: 1 });
      const rec = new Recorder();
      const shard = makeShard(s.fake, s.bot, rec, { encoding: 'etf', compression, intents: INTENTS | I.GuildMembers });
      try {
        await shard.start();
        assert.match(shard.sessionId!, /^fake-session-/);
        await until(() => rec.count('GUILD_CREATE') === 1, 'GUILD_CREATE');
        const guild = rec.dispatches.find((x) => x.t === 'GUILD_CREATE')!.d;
        assert.equal(guild.id, s.guild.id, 'snowflakes decode to the same strings as in JSON');
        probe(s.fake, s.bot.id, 1, 3);
        await until(() => rec.probes.length === 3, 'probes 1..3');
        await shard.updatePresence({ since: null, activities: [], status: PresenceUpdateStatus.Idle, afk: false });
        await until(
          () => (s.fake.gateway.sessions({ botId: s.bot.id })[0]?.presence as { status?: string })?.status === 'idle',
          'op 3 decoded by the fake',
        );
        const members = await shard.requestGuildMembers(s.guild.id);
        assert.ok(members.members.some((m) => m.user.id === s.bot.id));
        assert.equal(members.chunks, members.members.length, 'one GUILD_MEMBERS_CHUNK per member (chunkSize 1)');
        s.fake.gateway.dropConnections({ botId: s.bot.id });
        probe(s.fake, s.bot.id, 4, 6);
        await until(() => rec.count('RESUMED') === 1 && shard.isConnected, 'resumed');
        await until(() => rec.probes.length >= 6, 'probes 1..6');
        assertAllOnce(rec, 6);
        assert.equal(new URLSearchParams(s.fake.gateway.resumes[0]!.query).get('encoding'), 'etf');
        assert.ok(!s.fake.gateway.closes.some((x) => x.code === 4002), 'every payload decoded by the fake');
      } finally {
        await shard.close();
        await s.fake.close();
      }
    });
  }
});
