import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { DispatchDedup, hashBytes } from '../src/dedup.js';
import type { CacheOwner } from '../src/owner.js';
import { owner } from './fixtures.js';

const [A, B, C] = [owner('800000000000000001'), owner('800000000000000002'), owner('800000000000000003')];
const ALL: readonly CacheOwner[] = [A, B, C];

function dedup(): DispatchDedup {
  return new DispatchDedup(new ManualClock(), 1000, 100);
}

/** `text`'s UTF-8 bytes in the middle of a bigger buffer, as an inflater's output holds them. */
function inBuffer(text: string): { bytes: Uint8Array; start: number; end: number } {
  const body = Buffer.from(text);
  const bytes = Buffer.concat([Buffer.from('{"t":"X","s":1,"op":0,"d":'), body, Buffer.from('}')]);
  return { bytes, start: 26, end: 26 + body.length };
}

describe('the raw index of copies', () => {
  it('recognises a copy from its text or from its bytes in place, once per client', () => {
    const d = dedup();
    const raw = '{"id":"1","content":"hello"}';
    const args = [{ id: '1' }];
    d.record(A, ALL, args, undefined, 'MESSAGE_CREATE', raw);
    assert.equal(d.takeRaw('MESSAGE_CREATE', inBuffer(raw), B)?.args, args);
    assert.equal(d.takeRaw('MESSAGE_CREATE', inBuffer(raw), B), undefined, 'B already took it');
    assert.equal(d.takeRaw('MESSAGE_UPDATE', `${raw}`, C), undefined, 'another event');
    assert.equal(d.takeRaw('MESSAGE_CREATE', `${raw}`, C)?.args, args);
    assert.equal(d.pending, 0);
  });

  it('compares every byte: the same length with one byte changed is not a copy', () => {
    const d = dedup();
    d.record(A, ALL, [1], undefined, 'TYPING_START', '{"user_id":"12345"}');
    assert.equal(d.takeRaw('TYPING_START', inBuffer('{"user_id":"12346"}'), B), undefined);
    assert.equal(d.takeRaw('TYPING_START', '{"user_id":"12346"}', B), undefined);
    assert.deepEqual(d.takeRaw('TYPING_START', inBuffer('{"user_id":"12345"}'), B)?.args, [1]);
  });

  it('matches text outside ASCII with its UTF-8 bytes', () => {
    const d = dedup();
    const raw = '{"content":"héllo wörld 🦊 日本"}';
    d.record(A, ALL, [2], undefined, 'MESSAGE_CREATE', raw);
    assert.deepEqual(d.takeRaw('MESSAGE_CREATE', inBuffer(raw), B)?.args, [2]);
    // Bytes that are not valid UTF-8 are never a copy (the text would decode differently).
    const bad = inBuffer(raw);
    (bad.bytes as Buffer)[bad.end - 3] = 0xff;
    assert.equal(d.takeRaw('MESSAGE_CREATE', bad, C), undefined);
  });

  it('a hash collision costs a comparison, never the wrong record', () => {
    // Find two payloads whose hashes collide (30 bits: a birthday search over 200,000 texts).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; i < 400_000 && !pair; i++) {
      const text = `{"n":${i}}`;
      const bytes = Buffer.from(text);
      const hash = hashBytes(bytes, 0, bytes.length);
      const other = seen.get(hash);
      if (other !== undefined) pair = [other, text];
      else seen.set(hash, text);
    }
    assert.ok(pair, 'a collision was found');
    const [first, second] = pair;
    const d = dedup();
    d.record(A, ALL, ['first'], undefined, 'X', first);
    assert.equal(d.takeRaw('X', inBuffer(second), B), undefined, 'same hash, other bytes');
    assert.equal(d.takeRaw('X', second, B), undefined, 'same hash, other text');
    d.record(B, ALL, ['second'], undefined, 'X', second);
    assert.deepEqual(d.takeRaw('X', inBuffer(second), C)?.args, ['second']);
    assert.deepEqual(d.takeRaw('X', inBuffer(first), C)?.args, ['first']);
    assert.deepEqual(d.takeRaw('X', first, B)?.args, ['first']);
    assert.deepEqual(d.takeRaw('X', second, A)?.args, ['second']);
    assert.equal(d.pending, 0);
  });

  for (const [name, wait] of [
    ['an old record (its text is kept)', 10_000],
    ['a young record (the ring grows)', 0],
  ] as const)
    it(`a record still pending when the ring of bytes comes round again stays a copy: ${name}`, () => {
      const clock = new ManualClock();
      const d = new DispatchDedup(clock, 600_000, 100_000);
      const late = '{"id":"late","content":"ünïcode 🦊"}';
      d.record(A, ALL, ['late'], undefined, 'MESSAGE_CREATE', late);
      clock.advance(wait);
      // 4 MB of other records, more than the ring holds at first; every other one stays pending.
      const kept: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const raw = `{"id":"${i}","content":"${'x'.repeat(400)}"}`;
        d.record(A, ALL, [i], undefined, 'MESSAGE_CREATE', raw);
        if (i % 2 === 0) {
          assert.deepEqual(d.takeRaw('MESSAGE_CREATE', inBuffer(raw), B)?.args, [i]);
          assert.deepEqual(d.takeRaw('MESSAGE_CREATE', raw, C)?.args, [i]);
        } else kept.push(raw);
      }
      assert.deepEqual(d.takeRaw('MESSAGE_CREATE', inBuffer(late), B)?.args, ['late']);
      assert.deepEqual(d.takeRaw('MESSAGE_CREATE', late, C)?.args, ['late']);
      kept.forEach((raw, j) => {
        assert.deepEqual(d.takeRaw('MESSAGE_CREATE', inBuffer(raw), C)?.args, [2 * j + 1]);
        assert.deepEqual(d.takeRaw('MESSAGE_CREATE', `${raw}`, B)?.args, [2 * j + 1]);
      });
      assert.equal(d.pending, 0);
    });
});
