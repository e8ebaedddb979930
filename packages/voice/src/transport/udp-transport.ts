/**
 * A voice transport on the calling thread (see transport.ts). The RTP sequence, timestamp and the
 * nonce counter belong to the socket: they keep counting across tracks, pauses and resumes, as
 * Discord expects from one SSRC.
 */
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { Clock, Random } from '@kokoro/common';
import { VoiceError } from '../errors.js';
import { buildIpDiscoveryRequest, parseIpDiscoveryResponse } from '../protocol/ip-discovery.js';
import { parseRtpHeader, RTP_HEADER_SIZE, writeRtpHeader } from '../protocol/rtp.js';
import { TransportCipher } from '../protocol/transport-crypto.js';
import { type PacedFrame, Pacer, type PacerStats } from './pacer.js';
import type { ReceivedPacket, TransportEvents, TransportSession, VoiceTransport } from './transport.js';

/** Options of a {@link UdpTransport}. */
export interface UdpTransportOptions {
  /** The voice server's UDP address and port (op 2 Ready). */
  host: string;
  /** The voice server's UDP port. */
  port: number;
  /** The pacing clock (tests: `ManualClock`). */
  clock: Clock;
  /** Seed for the RTP sequence and timestamp start. */
  random?: Random;
  /** How long IP discovery may take (default 5000 ms). */
  discoveryTimeout?: number;
  /** Called after each frame with its lateness in ms (benchmarks). */
  onLateness?(ms: number): void;
  /** Start every pacing schedule on this grid of the clock, in ms (see `PacerOptions.gridMs`). */
  gridMs?: number;
}

/** One UDP socket of a voice connection, on this thread. */
export class UdpTransport implements VoiceTransport {
  readonly #options: UdpTransportOptions;
  readonly #socket: Socket;
  readonly #events = new EventEmitter();
  readonly #pacer: Pacer;
  readonly #header = Buffer.alloc(RTP_HEADER_SIZE);
  #cipher: TransportCipher | undefined;
  #ssrc = 0;
  #sequence: number;
  #timestamp: number;
  #nonce = 0;
  #closed = false;
  /** Resolves once the socket is connected to the voice server (sends then need no address). */
  readonly #connected: Promise<void>;
  #isConnected = false;

  constructor(options: UdpTransportOptions) {
    this.#options = options;
    const random = options.random ?? Math.random;
    this.#sequence = Math.floor(random() * 0x10000);
    this.#timestamp = Math.floor(random() * 0x100000000);
    this.#socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
    this.#socket.on('error', (error) => this.#events.emit('error', error));
    this.#socket.on('message', (message) => this.#receive(message));
    // A connected socket sends without resolving the address and routing each datagram, and
    // only hears from the voice server.
    this.#connected = new Promise<void>((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.connect(options.port, options.host, () => {
        this.#socket.off('error', reject);
        this.#isConnected = true;
        resolve();
      });
    });
    this.#connected.catch(() => undefined);
    this.#pacer = new Pacer({
      clock: options.clock,
      send: (frame) => this.#send(frame),
      onSent: (count) => this.#events.emit('sent', count),
      onDrained: () => this.#events.emit('drained'),
      onResync: (ms) => {
        this.#timestamp = (this.#timestamp + Math.round(ms * 48)) >>> 0;
      },
      ...(options.onLateness ? { onLateness: options.onLateness } : {}),
      ...(options.gridMs ? { gridMs: options.gridMs } : {}),
    });
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.#events.on(event, listener);
  }

  async discover(ssrc: number): Promise<{ address: string; port: number }> {
    this.#ssrc = ssrc;
    try {
      await this.#connected;
    } catch (error) {
      throw new VoiceError(
        `UDP socket could not reach ${this.#options.host}:${this.#options.port}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const { clock } = this.#options;
    const timeout = this.#options.discoveryTimeout ?? 5000;
    return new Promise((resolve, reject) => {
      const onMessage = (message: Buffer) => {
        const answer = parseIpDiscoveryResponse(message);
        if (!answer) return;
        cleanup();
        resolve({ address: answer.address, port: answer.port });
      };
      const timer = clock.setTimeout(() => {
        cleanup();
        reject(
          new VoiceError(
            `UDP IP discovery got no answer from ${this.#options.host}:${this.#options.port} in ${timeout} ms`,
          ),
        );
      }, timeout);
      const cleanup = () => {
        clock.clearTimeout(timer);
        this.#socket.off('message', onMessage);
      };
      this.#socket.on('message', onMessage);
      this.#socket.send(buildIpDiscoveryRequest(ssrc), (error) => {
        if (error) {
          cleanup();
          reject(new VoiceError(`UDP IP discovery could not send: ${error.message}`, { cause: error }));
        }
      });
    });
  }

  configure(session: TransportSession): void {
    this.#ssrc = session.ssrc;
    this.#cipher = new TransportCipher(session.mode, session.secretKey);
  }

  push(frames: readonly PacedFrame[]): void {
    if (this.#closed) return;
    this.#pacer.push(frames);
  }

  async flush(): Promise<PacedFrame[]> {
    return this.#pacer.flush();
  }

  async stats(): Promise<PacerStats> {
    return { ...this.#pacer.stats };
  }

  /** Frames waiting in the pacer. */
  get queued(): number {
    return this.#pacer.queued;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pacer.close();
    this.#socket.close();
  }

  #send(frame: PacedFrame): boolean {
    const cipher = this.#cipher;
    if (!cipher || this.#closed) return false;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + frame.samples) >>> 0;
    writeRtpHeader(this.#header, 0, this.#sequence, this.#timestamp, this.#ssrc);
    this.#nonce = (this.#nonce + 1) >>> 0;
    const packet = cipher.seal(this.#header, frame.payload, this.#nonce);
    if (this.#isConnected) this.#socket.send(packet);
    else this.#socket.send(packet, this.#options.port, this.#options.host);
    return true;
  }

  #receive(message: Buffer): void {
    const cipher = this.#cipher;
    if (!cipher) return;
    const header = parseRtpHeader(message);
    if (!header || header.ssrc === this.#ssrc) return;
    const plain = cipher.open(message, header.clearSize);
    if (!plain || plain.length < header.extensionSize) return;
    const packet: ReceivedPacket = {
      ssrc: header.ssrc,
      sequence: header.sequence,
      timestamp: header.timestamp,
      payload: plain.subarray(header.extensionSize),
    };
    this.#events.emit('packet', packet);
  }
}
