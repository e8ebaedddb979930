/**
 * The audio player of a voice connection: a queue of tracks played one after another.
 *
 * Frames are prepared ahead (PCM encoded to Opus in batches on the executor, end-to-end encrypted
 * when DAVE is on) and handed to the transport, which paces them every 20 ms on its own thread;
 * the player keeps at most `bufferFrames` frames queued there, so a blocked event thread does
 * not starve the socket for that long, and volume, pause and stop take effect within that window.
 * Speaking (op 5) is set before the first frame and cleared after the five silence frames that
 * end every stretch of audio. Pausing takes the unsent frames back and sends them on resume.
 */
import { EventEmitter } from 'node:events';
import { ValidationError } from '@kokoro/common';
import { VoiceError } from '../errors.js';
import type { VoiceLink } from '../link.js';
import { opusPacketSamples, PCM_FRAME_BYTES, SILENCE_FRAME } from '../protocol/opus-packet.js';
import type { PacedFrame } from '../transport/pacer.js';
import { OpusStreamEncoder } from './encoder.js';
import { type AudioInput, type AudioSource, type AudioSourceOptions, createAudioSource } from './source.js';

/** Where the player is. */
export type PlayerStatus = 'idle' | 'playing' | 'paused';

/** A queued or playing track. */
export interface Track {
  /** Where its audio comes from (its `format` says how it was read). */
  readonly source: AudioSource;
  /** Options given to `play`. */
  readonly options: PlayOptions;
}

/** Options of `connection.play`. */
export interface PlayOptions extends AudioSourceOptions {
  /** Opus bitrate for PCM sources (default 64000). */
  bitrate?: number;
}

/** Events of a player. */
export interface PlayerEvents {
  /** A track started playing. */
  start: [track: Track];
  /** A track played out (or was skipped). */
  end: [track: Track];
  /** A track failed (the queue goes on with the next one). */
  error: [error: Error, track: Track];
  /** `pause()` took effect. */
  pause: [];
  /** `resume()` took effect. */
  resume: [];
  /** The queue ran out and the trailing silence was sent. */
  idle: [];
}

/** Options of a player. */
export interface PlayerOptions {
  /** Frames kept queued on the transport (default 25 = 500 ms). */
  bufferFrames?: number;
  /** PCM frames encoded per executor task (default 10). */
  batchFrames?: number;
}

const SILENCE_FRAMES = 5;

/** Plays tracks on one voice connection. */
export class AudioPlayer extends EventEmitter<PlayerEvents> {
  readonly #connection: VoiceLink;
  readonly #queue: Track[] = [];
  readonly #bufferFrames: number;
  readonly #batchFrames: number;
  #status: PlayerStatus = 'idle';
  #current: Track | undefined;
  #volume = 1;
  #skip = false;
  #wake: (() => void) | undefined;
  /** Raw (not end-to-end encrypted) copies of the frames queued on the transport, oldest first. */
  #inFlight: PacedFrame[] = [];
  /** Frames taken back on pause, to send on resume. */
  #held: PacedFrame[] = [];
  #finished: Promise<void> = Promise.resolve();
  #settle: ((error?: Error) => void) | undefined;
  #runError: Error | undefined;

  constructor(connection: VoiceLink, options: PlayerOptions = {}) {
    super();
    this.#connection = connection;
    this.#bufferFrames = options.bufferFrames ?? 25;
    this.#batchFrames = options.batchFrames ?? 10;
    const wake = () => this.#wakeUp();
    connection.on('framesSent', (count) => {
      this.#inFlight.splice(0, count);
      wake();
    });
    connection.on('drained', wake);
    connection.on('ready', wake);
    connection.on('daveReset', () => void this.#reencryptQueued());
    connection.on('destroyed', () => this.stop());
  }

  /** `idle`, `playing` or `paused`. */
  get status(): PlayerStatus {
    return this.#status;
  }

  /** The track playing now. */
  get current(): Track | undefined {
    return this.#current;
  }

  /** Tracks waiting after the current one. */
  get queue(): readonly Track[] {
    return this.#queue;
  }

  /**
   * Resolves when the queue has played out (or the player was stopped); rejects with the first
   * error of a track in this run. Already resolved while idle.
   */
  get finished(): Promise<void> {
    return this.#finished;
  }

  /** Gain applied to PCM sources, 0..2 (1 = unchanged). Passthrough (Ogg/Opus) tracks refuse it. */
  get volume(): number {
    return this.#volume;
  }

  /** Set the gain (0..2); throws `ValidationError` outside that range, `VoiceError` on a passthrough track. */
  set volume(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2) {
      throw new ValidationError('volume', `must be a number from 0 to 2, got ${String(value)}`);
    }
    if (this.#current?.source.kind === 'opus') {
      throw new VoiceError(
        'volume applies to PCM sources: this Ogg/Opus track is passed through without decoding; play it as WAV/PCM or with { type: "ffmpeg" } to change its volume',
      );
    }
    this.#volume = value;
  }

  /** Queue `input`; starts playing when idle. Throws at once for bad input or a missing ffmpeg. */
  play(input: AudioInput, options: PlayOptions = {}): this {
    const track: Track = { source: createAudioSource(input, options), options };
    this.#queue.push(track);
    if (this.#status === 'idle') {
      this.#status = 'playing';
      this.#runError = undefined;
      this.#finished = new Promise<void>((resolve, reject) => {
        this.#settle = (error) => (error ? reject(error) : resolve());
      });
      this.#finished.catch(() => undefined);
      void this.#run();
    }
    return this;
  }

  /** Pause: unsent frames are taken back, silence is sent, speaking is cleared. */
  pause(): void {
    if (this.#status !== 'playing') return;
    this.#status = 'paused';
    void this.#connection.takeQueuedFrames().then((taken) => {
      // The last `taken.length` frames handed over are the ones that were not sent.
      const unsent = taken.length ? this.#inFlight.slice(-taken.length) : [];
      this.#held = [...unsent, ...this.#held];
      this.#inFlight = [];
      this.#sendSilence();
    });
    this.emit('pause');
  }

  /** The DAVE group changed under queued frames: take them back and queue them again, re-encrypted. */
  async #reencryptQueued(): Promise<void> {
    if (this.#status !== 'playing') return;
    const taken = await this.#connection.takeQueuedFrames();
    if (taken.length === 0) return;
    const raw = this.#inFlight.slice(-taken.length);
    this.#inFlight = [];
    this.#push(raw);
  }

  /** Resume after `pause`. */
  resume(): void {
    if (this.#status !== 'paused') return;
    this.#status = 'playing';
    this.emit('resume');
    this.#wakeUp();
  }

  /** Skip to the next track. */
  skip(): void {
    this.#skip = true;
    this.#held = [];
    void this.#connection.takeQueuedFrames().then(() => {
      this.#inFlight = [];
    });
    if (this.#status === 'paused') this.#status = 'playing';
    this.#wakeUp();
  }

  /** Stop: clear the queue and the current track; `finished` resolves. */
  stop(): void {
    this.#queue.length = 0;
    if (this.#status === 'idle') return;
    this.skip();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Wait until frames may be queued: not paused, connection ready, room in the buffer. */
  async #waitForRoom(): Promise<boolean> {
    for (;;) {
      if (this.#skip) return false;
      if (this.#connection.status === 'destroyed') return false;
      if (this.#status === 'playing' && this.#connection.canSend) {
        if (this.#held.length) {
          const held = this.#held;
          this.#held = [];
          this.#push(held);
        }
        if (this.#connection.queuedFrames < this.#bufferFrames) return true;
      }
      await this.#sleep();
    }
  }

  #push(frames: PacedFrame[]): void {
    this.#connection.setSpeaking(true);
    if (this.#connection.sendFrames(frames)) this.#inFlight.push(...frames);
  }

  #sendSilence(): void {
    const silence = Array.from({ length: SILENCE_FRAMES }, () => ({ payload: SILENCE_FRAME, samples: 960 }));
    if (this.#connection.canSend && this.#connection.sendFrames(silence)) this.#inFlight.push(...silence);
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const track = this.#queue.shift()!;
      this.#current = track;
      this.#skip = false;
      this.emit('start', track);
      try {
        await this.#playTrack(track);
      } catch (error) {
        const failure = error instanceof Error ? error : new VoiceError(String(error));
        this.#runError ??= failure;
        if (this.listenerCount('error') > 0) this.emit('error', failure, track);
      } finally {
        await track.source.close().catch(() => undefined);
      }
      this.emit('end', track);
    }
    this.#current = undefined;
    this.#skip = false;
    // Five silence frames end the audio; speaking is cleared once they are out.
    if (this.#connection.canSend) {
      this.#sendSilence();
      while (this.#connection.queuedFrames > 0 && this.#connection.canSend && this.#status !== 'idle') {
        await this.#sleep();
      }
    }
    this.#connection.setSpeaking(false);
    this.#status = 'idle';
    this.#inFlight = [];
    this.#held = [];
    this.emit('idle');
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(this.#runError);
  }

  async #playTrack(track: Track): Promise<void> {
    const { source } = track;
    const encoder = new OpusStreamEncoder(track.options.bitrate);
    const iterator = source.batches();
    // Frames are prepared up to a full buffer before the first is sent, so a slow first encode
    // (the executor starting) does not make the stream start with an underrun.
    let pending: PacedFrame[] = [];
    // What the source read and the player has not taken yet (an Ogg file: a whole read chunk).
    let read: Buffer[] = [];
    let at = 0;
    try {
      let done = false;
      while (!done) {
        const batch: Buffer[] = [];
        while (batch.length < this.#batchFrames) {
          if (at < read.length) {
            batch.push(read[at++]!);
            continue;
          }
          const next = await iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          read = next.value;
          at = 0;
        }
        if (batch.length === 0) break;
        let frames: PacedFrame[];
        if (source.kind === 'opus') {
          frames = batch.map((payload) => ({ payload, samples: opusPacketSamples(payload) || 960 }));
        } else {
          const pcm = batch.map((frame) => (frame.length === PCM_FRAME_BYTES ? frame : Buffer.from(frame)));
          const packets = await encoder.encode(pcm, this.#volume);
          frames = packets.map((payload) => ({ payload, samples: 960 }));
        }
        pending.push(...frames);
        if (pending.length < this.#bufferFrames && !done && this.#connection.queuedFrames === 0) continue;
        if (!(await this.#waitForRoom())) return;
        this.#push(pending);
        pending = [];
      }
      if (pending.length && (await this.#waitForRoom())) this.#push(pending);
      // Let the track's frames leave before the next track or the silence.
      await this.#waitForRoom();
    } finally {
      encoder.close();
      await iterator.return?.(undefined);
    }
  }
}
