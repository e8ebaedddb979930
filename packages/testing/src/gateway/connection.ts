/**
 * One websocket connection of the fake gateway: transport (JSON or ETF encoding, compression, frame
 * order, frame delay),
 * the per-connection send limit (close 4008 past it), payload size and decoding checks (close 4002),
 * and heartbeats (answered with op 11 unless a test stopped the ACKs). What a payload means is the
 * gateway's business ({@link ConnectionHost.handlePayload}).
 */
import type { Clock } from '@kokoro/common';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import { createFrameEncoder } from './encoder.js';
import { decodeTerm, encodeTerm } from './etf.js';
import type { FrameEncoder, TransportCompression } from './frame-encoder.js';
import type { DispatchSink, FakeSession, SequencedDispatch } from './session.js';

/** The lifecycle of a fake gateway connection. */
export enum ConnectionState {
  /** Hello sent; waiting for Identify or Resume. */
  AwaitingIdentify = 'awaiting-identify',
  /** Identified or resumed: dispatches flow. */
  Ready = 'ready',
  /** The socket closed. */
  Closed = 'closed',
}

/** A payload the client sent, as decoded. */
export interface ClientPayload {
  /** The opcode. */
  op: number;
  /** The data. */
  d?: unknown;
  /** A sequence number (clients send none; kept as received). */
  s?: unknown;
  /** An event name (clients send none; kept as received). */
  t?: unknown;
}

/** What a connection asks of the gateway that owns it. */
export interface ConnectionHost {
  readonly clock: Clock;
  /** Milliseconds to hold every outbound frame (fault injection). */
  readonly frameDelay: number;
  readonly sendLimit: { count: number; window: number };
  handlePayload(connection: GatewayConnection, payload: ClientPayload): void;
  /** `byClient`: the client (or the network) ended it, not the fake. */
  connectionClosed(connection: GatewayConnection, code: number, byClient: boolean): void;
}

let nextConnectionId = 1;

let jsonOf = new WeakMap<object, string>();

/**
 * Start a fan-out: one world event about to reach many sessions. The JSON of its payload is made
 * once for all of them; a new fan-out forgets the last one's (the world may change an object it
 * dispatched and dispatch it again).
 */
export function beginFanout(): void {
  jsonOf = new WeakMap();
}

/** `JSON.stringify(d)`, made once per object within a fan-out. */
function dataJson(d: unknown): string {
  if (d === null || typeof d !== 'object') return JSON.stringify(d ?? null);
  let json = jsonOf.get(d);
  if (json === undefined) {
    json = JSON.stringify(d);
    jsonOf.set(d, json);
  }
  return json;
}

/** Whether a close frame may carry `code` (RFC 6455 section 7.4). */
function sendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}

/** One client connection. */
export class GatewayConnection implements DispatchSink {
  /** The connection's number (unique in the process), as `GatewayFilter.connectionId` selects it. */
  readonly id = nextConnectionId++;
  /** The transport compression the client asked for (`compress=`). */
  readonly compression: TransportCompression;
  /** Where the connection is in its life. */
  state = ConnectionState.AwaitingIdentify;
  /** Its session, once identified or resumed. */
  session: FakeSession | undefined;
  /** Whether heartbeats are answered with op 11. */
  acking = true;
  /** Heartbeats received on this connection. */
  heartbeats = 0;
  /** When the last heartbeat arrived (the connection's opening time before the first). */
  lastHeartbeatAt: number;
  /** The close code, once closed (1006 for a drop). */
  closeCode: number | undefined;
  readonly #ws: WebSocket;
  readonly #host: ConnectionHost;
  readonly #encoder: FrameEncoder;
  #tail: Promise<void> = Promise.resolve();
  #sendTimes: number[] = [];

  /** The payload encoding the client asked for. */
  readonly encoding: 'json' | 'etf';

  constructor(
    ws: WebSocket,
    compression: TransportCompression,
    host: ConnectionHost,
    encoding: 'json' | 'etf' = 'json',
  ) {
    this.#ws = ws;
    this.compression = compression;
    this.encoding = encoding;
    this.#host = host;
    this.#encoder = createFrameEncoder(compression);
    this.lastHeartbeatAt = host.clock.now();
    ws.on('message', (data: Buffer, isBinary) => this.#receive(data, isBinary));
    ws.on('close', (code) => this.#closed(code));
    ws.on('error', () => {});
  }

  /** Send one payload, after every payload sent before it. */
  send(payload: object): void {
    this.sendText(this.encoding === 'etf' ? encodeTerm(payload) : JSON.stringify(payload));
  }

  /** Send one encoded payload (JSON text, or ETF bytes), after every payload sent before it. */
  sendText(text: string | Buffer): void {
    if (this.state === ConnectionState.Closed) return;
    const queuedAt = this.#host.clock.now();
    const delay = this.#host.frameDelay;
    const encoded = this.#encoder.encode(text);
    this.#tail = this.#tail.then(async () => {
      const frame = await encoded;
      if (delay > 0) await this.#sleep(queuedAt + delay - this.#host.clock.now());
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(frame);
    });
  }

  /** Send raw bytes as one binary frame, after every frame sent before it (corrupt data faults). */
  sendRawFrame(frame: Buffer): void {
    if (this.state === ConnectionState.Closed) return;
    this.#tail = this.#tail.then(() => {
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(frame);
    });
  }

  /** Send a numbered dispatch (the session calls this while the connection is attached). */
  deliver(dispatch: SequencedDispatch): void {
    if (this.state !== ConnectionState.Ready) return;
    if (this.encoding === 'etf') {
      this.sendText(encodeTerm({ op: GatewayOpcodes.Dispatch, t: dispatch.t, s: dispatch.s, d: dispatch.d }));
      return;
    }
    // One event often goes to many sessions with the same `d`: serialize it once.
    this.sendText(
      `{"op":${GatewayOpcodes.Dispatch},"t":${JSON.stringify(dispatch.t)},"s":${dispatch.s},"d":${dataJson(dispatch.d)}}`,
    );
  }

  /**
   * Close with a close frame, after the frames already queued. A code that cannot travel in a close
   * frame (1005, 1006, 1015...) drops the connection instead, which is what the client sees for it.
   */
  close(code: number, reason = ''): void {
    if (this.state === ConnectionState.Closed) return;
    if (!sendableCloseCode(code)) {
      this.drop();
      return;
    }
    this.state = ConnectionState.Closed;
    this.closeCode = code;
    void this.#tail.then(() => this.#ws.close(code, reason));
  }

  /**
   * Close with `code` once no heartbeat arrived for `timeout` ms (checked on the host's clock);
   * `stopped()` ends the watch (the gateway shut down).
   */
  closeWhenSilent(timeout: number, code: number, stopped: () => boolean): void {
    const clock = this.#host.clock;
    const check = () => {
      if (this.state === ConnectionState.Closed || stopped()) return;
      const silent = clock.now() - this.lastHeartbeatAt;
      if (silent < timeout) {
        clock.setTimeout(check, timeout - silent);
        return;
      }
      this.close(code, 'Heartbeat timed out.');
    };
    clock.setTimeout(check, timeout);
  }

  /** Drop the TCP connection without a close frame. */
  drop(): void {
    if (this.state === ConnectionState.Closed) return;
    this.state = ConnectionState.Closed;
    this.closeCode = 1006;
    this.#ws.terminate();
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#host.clock.setTimeout(resolve, ms));
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (this.state === ConnectionState.Closed) return;
    if (data.length > 4096) {
      this.close(GatewayCloseCodes.DecodeError, 'Payload over 4096 bytes.');
      return;
    }
    const { count, window } = this.#host.sendLimit;
    const now = this.#host.clock.now();
    this.#sendTimes.push(now);
    while (this.#sendTimes.length > 0 && this.#sendTimes[0]! <= now - window) this.#sendTimes.shift();
    if (this.#sendTimes.length > count) {
      this.close(GatewayCloseCodes.RateLimited, 'You are being rate limited.');
      return;
    }
    let payload: ClientPayload;
    try {
      if (this.encoding === 'etf') {
        if (!isBinary) throw new Error('ETF comes in binary frames');
        payload = decodeTerm(data) as ClientPayload;
      } else payload = JSON.parse(isBinary ? data.toString('utf8') : data.toString()) as ClientPayload;
    } catch {
      this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (payload === null || typeof payload !== 'object' || typeof payload.op !== 'number') {
      this.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (payload.op === GatewayOpcodes.Heartbeat) {
      this.heartbeats++;
      this.lastHeartbeatAt = this.#host.clock.now();
      if (this.acking) this.send({ op: GatewayOpcodes.HeartbeatAck });
    }
    this.#host.handlePayload(this, payload);
  }

  #closed(code: number): void {
    const byClient = this.state !== ConnectionState.Closed;
    this.state = ConnectionState.Closed;
    this.closeCode ??= code;
    this.#encoder.close();
    this.#host.connectionClosed(this, this.closeCode, byClient);
  }
}
