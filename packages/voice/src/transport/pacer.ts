/**
 * Frame pacing. Audio leaves in frames that must reach Discord at the rate they play (one 20 ms
 * Opus frame every 20 ms), whatever the timers do. The pacer keeps an absolute schedule: frame n is
 * due at `start + (samples before it) / 48`, and each timer is set for the next due time measured
 * from now, so a timer that fires late does not push every later frame back (drift correction).
 * A frame that is due is sent at once, so a short delay is caught up within a few frames. When the
 * pacer falls further behind than `maxLagMs` (the thread was blocked, the machine suspended) it
 * starts a new schedule from now instead of sending a burst of stale frames, and the sender moves
 * its RTP timestamp on by the lag (`onResync`), as RTP expects of a sender that paused.
 * It runs on the transport's clock: the real one in the voice thread, a ManualClock in tests.
 */
import type { Clock, TimerHandle } from '@kokoro/common';

/** One frame to send: its payload (Opus, already end-to-end encrypted) and its length in samples. */
export interface PacedFrame {
  /** The RTP payload (Opus, already end-to-end encrypted when DAVE is on). */
  payload: Buffer;
  /** Samples per channel at 48 kHz (960 for 20 ms). */
  samples: number;
}

/** Timing figures of a pacer, for benchmarks and the connection's stats. */
export interface PacerStats {
  /** Frames sent. */
  sent: number;
  /** Frames sent more than `lateMs` after their due time. */
  late: number;
  /** Schedules restarted after a lag over `maxLagMs`. */
  resyncs: number;
  /** The latest a frame left after its due time, in ms. */
  maxLateMs: number;
}

/** Options of a {@link Pacer}. */
export interface PacerOptions {
  /** The clock the schedule runs on (a precise one in the voice thread). */
  clock: Clock;
  /**
   * Send one frame now (builds the RTP packet, seals it, writes it to the socket); `false` when it
   * could not (not counted for `onSent`).
   */
  send(frame: PacedFrame): unknown;
  /** `count` frames were sent in one tick (called once per tick, after them). */
  onSent?(count: number): void;
  /** The queue ran empty. */
  onDrained?(): void;
  /** Called after each send with how late (ms, >= 0) the frame left. */
  onLateness?(ms: number): void;
  /**
   * The schedule restarted `ms` after the due time: the sender moves its RTP timestamp on by as
   * much, so receivers see a gap in time rather than every later frame late.
   */
  onResync?(ms: number): void;
  /** How late a frame may leave and still count as on time (default 10 ms). */
  lateMs?: number;
  /** Past this lag the schedule restarts from now (default 60 ms). */
  maxLagMs?: number;
  /**
   * Start every schedule on a multiple of this many ms of the clock (default 0: start at once).
   * Pacers of one thread on the same grid, over a {@link CoalescingClock} of that granularity,
   * are due at the same instants: the thread wakes once per grid step for all of them.
   */
  gridMs?: number;
}

/** Sends queued frames on an absolute 48 kHz schedule. */
export class Pacer {
  /** Frames sent, late ones and schedule restarts so far. */
  readonly stats: PacerStats = { sent: 0, late: 0, resyncs: 0, maxLateMs: 0 };
  readonly #options: PacerOptions;
  readonly #queue: PacedFrame[] = [];
  #head = 0;
  #timer: TimerHandle | undefined;
  /** Due time of the next frame; undefined while idle. */
  #dueAt: number | undefined;

  constructor(options: PacerOptions) {
    this.#options = options;
  }

  /** Frames waiting to be sent. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Whether the pacer is sending (has a schedule running). */
  get running(): boolean {
    return this.#dueAt !== undefined;
  }

  /** Queue frames; starts sending at once when idle. */
  push(frames: readonly PacedFrame[]): void {
    for (const frame of frames) this.#queue.push(frame);
    if (this.#dueAt === undefined && this.queued > 0) {
      const now = this.#options.clock.now();
      this.#dueAt = this.#align(now);
      if (this.#dueAt <= now + 0.5) this.#tick();
      else this.#timer = this.#options.clock.setTimeout(this.#tick, this.#dueAt - now);
    }
  }

  /** Take back the frames not sent yet (pause, stop); the schedule stops. */
  flush(): PacedFrame[] {
    const rest = this.#queue.slice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
    this.#stop();
    return rest;
  }

  /** Stop for good. */
  close(): void {
    this.flush();
  }

  /** The first grid point at or after `time` (`time` itself without a grid). */
  #align(time: number): number {
    const grid = this.#options.gridMs ?? 0;
    return grid > 0 ? Math.ceil(time / grid) * grid : time;
  }

  #stop(): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dueAt = undefined;
  }

  #tick = (): void => {
    this.#timer = undefined;
    const clock = this.#options.clock;
    let now = clock.now();
    let sent = 0;
    // Send every frame that is due (normally one), never a burst past maxLag.
    while (this.#dueAt !== undefined && this.queued > 0 && this.#dueAt <= now + 0.5) {
      const lag = now - this.#dueAt;
      if (lag > this.stats.maxLateMs) this.stats.maxLateMs = lag;
      if (lag > (this.#options.maxLagMs ?? 60)) {
        this.stats.resyncs++;
        const restart = this.#align(now);
        this.#options.onResync?.(restart - this.#dueAt);
        this.#dueAt = restart;
        if (restart > now + 0.5) break;
      }
      const frame = this.#queue[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      const late = Math.max(0, now - this.#dueAt);
      this.stats.sent++;
      if (late > (this.#options.lateMs ?? 10)) this.stats.late++;
      if (this.#options.send(frame) !== false) sent++;
      this.#options.onLateness?.(late);
      this.#dueAt += frame.samples / 48;
      now = clock.now();
    }
    if (sent > 0) this.#options.onSent?.(sent);
    if (this.queued === 0) {
      this.#queue.length = 0;
      this.#head = 0;
      // Keep the schedule for a moment: frames pushed before the next due time continue it.
      const dueAt = this.#dueAt;
      if (dueAt === undefined) return;
      this.#timer = clock.setTimeout(
        () => {
          this.#timer = undefined;
          if (this.queued > 0) this.#tick();
          else {
            this.#dueAt = undefined;
            this.#options.onDrained?.();
          }
        },
        Math.max(0, dueAt - now),
      );
      return;
    }
    this.#timer = clock.setTimeout(this.#tick, Math.max(0, (this.#dueAt ?? now) - now));
  };
}
