/**
 * One voice gateway websocket (v8). Text frames are JSON `{op, d, seq?}`; DAVE's MLS messages
 * travel as binary frames, `[u16 seq][u8 op][payload]` from the server and `[u8 op][payload]` from
 * the client. The last `seq` seen is acknowledged in every heartbeat (`{t, seq_ack}`) and sent in
 * a resume, so the server can replay what this connection missed. A heartbeat that goes unacked
 * until the next one is due marks the socket dead: it is closed with 4000 and the connection
 * resumes on a new socket. One instance per socket; the connection makes a new one to resume.
 */
import type { Clock, Logger, TimerHandle } from '@kokoro/common';
import { VoiceOpcodes } from 'discord-api-types/voice/v8';
import WebSocket from 'ws';

/** Close code used when the socket is judged dead (missed heartbeat ACK); resumable. */
export const ZOMBIE_CLOSE = 4000;

/** Callbacks of a {@link VoiceGateway}. */
export interface VoiceGatewayHandlers {
  open(): void;
  payload(op: number, d: unknown): void;
  binary(op: number, payload: Buffer): void;
  close(code: number, reason: string): void;
}

/** Options of a {@link VoiceGateway}. */
export interface VoiceGatewayOptions {
  /** `wss://endpoint/?v=8` */
  url: string;
  /** The clock of heartbeats and timeouts. */
  clock: Clock;
  /** The sequence to acknowledge from (the previous socket's, when resuming). */
  sequence?: number;
  /** Where the voice gateway logs. */
  logger?: Logger | undefined;
  /** What to do with each message from the voice server. */
  handlers: VoiceGatewayHandlers;
}

/** One voice gateway socket. */
export class VoiceGateway {
  /** The last `seq` received; -1 before any. */
  sequence: number;
  /** Round trip of the last acknowledged heartbeat, in ms. */
  ping: number | undefined;
  readonly #options: VoiceGatewayOptions;
  readonly #socket: WebSocket;
  #heartbeat: TimerHandle | undefined;
  #interval = 0;
  #awaitingAck: number | undefined;
  #closed = false;

  constructor(options: VoiceGatewayOptions) {
    this.#options = options;
    this.sequence = options.sequence ?? -1;
    this.#socket = new WebSocket(options.url, { perMessageDeflate: false });
    this.#socket.binaryType = 'nodebuffer';
    this.#socket.on('open', () => options.handlers.open());
    this.#socket.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.#socket.on('close', (code, reason) => this.#onClose(code, reason.toString()));
    this.#socket.on('error', (error) => {
      options.logger?.debug({ err: error.message }, 'voice gateway socket error');
    });
  }

  /** Whether the socket is open. */
  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Send a JSON payload; ignored when the socket is not open. */
  send(op: number, d: unknown): void {
    if (!this.open) return;
    this.#socket.send(JSON.stringify({ op, d }));
  }

  /** Send a binary DAVE message (`[u8 op][payload]`). */
  sendBinary(op: number, payload: Buffer): void {
    if (!this.open) return;
    const frame = Buffer.allocUnsafe(payload.length + 1);
    frame[0] = op;
    payload.copy(frame, 1);
    this.#socket.send(frame);
  }

  /** Close the socket (idempotent). */
  close(code = 1000, reason = ''): void {
    this.#stopHeartbeat();
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    if (this.#socket.readyState === WebSocket.CONNECTING) this.#socket.terminate();
    else this.#socket.close(code, reason);
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      if (data.length < 3) return;
      this.sequence = data.readUInt16BE(0);
      this.#options.handlers.binary(data[2]!, data.subarray(3));
      return;
    }
    let message: { op: number; d: unknown; seq?: number };
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.close(4002, 'undecodable payload');
      return;
    }
    if (typeof message.seq === 'number') this.sequence = message.seq;
    if (message.op === VoiceOpcodes.Hello) {
      this.#startHeartbeat((message.d as { heartbeat_interval: number }).heartbeat_interval);
    } else if (message.op === VoiceOpcodes.HeartbeatAck) {
      if (this.#awaitingAck !== undefined) this.ping = this.#options.clock.now() - this.#awaitingAck;
      this.#awaitingAck = undefined;
    }
    this.#options.handlers.payload(message.op, message.d);
  }

  #startHeartbeat(interval: number): void {
    this.#stopHeartbeat();
    this.#interval = Math.max(1, interval);
    this.#awaitingAck = undefined;
    this.#heartbeat = this.#options.clock.setTimeout(this.#beat, this.#interval);
  }

  #beat = (): void => {
    if (this.#closed) return;
    if (this.#awaitingAck !== undefined) {
      this.#options.logger?.debug('voice heartbeat not acknowledged; resuming on a new socket');
      this.close(ZOMBIE_CLOSE, 'heartbeat not acknowledged');
      // The close frame may never be answered by a dead peer: report the close now.
      this.#onClose(ZOMBIE_CLOSE, 'heartbeat not acknowledged');
      this.#socket.terminate();
      return;
    }
    const now = this.#options.clock.now();
    this.#awaitingAck = now;
    this.send(VoiceOpcodes.Heartbeat, { t: now, seq_ack: this.sequence });
    this.#heartbeat = this.#options.clock.setTimeout(this.#beat, this.#interval);
  };

  #stopHeartbeat(): void {
    this.#options.clock.clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    this.#options.handlers.close(code, reason);
  }
}
