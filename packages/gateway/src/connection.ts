/**
 * One websocket connection of a shard: opens the socket, inflates and parses what arrives, sends
 * text. It knows nothing of sessions or heartbeats; the shard makes a new one per attempt and
 * ignores events from connections it has left behind.
 *
 * ws does the handshake, the sending and the closing; once open, the socket's chunks go through
 * frames.ts, which hands the usual frames (final, unmasked data frames) straight to the inflater as
 * ranges of the chunk and every other frame to ws's receiver, in order. This relies on two things
 * of ws 8 that are not its public API: `_socket`, and that ws reads the socket through one 'data'
 * listener. When either is not as expected, ws reads everything as before. The replacement
 * listener carries ws's own as its `listener` (as `once` wrappers do), so when ws removes its
 * listener (a close frame received, a protocol error, the socket closed), it removes this one.
 */
import type { Socket } from 'node:net';
import { DEFAULT_USER_AGENT } from '@kokoro/common';
import type { GatewayReceivePayload } from 'discord-api-types/v10';
import WebSocket from 'ws';
import { decodeEtf } from './etf.js';
import { FrameReader, MAX_PAYLOAD } from './frames.js';
import { createInflater, type GatewayCompression, type Inflater, type ZlibStrategy } from './inflate.js';
import { type Envelope, type RawData, type RawDispatch, readEnvelope, splitDispatch } from './raw-dispatch.js';

const NO_BYTES = new Uint8Array(0);

/** What a connection reports to its shard. */
export interface ConnectionHandlers {
  onOpen(): void;
  /** Every websocket message, before decoding: proof the connection is alive. */
  onFrame(): void;
  /** A decoded payload; `raw` is the JSON text of a dispatch's `d` when it was read (raw-dispatch.ts). */
  onPayload(payload: GatewayReceivePayload, raw?: string): void;
  /**
   * A JSON dispatch before it is parsed (raw-dispatch.ts); `true` when it was taken whole (it is then
   * not parsed nor given to `onPayload`).
   */
  onRawDispatch?(dispatch: RawDispatch): boolean;
  /** The socket closed; 1006 when it dropped without a close frame. */
  onClose(code: number, reason: string): void;
  /** A decoding error; the connection is being dropped. */
  onError(error: Error): void;
}

/** The payload encoding of a connection: JSON text, or ETF (etf.ts) binary frames. */
export type GatewayEncoding = 'json' | 'etf';

/** The gateway URL with version, encoding and compression parameters. */
export function gatewayUrl(base: string, compression: GatewayCompression, encoding: GatewayEncoding = 'json'): string {
  const url = new URL(base);
  url.searchParams.set('v', '10');
  url.searchParams.set('encoding', encoding);
  if (compression !== 'none') url.searchParams.set('compress', compression);
  else url.searchParams.delete('compress');
  return url.toString();
}

/** A live websocket to the gateway. */
export class GatewayConnection {
  readonly url: string;
  readonly #ws: WebSocket;
  readonly #inflater: Inflater;
  readonly #handlers: ConnectionHandlers;
  #closed = false;
  /** A decoding error dropped the connection: what still arrives is ignored. */
  #failed = false;
  #lastError = '';
  #reader: FrameReader | undefined;

  readonly #etf: boolean;

  constructor(
    url: string,
    compression: GatewayCompression,
    handlers: ConnectionHandlers,
    zlib?: ZlibStrategy,
    encoding: GatewayEncoding = 'json',
    userAgent: string = DEFAULT_USER_AGENT,
    /** Read frames with frames.ts (the default); `false`: ws reads every frame. */
    frameReader = true,
  ) {
    this.url = url;
    this.#etf = encoding === 'etf';
    this.#handlers = handlers;
    this.#inflater = createInflater(compression, { ...(zlib ? { zlib } : {}), onError: (error) => this.#fail(error) });
    this.#ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      // Frames handed to ws's receiver must come out in order with those read by frames.ts.
      allowSynchronousEvents: true,
      maxPayload: MAX_PAYLOAD,
      headers: { 'User-Agent': userAgent },
    });
    this.#ws.binaryType = 'nodebuffer';
    this.#ws.on('open', () => {
      // ws emits 'open' right after it starts reading the socket, before any chunk is delivered.
      if (frameReader) this.#readFrames();
      handlers.onOpen();
    });
    this.#ws.on('message', this.#onMessage);
    this.#ws.on('close', (code, reason) => this.#onClose(code, reason.toString()));
    this.#ws.on('error', (error) => {
      // 'close' follows every 'error'; the close code tells the shard what to do, and the error
      // (a refused connection, an HTTP answer to the upgrade) says why when no close frame does.
      this.#lastError = error.message;
    });
  }

  // The byte path's envelope and dispatch, reused for every payload (a hook reads them during its call only).
  readonly #envelope: Envelope = { t: '', s: null, start: 0 };
  readonly #rawBytes: { bytes: Uint8Array; start: number; end: number } = { bytes: NO_BYTES, start: 0, end: 0 };
  readonly #rawDispatch: { t: string; s: number | null; data: RawData } = { t: '', s: null, data: this.#rawBytes };

  /** A payload's bytes from the inflater (`output[0, length)`): a copy is offered before any decoding. */
  readonly #onOutput = (output: Buffer, length: number): void => {
    const handlers = this.#handlers;
    const envelope = this.#envelope;
    if (!handlers.onRawDispatch || !readEnvelope(output, length, envelope)) {
      handlers.onPayload(JSON.parse(output.toString('utf8', 0, length)) as GatewayReceivePayload);
      return;
    }
    const bytes = this.#rawBytes;
    bytes.bytes = output;
    bytes.start = envelope.start;
    bytes.end = length - 1;
    const dispatch = this.#rawDispatch;
    dispatch.t = envelope.t;
    dispatch.s = envelope.s;
    const taken = handlers.onRawDispatch(dispatch);
    bytes.bytes = NO_BYTES;
    if (taken) return;
    const text = output.toString('utf8', 0, length);
    // The envelope is ASCII: its byte length is its length in the text.
    handlers.onPayload(JSON.parse(text) as GatewayReceivePayload, text.slice(envelope.start, text.length - 1));
  };

  readonly #onText = (text: string): void => {
    const handlers = this.#handlers;
    const dispatch = handlers.onRawDispatch ? splitDispatch(text) : undefined;
    if (dispatch) {
      if (handlers.onRawDispatch?.(dispatch)) return;
      handlers.onPayload(JSON.parse(text) as GatewayReceivePayload, dispatch.data);
      return;
    }
    handlers.onPayload(JSON.parse(text) as GatewayReceivePayload);
  };

  readonly #onBytes = (bytes: Buffer): void => {
    this.#handlers.onPayload(decodeEtf(bytes) as GatewayReceivePayload);
  };

  readonly #onMessage = (data: Buffer): void => {
    if (this.#closed || this.#failed) return;
    this.#handlers.onFrame();
    try {
      if (this.#etf) this.#inflater.pushBytes(data, this.#onBytes);
      else this.#inflater.push(data, this.#onText);
    } catch (error) {
      this.#fail(error as Error);
    }
  };

  /** A data frame read by frames.ts: the message is `buffer[start, end)`. */
  readonly #onRange = (buffer: Buffer, start: number, end: number): void => {
    if (this.#closed || this.#failed) return;
    const inflater = this.#inflater;
    if (this.#etf || !inflater.pushRange) {
      this.#onMessage(buffer.subarray(start, end));
      return;
    }
    this.#handlers.onFrame();
    try {
      if (inflater.pushRangeBytes && this.#handlers.onRawDispatch)
        inflater.pushRangeBytes(buffer, start, end, this.#onOutput);
      else inflater.pushRange(buffer, start, end, this.#onText);
    } catch (error) {
      this.#fail(error as Error);
    }
  };

  /** Put frames.ts in front of ws's receiver (see the module comment); leaves ws alone if it looks different. */
  #readFrames(): void {
    const socket = (this.#ws as unknown as { _socket?: Socket })._socket;
    const listeners = socket?.rawListeners('data');
    if (!socket || listeners?.length !== 1 || typeof listeners[0] !== 'function') return;
    const wsOnData = listeners[0] as (this: Socket, chunk: Buffer) => void;
    const onData = (chunk: Buffer): void => reader.push(chunk);
    const reader = new FrameReader({
      data: this.#onRange,
      other: (bytes) => {
        wsOnData.call(socket, bytes);
        // ws pauses the socket when its receiver's buffer is over its mark; it read the frame
        // synchronously all the same, and bytes left in a paused socket would reach ws's receiver
        // on close without the part of a frame held here. Keep reading.
        if (socket.isPaused()) socket.resume();
        return socket.rawListeners('data').includes(onData);
      },
    });
    // ws's `socket.removeListener('data', itsListener)` removes this one (EventEmitter matches `.listener`).
    (onData as { listener?: unknown }).listener = wsOnData;
    socket.removeListener('data', wsOnData);
    socket.on('data', onData);
    this.#reader = reader;
  }

  /** Whether the socket is open for sending. */
  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Send one encoded payload: JSON text, or ETF bytes (the shard checked size and rate). */
  send(data: string | Buffer): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(data);
  }

  /** Close with a close frame (1000/1001 end the session on Discord's side; others keep it). */
  close(code: number, reason = ''): void {
    if (this.#ws.readyState === WebSocket.CONNECTING || this.#ws.readyState === WebSocket.OPEN) {
      try {
        this.#ws.close(code, reason);
      } catch {
        this.#ws.terminate();
      }
    }
  }

  /** Drop the socket at once, without the closing handshake (zombie connections, timeouts). */
  terminate(): void {
    this.#ws.terminate();
  }

  #fail(error: Error): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    this.#reader?.stop();
    this.#handlers.onError(error);
    this.#ws.terminate();
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#inflater.close();
    this.#handlers.onClose(code, reason || this.#lastError);
  }
}
