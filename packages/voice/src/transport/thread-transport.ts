/**
 * A voice transport whose socket lives in the voice thread (voice-thread.ts). One voice thread
 * serves every connection of this thread; it starts with the first connection and is unref'ed, so
 * it never keeps a process alive by itself.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { VoiceError } from '../errors.js';
import type { PacedFrame, PacerStats } from './pacer.js';
import type { FromVoiceThread, ToVoiceThread } from './thread-protocol.js';
import type { TransportEvents, TransportSession, VoiceTransport } from './transport.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class VoiceThread {
  readonly worker: Worker;
  readonly transports = new Map<number, ThreadTransport>();
  nextId = 1;
  /** Messages queued this turn: posted together in one message at the end of the turn. */
  #outbox: ToVoiceThread[] = [];

  constructor() {
    this.worker = new Worker(new URL('./voice-thread.js', import.meta.url));
    this.worker.on('message', (message: FromVoiceThread) => {
      if (message.t === 'sentMany') {
        for (let i = 0; i < message.ids.length; i++)
          this.transports.get(message.ids[i]!)?.receive({ t: 'sent', id: message.ids[i]!, count: message.counts[i]! });
      } else this.transports.get(message.id)?.receive(message);
    });
    this.worker.on('error', (error) => {
      for (const transport of this.transports.values()) transport.fail(error);
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    this.worker.unref();
  }

  /**
   * Queue a message for the voice thread. Everything queued in one turn of the event loop (every
   * connection's frames after a send report, say) crosses in one message, once the turn is over.
   */
  post(message: ToVoiceThread): void {
    this.#outbox.push(message);
    if (this.#outbox.length === 1) setImmediate(this.#flush);
  }

  #flush = (): void => {
    const messages = this.#outbox;
    this.#outbox = [];
    // Every frame of this turn crosses in one transferred buffer: one copy here, none in the
    // clone (the payloads become views of it), instead of a buffer cloned per frame.
    let bytes = 0;
    for (const message of messages) {
      if (message.t === 'push') for (const payload of message.payloads) bytes += payload.byteLength;
    }
    const transfer: ArrayBuffer[] = [];
    if (bytes > 0) {
      const data = new ArrayBuffer(bytes);
      const target = new Uint8Array(data);
      let at = 0;
      for (const message of messages) {
        if (message.t !== 'push') continue;
        const { payloads } = message;
        for (let i = 0; i < payloads.length; i++) {
          const payload = payloads[i]!;
          target.set(payload, at);
          payloads[i] = new Uint8Array(data, at, payload.byteLength);
          at += payload.byteLength;
        }
      }
      transfer.push(data);
    }
    if (messages.length === 1) this.worker.postMessage(messages[0], transfer);
    else if (messages.length > 1) this.worker.postMessage({ t: 'many', id: 0, messages }, transfer);
  };
}

let thread: VoiceThread | undefined;

/** Options of a {@link ThreadTransport}. */
export interface ThreadTransportOptions {
  /** The voice server's UDP address (op 2 Ready). */
  host: string;
  /** The voice server's UDP port. */
  port: number;
  /** Seed for the RTP sequence and timestamp start. */
  random?: () => number;
  /** How long IP discovery may take (default 5000 ms). */
  discoveryTimeout?: number;
}

/** A voice connection's UDP side, run in the voice thread. */
export class ThreadTransport implements VoiceTransport {
  readonly #id: number;
  readonly #thread: VoiceThread;
  readonly #events = new EventEmitter();
  readonly #pending = new Map<number, Pending>();
  #request = 0;
  #closed = false;

  constructor(options: ThreadTransportOptions) {
    thread ??= new VoiceThread();
    this.#thread = thread;
    this.#id = thread.nextId++;
    thread.transports.set(this.#id, this);
    thread.post({
      t: 'open',
      id: this.#id,
      host: options.host,
      port: options.port,
      random: Math.floor((options.random ?? Math.random)() * 2147483647),
      discoveryTimeout: options.discoveryTimeout ?? 5000,
    });
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.#events.on(event, listener);
  }

  async discover(ssrc: number): Promise<{ address: string; port: number }> {
    return (await this.#ask({ t: 'discover', id: this.#id, ssrc, request: 0 })) as { address: string; port: number };
  }

  configure(session: TransportSession): void {
    this.#thread.post({
      t: 'configure',
      id: this.#id,
      ssrc: session.ssrc,
      mode: session.mode,
      secretKey: [...session.secretKey],
    });
  }

  push(frames: readonly PacedFrame[]): void {
    if (this.#closed || frames.length === 0) return;
    const payloads: Uint8Array[] = new Array(frames.length);
    const samples: number[] = new Array(frames.length);
    for (let i = 0; i < frames.length; i++) {
      payloads[i] = frames[i]!.payload;
      samples[i] = frames[i]!.samples;
    }
    this.#thread.post({ t: 'push', id: this.#id, payloads, samples });
  }

  async flush(): Promise<PacedFrame[]> {
    if (this.#closed) return [];
    const frames = (await this.#ask({ t: 'flush', id: this.#id, request: 0 })) as {
      payload: Uint8Array;
      samples: number;
    }[];
    return frames.map((frame) => ({
      payload: Buffer.from(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength),
      samples: frame.samples,
    }));
  }

  async stats(): Promise<PacerStats> {
    if (this.#closed) return { sent: 0, late: 0, resyncs: 0, maxLateMs: 0 };
    return (await this.#ask({ t: 'stats', id: this.#id, request: 0 })) as PacerStats;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#thread.post({ t: 'close', id: this.#id });
    this.#thread.transports.delete(this.#id);
    this.fail(new VoiceError('the voice transport was closed'));
  }

  /** A message from the voice thread for this transport. */
  receive(message: FromVoiceThread): void {
    switch (message.t) {
      case 'reply': {
        const pending = this.#pending.get(message.request);
        this.#pending.delete(message.request);
        if (message.error !== undefined) pending?.reject(new VoiceError(message.error));
        else pending?.resolve(message.value);
        return;
      }
      case 'sent':
        this.#events.emit('sent', message.count);
        return;
      case 'drained':
        this.#events.emit('drained');
        return;
      case 'packet':
        this.#events.emit('packet', {
          ssrc: message.ssrc,
          sequence: message.sequence,
          timestamp: message.timestamp,
          payload: Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength),
        });
        return;
      case 'error':
        this.#events.emit('error', new VoiceError(`voice UDP socket: ${message.message}`));
        return;
    }
  }

  /** Reject what waits on the thread. */
  fail(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #ask(message: Extract<ToVoiceThread, { request: number }>): Promise<unknown> {
    if (this.#closed) return Promise.reject(new VoiceError('the voice transport was closed'));
    const request = ++this.#request;
    return new Promise((resolve, reject) => {
      this.#pending.set(request, { resolve, reject });
      this.#thread.post({ ...message, request });
    });
  }
}
