/**
 * One websocket connection of a shard: opens the socket, inflates and parses what arrives, sends
 * text. It knows nothing of sessions or heartbeats; the shard makes a new one per attempt and
 * ignores events from connections it has left behind.
 */
import { DEFAULT_USER_AGENT } from '@kokoro/common';
import type { GatewayReceivePayload } from 'discord-api-types/v10';
import WebSocket from 'ws';
import { decodeEtf } from './etf.js';
import { createInflater, type GatewayCompression, type Inflater, type ZlibStrategy } from './inflate.js';
import { type RawDispatch, splitDispatch } from './raw-dispatch.js';

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
  #lastError = '';

  readonly #etf: boolean;

  constructor(
    url: string,
    compression: GatewayCompression,
    handlers: ConnectionHandlers,
    zlib?: ZlibStrategy,
    encoding: GatewayEncoding = 'json',
    userAgent: string = DEFAULT_USER_AGENT,
  ) {
    this.url = url;
    this.#etf = encoding === 'etf';
    this.#handlers = handlers;
    this.#inflater = createInflater(compression, { ...(zlib ? { zlib } : {}), onError: (error) => this.#fail(error) });
    this.#ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      headers: { 'User-Agent': userAgent },
    });
    this.#ws.binaryType = 'nodebuffer';
    this.#ws.on('open', () => handlers.onOpen());
    this.#ws.on('message', this.#onMessage);
    this.#ws.on('close', (code, reason) => this.#onClose(code, reason.toString()));
    this.#ws.on('error', (error) => {
      // 'close' follows every 'error'; the close code tells the shard what to do, and the error
      // (a refused connection, an HTTP answer to the upgrade) says why when no close frame does.
      this.#lastError = error.message;
    });
  }

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
    if (this.#closed) return;
    this.#handlers.onFrame();
    try {
      if (this.#etf) this.#inflater.pushBytes(data, this.#onBytes);
      else this.#inflater.push(data, this.#onText);
    } catch (error) {
      this.#fail(error as Error);
    }
  };

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
    if (this.#closed) return;
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
