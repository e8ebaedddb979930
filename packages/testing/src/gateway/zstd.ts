/**
 * zstd-stream compression for the fake gateway. Node 20's node:zlib has no zstd, so this uses the
 * synchronous streaming context of the `zstd-napi` package (loaded lazily: only connections that ask
 * for `compress=zstd-stream` need it). One frame per connection; every message ends with a flush,
 * never with the end of the frame.
 */
import { createRequire } from 'node:module';
import type { FrameEncoder } from './frame-encoder.js';

interface ZstdBinding {
  CCtx: new () => {
    compressStream2(dst: Uint8Array, src: Uint8Array, endOp: number): [number, number, number];
  };
  EndDirective: { continue: number; flush: number; end: number };
}

let binding: ZstdBinding | undefined;

function loadBinding(): ZstdBinding {
  binding ??= createRequire(import.meta.url)('zstd-napi/binding') as ZstdBinding;
  return binding;
}

/** A zstd-stream encoder: one compression context, each message flushed. */
export function createZstdStreamCompressor(): FrameEncoder {
  const { CCtx, EndDirective } = loadBinding();
  const cctx = new CCtx();
  let scratch = Buffer.allocUnsafe(64 * 1024);
  const encodeSync = (data: string | Buffer): Buffer => {
    const src = typeof data === 'string' ? Buffer.from(data) : data;
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const [remaining, produced, consumed] = cctx.compressStream2(scratch, src.subarray(offset), EndDirective.flush);
      offset += consumed;
      if (produced > 0) parts.push(Buffer.from(scratch.subarray(0, produced)));
      if (remaining === 0 && offset >= src.length) break;
      if (produced === scratch.length) scratch = Buffer.allocUnsafe(scratch.length * 2);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  };
  return { encode: async (data) => encodeSync(data), close: () => {} };
}
