import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { type PacedFrame, Pacer } from '../src/index.js';

function frames(count: number, samples = 960): PacedFrame[] {
  return Array.from({ length: count }, (_, i) => ({ payload: Buffer.from([i]), samples }));
}

/** A ManualClock whose next timer fires `stall` ms late, as on a busy thread. */
function stallingClock() {
  const manual = new ManualClock(0);
  const control = { stall: 0 };
  const clock = {
    now: () => manual.now(),
    setTimeout: (callback: () => void, ms: number) => {
      const handle = manual.setTimeout(callback, ms + control.stall);
      control.stall = 0;
      return handle;
    },
    clearTimeout: (handle: unknown) => manual.clearTimeout(handle as never),
  };
  return { manual, clock, control };
}

function pacer(clock: ManualClock) {
  const sentAt: number[] = [];
  let drained = 0;
  const p = new Pacer({
    clock,
    send: () => sentAt.push(clock.now()),
    onDrained: () => drained++,
  });
  return { p, sentAt, drained: () => drained };
}

test('frames leave every 20 ms on an absolute schedule', async () => {
  const clock = new ManualClock(0);
  const { p, sentAt, drained } = pacer(clock);
  p.push(frames(5));
  assert.deepEqual(sentAt, [0]);
  await clock.advance(100);
  assert.deepEqual(sentAt, [0, 20, 40, 60, 80]);
  await clock.advance(20);
  assert.equal(drained(), 1);
  assert.equal(p.stats.sent, 5);
  assert.equal(p.stats.late, 0);
});

test('a late timer does not push later frames back (drift correction)', async () => {
  const { manual, clock, control } = stallingClock();
  const sentAt: number[] = [];
  const p = new Pacer({ clock, send: () => sentAt.push(manual.now()) });
  control.stall = 7;
  p.push(frames(5));
  await manual.advance(100);
  // The second frame left 7 ms late; the third is back on the 20 ms grid.
  assert.deepEqual(sentAt, [0, 27, 40, 60, 80]);
  assert.equal(p.stats.late, 0);
});

test('after a long stall the schedule restarts instead of bursting stale frames', async () => {
  const { manual, clock, control } = stallingClock();
  const sentAt: number[] = [];
  const resyncs: number[] = [];
  const p = new Pacer({
    clock,
    send: () => sentAt.push(manual.now()),
    maxLagMs: 60,
    onResync: (ms) => resyncs.push(ms),
  });
  control.stall = 200;
  p.push(frames(4));
  await manual.advance(400);
  assert.deepEqual(sentAt, [0, 220, 240, 260]);
  assert.equal(p.stats.resyncs, 1);
  assert.deepEqual(resyncs, [200], 'the sender is told how far to move its RTP clock');
  assert.equal(p.stats.late, 0);
});

test('flush takes the unsent frames back and stops the schedule; push resumes', async () => {
  const clock = new ManualClock(0);
  const { p, sentAt } = pacer(clock);
  p.push(frames(5));
  await clock.advance(20);
  const rest = p.flush();
  assert.equal(rest.length, 3);
  assert.equal(p.running, false);
  await clock.advance(100);
  assert.equal(sentAt.length, 2);
  p.push(rest);
  await clock.advance(40);
  assert.equal(sentAt.length, 5);
});

test('packets longer than 20 ms are paced by their length', async () => {
  const clock = new ManualClock(0);
  const { p, sentAt } = pacer(clock);
  p.push(frames(3, 2880));
  await clock.advance(200);
  assert.deepEqual(sentAt, [0, 60, 120]);
});
