/**
 * The event thread's side of Opus encoding: batches of PCM frames go to the runtime's executor
 * (see opus-worker.ts) and come back as Opus packets.
 */
import { runtime } from '@kokoro/core';
import type { EncodeTask } from './opus-worker.js';

const WORKER = { filename: new URL('./opus-worker.js', import.meta.url).href };
let streams = 0;

/** Encodes one track's PCM on the executor. */
export class OpusStreamEncoder {
  readonly #stream = `s${process.pid}-${++streams}`;
  readonly #bitrate: number;
  /** Whether a batch went to the executor (a passthrough track never starts one). */
  #started = false;

  constructor(bitrate = 64000) {
    this.#bitrate = bitrate;
  }

  /** Encode 20 ms frames at `volume`. */
  async encode(frames: Buffer[], volume: number): Promise<Buffer[]> {
    this.#started = true;
    const task: EncodeTask = { stream: this.#stream, frames, volume, bitrate: this.#bitrate };
    const packets = await runtime.run<Uint8Array[]>(WORKER, task);
    return packets.map((packet) => Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength));
  }

  /** Forget the stream's encoder state (nothing to do when nothing was encoded). */
  close(): void {
    if (!this.#started) return;
    void runtime.run(WORKER, { stream: this.#stream, frames: [], volume: 1, end: true }).catch(() => undefined);
  }
}
