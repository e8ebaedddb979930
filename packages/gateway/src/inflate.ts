/**
 * Transport decompression. Discord's `zlib-stream` is one deflate stream for the whole connection;
 * each gateway message ends with a sync flush (`00 00 ff ff`) and can be inflated on its own, in
 * order, with one shared inflate context. `zstd-stream` is one zstd frame for the connection, each
 * websocket message a flushed block.
 *
 * Speed matters here (every event passes through). Measured in apps/bench (`gateway-inflate`):
 * node:zlib's public stream API costs a thread-pool round trip per message; driving the same
 * native zlib context synchronously (what `zlib.inflateSync` does internally, without closing the
 * context) is several times faster and is the default (fflate's pure-JS streaming `Unzlib`, tried
 * on the same stream, was slower than both: about 24k events/s). The stream API stays as a fallback for a
 * Node whose zlib internals differ. zstd uses the `zstd-napi` native binding synchronously (Node 20's
 * node:zlib has no zstd), loaded only when asked for.
 */
import { createRequire } from 'node:module';
import { constants, createInflate, type Inflate } from 'node:zlib';
import { NativeZlib, nativeZlibAvailable } from '@kokoro/common';
import { GatewayCompressionUnavailableError, GatewayDecodeError } from './errors.js';

/** Transport compression of a gateway connection. */
export type GatewayCompression = 'zlib-stream' | 'zstd-stream' | 'none';

/** Turns websocket messages into payload text, in order. */
export interface Inflater {
  /**
   * Take one websocket message; calls `onText` with each complete payload's text, in order
   * (synchronously for the sync inflaters). Throws (or reports through `onError`) on corrupt data.
   */
  push(data: Buffer, onText: (text: string) => void): void;
  /**
   * The same for binary payloads (`encoding=etf`): `onBytes` gets each payload's bytes, valid only
   * until it returns (the buffer is reused).
   */
  pushBytes(data: Buffer, onBytes: (bytes: Buffer) => void): void;
  /**
   * {@link push} for the message `data[start, end)`, read in place (the connection's frame reader
   * hands payloads as ranges of a socket chunk). Optional: without it, the connection pushes a view.
   */
  pushRange?(data: Buffer, start: number, end: number, onText: (text: string) => void): void;
  /**
   * {@link pushRange} handing each payload's bytes instead of its text: `onOutput(output, length)`
   * gets the inflater's own buffer, the payload being `output[0, length)`, valid only until it
   * returns (the buffer is reused). Optional: the connection reads a copy's envelope from the bytes
   * with it (raw-dispatch.ts), so that a recognised copy is never decoded.
   */
  pushRangeBytes?(data: Buffer, start: number, end: number, onOutput: (output: Buffer, length: number) => void): void;
  /** Release the decompression context; pushing afterwards is an error. */
  close(): void;
}

/** The inflater strategies for `zlib-stream`. */
export type ZlibStrategy = 'sync' | 'stream';

function endsWithFlush(data: Buffer, start = 0, end: number = data.length): boolean {
  return (
    end - start >= 4 && data[end - 4] === 0 && data[end - 3] === 0 && data[end - 2] === 0xff && data[end - 1] === 0xff
  );
}

/**
 * Whether this Node's zlib internals can be driven synchronously. `probe`: the stream to check (a
 * fresh `createInflate()` by default; tests pass one without the internals).
 */
export function syncZlibAvailable(probe: object = createInflate()): boolean {
  return nativeZlibAvailable(probe);
}

/** zlib-stream inflated synchronously on node:zlib's native context (@kokoro/common's `NativeZlib`). */
export class SyncZlibInflater implements Inflater {
  readonly #zlib = new NativeZlib(createInflate(), 128 * 1024);
  #pending: Buffer[] = [];

  push(data: Buffer, onText: (text: string) => void): void {
    const input = this.#complete(data);
    if (input) {
      const written = this.#inflate(input, 0, input.length);
      onText(this.#zlib.output.toString('utf8', 0, written));
    }
  }

  pushRange(data: Buffer, start: number, end: number, onText: (text: string) => void): void {
    if (this.#pending.length > 0 || !endsWithFlush(data, start, end)) {
      // Part of a message split across websocket messages: the view joins the pending parts.
      this.push(data.subarray(start, end), onText);
      return;
    }
    const written = this.#inflate(data, start, end - start);
    onText(this.#zlib.output.toString('utf8', 0, written));
  }

  pushRangeBytes(data: Buffer, start: number, end: number, onOutput: (output: Buffer, length: number) => void): void {
    if (this.#pending.length > 0 || !endsWithFlush(data, start, end)) {
      // Part of a message split across websocket messages: the view joins the pending parts.
      const input = this.#complete(data.subarray(start, end));
      if (input) {
        const written = this.#inflate(input, 0, input.length);
        onOutput(this.#zlib.output, written);
      }
      return;
    }
    const written = this.#inflate(data, start, end - start); // first: it may replace the output buffer with a bigger one
    onOutput(this.#zlib.output, written);
  }

  pushBytes(data: Buffer, onBytes: (bytes: Buffer) => void): void {
    const input = this.#complete(data);
    if (input) {
      const written = this.#inflate(input, 0, input.length); // first: it may replace the output buffer with a bigger one
      onBytes(this.#zlib.output.subarray(0, written));
    }
  }

  /** The whole message once its last part arrived (ending with the flush suffix). */
  #complete(data: Buffer): Buffer | undefined {
    if (!endsWithFlush(data)) {
      this.#pending.push(data);
      return undefined;
    }
    if (this.#pending.length === 0) return data;
    this.#pending.push(data);
    const input = Buffer.concat(this.#pending);
    this.#pending = [];
    return input;
  }

  /** Inflate one whole message (`input[offset, offset + length)`) into the output buffer; returns its length. */
  #inflate(input: Buffer, offset: number, length: number): number {
    const written = this.#zlib.write(input, offset, length);
    if (written < 0) {
      throw new GatewayDecodeError('zlib-stream: corrupt compressed data, or the inflate context is closed');
    }
    return written;
  }

  close(): void {
    this.#zlib.close();
  }
}

/** zlib-stream through node:zlib's public stream API (asynchronous; the portable fallback). */
export class StreamZlibInflater implements Inflater {
  readonly #stream: Inflate = createInflate();
  #chunks: Buffer[] = [];
  #pending: Buffer[] = [];
  #onError: (error: Error) => void;

  constructor(onError: (error: Error) => void = () => {}) {
    this.#onError = onError;
    this.#stream.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
    this.#stream.on('error', (error) => this.#onError(error));
  }

  push(data: Buffer, onText: (text: string) => void): void {
    this.pushBytes(data, (bytes) => onText(bytes.toString()));
  }

  pushBytes(data: Buffer, onBytes: (bytes: Buffer) => void): void {
    this.#pending.push(data);
    if (!endsWithFlush(data)) return;
    const input = this.#pending.length === 1 ? data : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#stream.write(input);
    this.#stream.flush(constants.Z_SYNC_FLUSH, () => {
      const bytes = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
      this.#chunks = [];
      onBytes(bytes);
    });
  }

  close(): void {
    this.#stream.close();
  }
}

interface ZstdDCtx {
  decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number];
}

let zstdBinding: { DCtx: new () => ZstdDCtx } | undefined;

/**
 * Load the `zstd-napi` binding once; throws `GatewayCompressionUnavailableError` when it is missing
 * (the shard checks this when it is made, so a missing package never surfaces mid-reconnect).
 */
export function loadZstd(): { DCtx: new () => ZstdDCtx } {
  try {
    zstdBinding ??= createRequire(import.meta.url)('zstd-napi/binding') as { DCtx: new () => ZstdDCtx };
  } catch (error) {
    throw new GatewayCompressionUnavailableError(
      'zstd-stream',
      'it needs the zstd-napi package (npm install zstd-napi; it builds at install), or use zlib-stream',
      error,
    );
  }
  return zstdBinding;
}

/** zstd-stream through the `zstd-napi` native binding, synchronously. */
export class ZstdInflater implements Inflater {
  readonly #dctx: ZstdDCtx;
  #out = Buffer.allocUnsafe(128 * 1024);

  constructor() {
    this.#dctx = new (loadZstd().DCtx)();
  }

  push(data: Buffer, onText: (text: string) => void): void {
    const written = this.#decompress(data);
    if (written > 0) onText(this.#out.toString('utf8', 0, written));
  }

  pushBytes(data: Buffer, onBytes: (bytes: Buffer) => void): void {
    const written = this.#decompress(data);
    if (written > 0) onBytes(this.#out.subarray(0, written));
  }

  /** Decompress one message into `#out`; returns the bytes written. */
  #decompress(data: Buffer): number {
    let inOff = 0;
    let written = 0;
    for (;;) {
      const room = this.#out.length - written;
      const [, produced, consumed] = this.#dctx.decompressStream(this.#out.subarray(written), data.subarray(inOff));
      inOff += consumed;
      written += produced;
      if (produced < room && inOff >= data.length) break;
      if (produced === room) {
        const bigger = Buffer.allocUnsafe(this.#out.length * 2);
        this.#out.copy(bigger, 0, 0, written);
        this.#out = bigger;
      }
    }
    return written;
  }

  close(): void {}
}

/** Frames without transport compression: JSON text, or ETF bytes. */
class PlainInflater implements Inflater {
  push(data: Buffer, onText: (text: string) => void): void {
    onText(data.toString());
  }
  pushBytes(data: Buffer, onBytes: (bytes: Buffer) => void): void {
    onBytes(data);
  }
  close(): void {}
}

let syncZlib: boolean | undefined;

/**
 * The inflater for a compression; `zlib-stream` uses the sync strategy when this Node allows it
 * (`syncAvailable`: the check's answer, for tests; by default checked once), else the stream API.
 */
export function createInflater(
  compression: GatewayCompression,
  options: { zlib?: ZlibStrategy; onError?: (error: Error) => void; syncAvailable?: boolean } = {},
): Inflater {
  switch (compression) {
    case 'zlib-stream': {
      if (options.syncAvailable === undefined) syncZlib ??= syncZlibAvailable();
      const sync = options.syncAvailable ?? syncZlib;
      const strategy = options.zlib ?? (sync ? 'sync' : 'stream');
      return strategy === 'sync' ? new SyncZlibInflater() : new StreamZlibInflater(options.onError);
    }
    case 'zstd-stream':
      return new ZstdInflater();
    case 'none':
      return new PlainInflater();
  }
}
