/**
 * Transport compression of the fake gateway. `zlib-stream`: one deflate context per connection,
 * every message flushed with Z_SYNC_FLUSH so its bytes end with `00 00 ff ff`. `zstd-stream`: one
 * zstd context per connection, every message flushed (not ended) so the client can decode it alone.
 * `none`: JSON text frames (ETF: binary frames).
 */
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { NativeZlib, nativeZlibAvailable } from '@kokoro/common';
import type { FrameEncoder, TransportCompression } from './frame-encoder.js';
import { createZstdStreamCompressor } from './zstd.js';

export type { FrameEncoder, TransportCompression } from './frame-encoder.js';

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

let syncDeflate: boolean | undefined;

function syncDeflateAvailable(): boolean {
  syncDeflate ??= nativeZlibAvailable(createDeflate());
  return syncDeflate;
}

/**
 * zlib-stream on node:zlib's native context driven synchronously (@kokoro/common's `NativeZlib`):
 * no thread-pool round trip per frame, so ACKs and dispatches leave at once.
 */
class SyncZlibEncoder implements FrameEncoder {
  readonly #zlib = new NativeZlib(createDeflate({ level: 6 }));

  encode(data: string | Buffer): Promise<Buffer> {
    return Promise.resolve(this.encodeSync(data));
  }

  encodeSync(data: string | Buffer): Buffer {
    const out = this.#zlib.flush(typeof data === 'string' ? Buffer.from(data) : data);
    if (!out) throw new Error('zlib-stream: the deflate context is closed');
    return Buffer.from(out);
  }

  close(): void {
    this.#zlib.close();
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
