/**
 * A real clock with sub-millisecond `now()` (monotonic, from performance.now), for frame pacing:
 * `Date.now()` moves in whole milliseconds and can jump with the wall clock.
 */
import type { Clock } from '@kokoro/common';

/** The real clock the voice thread paces frames with. */
export const preciseClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    if (handle !== undefined) clearTimeout(handle as NodeJS.Timeout);
  },
};
