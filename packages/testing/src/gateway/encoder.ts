/**
 * Transport compression of the fake gateway. `zlib-stream`: one deflate context per connection,
 * every message flushed with Z_SYNC_FLUSH so its bytes end with `00 00 ff ff`. `zstd-stream`: one
 * zstd context per connection, every message flushed (not ended) so the client can decode it alone.
 * `none`: JSON text frames.
 */
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { createZstdStreamCompressor } from './zstd.js';

/** The `compress` query parameter values the fake understands; `none` when absent. */
export type TransportCompression = 'zlib-stream' | 'zstd-stream' | 'none';

/** Turns one payload's JSON text into the bytes of one websocket message, in order. */
export interface FrameEncoder {
  /** Encode a payload; results resolve in call order. */
  encode(text: string): Promise<Buffer | string>;
  close(): void;
}

/** The encoder for a transport compression. */
export function createFrameEncoder(compression: TransportCompression): FrameEncoder {
  switch (compression) {
    case 'zlib-stream':
      return new ZlibStreamEncoder();
    case 'zstd-stream':
      return createZstdStreamCompressor();
    case 'none':
      return { encode: async (text) => text, close: () => {} };
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

  encode(text: string): Promise<Buffer> {
    const result = this.#tail.then(
      () =>
        new Promise<Buffer>((resolve) => {
          this.#deflate.write(text);
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
