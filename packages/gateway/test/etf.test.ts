/** ETF codec: byte-exact vectors from the term format, snowflakes, compressed terms, bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { decodeEtf, EtfError, encodeEtf } from '../src/index.js';

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
