/**
 * One bot's voice session on the fake voice server: what survives a dropped websocket (so that
 * Resume works) — its ssrc, transport key and mode, UDP address, the sequence numbers of the
 * messages it was sent and those it has not acknowledged — and the websocket it currently speaks
 * on. Voice gateway v8 numbers every server message after Hello: JSON messages carry `seq`, binary
 * ones start with it as a big-endian u16; the client acknowledges with the heartbeat's `seq_ack`,
 * and a Resume replays what was sent after its `seq_ack`.
 */
import type { WebSocket } from 'ws';
import type { DaveParticipant } from './dave-group.js';
import type { VoiceEncryptionMode } from './transport.js';

/** How many unacknowledged messages a session keeps for Resume. */
const BUFFER_LIMIT = 1000;

/** A bot's session on the fake voice server. */
export class VoiceSession implements DaveParticipant {
  /** The guild of the call. */
  readonly guildId: string;
  /** The voice channel. */
  readonly channelId: string;
  /** The bot's user id. */
  readonly userId: string;
  /** The voice session id from the bot's voice state. */
  readonly sessionId: string;
  /** The voice token VOICE_SERVER_UPDATE gave the bot. */
  readonly token: string;
  /** The SSRC assigned in op 2 Ready. */
  readonly ssrc: number;
  /** The port of the endpoint (voice server) the session is on: its websocket's and its UDP's. */
  readonly port: number;
  /** The DAVE protocol version the client offered (`max_dave_protocol_version`). */
  readonly maxDaveVersion: number;
  /** The current voice websocket (undefined between a drop and a resume). */
  ws: WebSocket | undefined;
  /** The transport mode selected (op 1). */
  mode: VoiceEncryptionMode | undefined;
  /** The transport key sent in op 4. */
  secretKey: Buffer | undefined;
  /** The bot's UDP address, learned from IP discovery. */
  udp: { address: string; port: number } | undefined;
  /** Whether select protocol completed (the session is in its call). */
  joined = false;
  /** Whether it said it is speaking (op 5). */
  speaking = 0;
  /** The transport nonce counter of packets the server sends it. */
  counter = 0;
  /** UDP packets from it the server is to drop (a fault). */
  dropUdp = 0;
  /** Heartbeats received. */
  heartbeats = 0;
  /** Resumes accepted. */
  resumes = 0;
  #seq = 0;
  #buffer: { seq: number; data: string | Buffer }[] = [];

  constructor(init: {
    guildId: string;
    channelId: string;
    userId: string;
    sessionId: string;
    token: string;
    ssrc: number;
    port: number;
    maxDaveVersion: number;
  }) {
    this.guildId = init.guildId;
    this.channelId = init.channelId;
    this.userId = init.userId;
    this.sessionId = init.sessionId;
    this.token = init.token;
    this.ssrc = init.ssrc;
    this.port = init.port;
    this.maxDaveVersion = init.maxDaveVersion;
  }

  /** The last sequence number sent. */
  get seq(): number {
    return this.#seq;
  }

  /** Send a JSON message with a sequence number (kept until acknowledged). */
  send(op: number, d: unknown): void {
    const seq = ++this.#seq;
    this.#keep(seq, JSON.stringify({ op, d, seq }));
  }

  /** Send a binary message: `seq` (u16), `op` (u8), payload. */
  sendBinary(op: number, payload: Buffer): void {
    const seq = ++this.#seq;
    const head = Buffer.alloc(3);
    head.writeUInt16BE(seq & 0xffff, 0);
    head[2] = op;
    this.#keep(seq, Buffer.concat([head, payload]));
  }

  /** Send a message outside the sequence (Hello, Heartbeat ACK). */
  sendUnsequenced(op: number, d: unknown): void {
    if (this.ws?.readyState === 1) this.ws.send(JSON.stringify({ op, d }));
  }

  /** The client acknowledged everything up to `seqAck`. */
  acknowledge(seqAck: unknown): void {
    if (typeof seqAck !== 'number') return;
    this.#buffer = this.#buffer.filter((m) => !this.#acked(m.seq, seqAck));
  }

  /** Replay to the current websocket what was sent after `seqAck`. */
  replay(seqAck: unknown): number {
    const ack = typeof seqAck === 'number' ? seqAck : -1;
    const missed = this.#buffer.filter((m) => !this.#acked(m.seq, ack));
    for (const m of missed) this.ws?.send(m.data);
    return missed.length;
  }

  #acked(seq: number, ack: number): boolean {
    return ack >= 0 && seq <= ack;
  }

  #keep(seq: number, data: string | Buffer): void {
    this.#buffer.push({ seq, data });
    if (this.#buffer.length > BUFFER_LIMIT) this.#buffer.shift();
    if (this.ws?.readyState === 1) this.ws.send(data);
  }
}
