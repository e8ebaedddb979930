import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { CoalescingClock, type PacedFrame, Pacer } from '../src/index.js';

/** A ManualClock that counts the timers set on it. */
function countingClock() {
  const manual = new ManualClock(0);
  const counts = { set: 0 };
  const clock = {
    now: () => manual.now(),
    setTimeout: (callback: () => void, ms: number) => {
      counts.set++;
      return manual.setTimeout(callback, ms);
    },
    clearTimeout: (handle: Parameters<ManualClock['clearTimeout']>[0]) => manual.clearTimeout(handle),
  };
  return { manual, clock, counts };
}

test('timers due in the same millisecond share one timer and run in the order they were set, never early', async () => {
  const { manual, clock, counts } = countingClock();
  const shared = new CoalescingClock(clock, 1);
  const fired: string[] = [];
  await manual.advance(0.25);
  shared.setTimeout(() => fired.push(`a@${manual.now()}`), 5); // due 5.25 → slot 6
  shared.setTimeout(() => fired.push(`b@${manual.now()}`), 5.5); // due 5.75 → slot 6
  shared.setTimeout(() => fired.push(`c@${manual.now()}`), 7); // due 7.25 → slot 8
  assert.equal(counts.set, 2);
  assert.equal(shared.pendingSlots, 2);
  await manual.advance(5.5);
  assert.deepEqual(fired, []);
  await manual.advance(0.25);
  assert.deepEqual(fired, ['a@6', 'b@6']);
  await manual.advance(2);
  assert.deepEqual(fired, ['a@6', 'b@6', 'c@8']);
  assert.equal(shared.pendingSlots, 0);
});

test('a cleared timer does not run; clearing the last of a slot clears the shared timer', async () => {
  const { manual, clock } = countingClock();
  const shared = new CoalescingClock(clock, 1);
  const fired: string[] = [];
  const a = shared.setTimeout(() => fired.push('a'), 10);
  shared.setTimeout(() => fired.push('b'), 10);
  const c = shared.setTimeout(() => fired.push('c'), 20);
  shared.clearTimeout(a);
  shared.clearTimeout(c);
  shared.clearTimeout(c);
  assert.equal(shared.pendingSlots, 1);
  await manual.advance(30);
  assert.deepEqual(fired, ['b']);
  // A timer set from a callback for the same instant gets a new shared timer.
  shared.setTimeout(() => shared.setTimeout(() => fired.push('again'), 0), 0);
  await manual.advance(1);
  assert.deepEqual(fired, ['b', 'again']);
});

test('many pacers on one coalescing clock: every frame on time, at most one timer per millisecond slot', async () => {
  const { manual, clock, counts } = countingClock();
  const shared = new CoalescingClock(clock, 1);
  const sent: number[][] = [];
  const pacers = Array.from({ length: 50 }, (_, i) => {
    sent.push([]);
    return new Pacer({ clock: shared, send: () => sent[i]!.push(manual.now()) });
  });
  const frames = (): PacedFrame[] => Array.from({ length: 10 }, () => ({ payload: Buffer.from([1]), samples: 960 }));
  // The pacers start at 50 different instants within one frame's time.
  for (const [i, pacer] of pacers.entries()) {
    await manual.advance(0.4);
    pacer.push(frames());
    assert.equal(sent[i]!.length, 1);
  }
  const before = counts.set;
  await manual.advance(250);
  for (const times of sent) {
    assert.equal(times.length, 10);
    for (let f = 1; f < times.length; f++) {
      const gap = times[f]! - times[0]!;
      assert.ok(gap >= 20 * f - 1e-9 && gap < 20 * f + 1.01, `frame ${f} left ${gap} ms after the first`);
    }
  }
  // 50 pacers × 9 more frames would be 450 timers alone; shared, at most one per slot of 1 ms.
  assert.ok(counts.set - before <= 20 * 9 + 10, `${counts.set - before} timers`);
});
