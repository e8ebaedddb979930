/**
 * Transport compression of the fake gateway. `zlib-stream`: one deflate context per connection,
 * every message flushed with Z_SYNC_FLUSH so its bytes end with `00 00 ff ff`. `zstd-stream`: one
 * zstd context per connection, every message flushed (not ended) so the client can decode it alone.
 * `none`: JSON text frames (ETF: binary frames).
 */
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { createZstdStreamCompressor } from './zstd.js';

/** The `compress` query parameter values the fake understands; `none` when absent. */
export type TransportCompression = 'zlib-stream' | 'zstd-stream' | 'none';

/** Turns one encoded payload (JSON text or ETF bytes) into one websocket message, in order. */
export interface FrameEncoder {
  /** Encode a payload; results resolve in call order. */
  encode(data: string | Buffer): Promise<Buffer | string>;
  close(): void;
}

/** The encoder for a transport compression. */
export function createFrameEncoder(compression: TransportCompression): FrameEncoder {
  switch (compression) {
    case 'zlib-stream':
      return syncDeflateAvailable() ? new SyncZlibEncoder() : new ZlibStreamEncoder();
    case 'zstd-stream':
      return createZstdStreamCompressor();
    case 'none':
      return { encode: async (text) => text, close: () => {} };
  }
}

interface ZlibInternals {
  _handle: {
    writeSync(
      flush: number,
      input: Buffer,
      inOff: number,
      inLen: number,
      out: Buffer,
      outOff: number,
      outLen: number,
    ): void;
  } | null;
  _writeState: Uint32Array;
}

let syncDeflate: boolean | undefined;

function syncDeflateAvailable(): boolean {
  if (syncDeflate === undefined) {
    const probe = createDeflate();
    const internals = probe as unknown as ZlibInternals;
    syncDeflate = typeof internals._handle?.writeSync === 'function' && internals._writeState instanceof Uint32Array;
    probe.close();
  }
  return syncDeflate;
}

/**
 * zlib-stream on node:zlib's native context driven synchronously (what `deflateSync` does, without
 * closing the context): no thread-pool round trip per frame, so ACKs and dispatches leave at once.
 */
class SyncZlibEncoder implements FrameEncoder {
  readonly #deflate: Deflate = createDeflate({ level: 6 });
  readonly #internals = this.#deflate as unknown as ZlibInternals;
  #out = Buffer.allocUnsafe(64 * 1024);

  encode(data: string | Buffer): Promise<Buffer> {
    return Promise.resolve(this.encodeSync(data));
  }

  encodeSync(data: string | Buffer): Buffer {
    const handle = this.#internals._handle;
    if (!handle) throw new Error('zlib-stream: the deflate context is closed');
    const state = this.#internals._writeState;
    const input = typeof data === 'string' ? Buffer.from(data) : data;
    let inOff = 0;
    let inLen = input.length;
    let written = 0;
    for (;;) {
      const room = this.#out.length - written;
      handle.writeSync(constants.Z_SYNC_FLUSH, input, inOff, inLen, this.#out, written, room);
      const availOut = state[0]!;
      const availIn = state[1]!;
      written += room - availOut;
      if (availOut !== 0) break;
      inOff += inLen - availIn;
      inLen = availIn;
      const bigger = Buffer.allocUnsafe(this.#out.length * 2);
      this.#out.copy(bigger, 0, 0, written);
      this.#out = bigger;
    }
    return Buffer.from(this.#out.subarray(0, written));
  }

  close(): void {
    this.#deflate.close();
  }
}

class ZlibStreamEncoder implements FrameEncoder {
  readonly #deflate: Deflate = createDeflate({ level: 6 });
  #chunks: Buffer[] = [];
  #tail: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#deflate.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
    this.#deflate.on('error', () => {});
  }

  encode(data: string | Buffer): Promise<Buffer> {
    const result = this.#tail.then(
      () =>
        new Promise<Buffer>((resolve) => {
          this.#deflate.write(data);
          this.#deflate.flush(constants.Z_SYNC_FLUSH, () => {
            const out = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
            this.#chunks = [];
            resolve(out);
          });
        }),
    );
    this.#tail = result;
    return result;
  }

  close(): void {
    this.#deflate.close();
  }
}
