/**
 * Heartbeats and zombie judgment.
 *
 * After Hello the client beats every `heartbeat_interval` ms, the first beat after
 * `interval * random[0, 1)` so that shards reconnecting together do not beat together. Discord
 * answers each beat with op 11 ACK. A connection is a zombie when it went silent: no ACK for the
 * last beat *and* no frame of any kind since it. Two rules keep a busy client from judging a healthy
 * connection dead: any frame received counts as life (an ACK queued behind thousands of dispatches is
 * still coming), and the judgment waits one event-loop turn (`setImmediate`), so the inbound backlog
 * already in the socket is read before deciding. A connection that keeps sending frames but never
 * ACKs for `maxMissedAcks` beats in a row is judged a zombie too.
 */
import type { Clock, Random, TimerHandle } from '@kokoro/common';

/** Drives the beats of one connection. */
export class Heartbeat {
  /** Milliseconds between the last beat and its ACK; NaN until known. */
  latency = Number.NaN;
  /** The `heartbeat_interval` of the connection, from Hello (0 before). */
  interval = 0;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #send: () => void;
  readonly #onZombie: () => void;
  readonly #maxMissedAcks: number;
  #timer: TimerHandle | undefined;
  #awaitingAck = false;
  #lifeSinceBeat = false;
  #missedAcks = 0;
  #sentAt = 0;
  #running = false;

  constructor(clock: Clock, random: Random, send: () => void, onZombie: () => void, maxMissedAcks = 3) {
    this.#clock = clock;
    this.#random = random;
    this.#send = send;
    this.#onZombie = onZombie;
    this.#maxMissedAcks = maxMissedAcks;
  }

  /** Start beating at `interval`; the first beat comes after a random part of it. */
  start(interval: number): void {
    this.stop();
    this.interval = interval;
    this.#running = true;
    this.#awaitingAck = false;
    this.#missedAcks = 0;
    this.#schedule(Math.floor(interval * this.#random()));
  }

  /** Stop beating (the connection is left or closed). */
  stop(): void {
    this.#running = false;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A frame arrived. */
  frame(): void {
    this.#lifeSinceBeat = true;
  }

  /** Op 11 arrived. */
  ack(): void {
    if (this.#awaitingAck) this.latency = this.#clock.now() - this.#sentAt;
    this.#awaitingAck = false;
    this.#missedAcks = 0;
  }

  /** Op 1 from Discord: beat now (the regular schedule goes on). */
  beatNow(): void {
    if (!this.#running) return;
    this.#sentAt = this.#clock.now();
    this.#awaitingAck = true;
    this.#send();
  }

  #schedule(ms: number): void {
    this.#timer = this.#clock.setTimeout(this.#tick, ms);
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    if (!this.#running) return;
    if (!this.#awaitingAck) {
      this.#beat();
      return;
    }
    // Judge only after the inbound backlog had a chance to be read.
    setImmediate(() => {
      if (!this.#running) return;
      if (!this.#awaitingAck) return this.#beat();
      this.#missedAcks++;
      if (!this.#lifeSinceBeat || this.#missedAcks >= this.#maxMissedAcks) {
        this.#running = false;
        this.#onZombie();
        return;
      }
      this.#beat();
    });
  };

  #beat(): void {
    this.#awaitingAck = true;
    this.#lifeSinceBeat = false;
    this.#sentAt = this.#clock.now();
    this.#send();
    this.#schedule(this.interval);
  }
}
