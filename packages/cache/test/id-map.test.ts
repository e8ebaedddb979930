import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '@kokoro/common';
import { IdMap } from '../src/id-map.js';

interface Item {
  id: string;
  n: number;
}

const item = (id: string, n = 0): Item => ({ id, n });

describe('IdMap', () => {
  it('behaves as a Map under random sets and deletes', () => {
    const random = seededRandom(3);
    const map = new IdMap<Item>((i) => i.id);
    const model = new Map<string, Item>();
    for (let step = 0; step < 20_000; step++) {
      const id = String(1_000_000_000_000_000_000n + BigInt(Math.floor(random() * 3000)));
      if (random() < 0.6) {
        const value = item(id, step);
        map.set(id, value);
        model.set(id, value);
      } else assert.equal(map.delete(id), model.delete(id));
      if (step % 997 === 0) {
        assert.equal(map.size, model.size);
        assert.deepEqual(new Map([...map].sort()), new Map([...model].sort()));
      }
    }
    for (const [id, value] of model) assert.equal(map.get(id), value);
    assert.equal(map.get('42'), undefined);
    assert.equal(map.has('42'), false);
  });

  it('refuses a value whose id is not the key', () => {
    const map = new IdMap<Item>((i) => i.id);
    assert.throws(() => map.set('1', item('2')), TypeError);
    assert.equal(map.size, 0);
  });

  it('is live and iterates without copying; deleting while iterating is safe', () => {
    const map = new IdMap<Item>((i) => i.id);
    for (let i = 0; i < 100; i++) map.set(String(i), item(String(i), i));
    const seen: string[] = [];
    for (const [id] of map) {
      seen.push(id);
      if (Number(id) % 2 === 0) map.delete(id);
    }
    assert.equal(seen.length, 100);
    assert.equal(map.size, 50);
    assert.deepEqual(
      [...map.keys()].map(Number).sort((a, b) => a - b),
      [...Array(50)].map((_, i) => i * 2 + 1),
    );
    // Shrinking rebuilds the table; an iteration begun before gives only what is still held.
    const iterator = map.values();
    const first = iterator.next().value as Item;
    for (let i = 0; i < 100; i++) if (String(i) !== first.id) map.delete(String(i));
    assert.deepEqual([...iterator], []);
    assert.equal(map.size, 1);
    map.clear();
    assert.equal(map.size, 0);
    assert.deepEqual([...map], []);
  });

  it('replaces a value with the same id and reads like a Map', () => {
    const map = new IdMap<Item>((i) => i.id);
    map.set('7', item('7', 1));
    map.set('7', item('7', 2));
    assert.equal(map.size, 1);
    assert.equal(map.get('7')?.n, 2);
    const calls: string[] = [];
    map.forEach((value, key) => {
      calls.push(`${key}:${value.n}`);
    });
    assert.deepEqual(calls, ['7:2']);
    assert.equal(Object.prototype.toString.call(map), '[object Map]');
  });
});
