/**
 * node:zlib's native context, driven synchronously. A `zlib-stream` connection (Discord's gateway
 * transport compression) is one deflate stream for its whole life, each message ending with a sync
 * flush. node:zlib's public stream API pays a thread-pool round trip per message; `inflateSync` and
 * `deflateSync` run synchronously but close their context after one call. This drives the context
 * of a `createInflate()` / `createDeflate()` stream the way those sync functions do internally —
 * `_handle.writeSync(flush, in, inOff, inLen, out, outOff, outLen)`, then reading what is left of
 * `out` and `in` from `_writeState` — without ever closing it: several times faster than the stream
 * API (apps/bench `gateway-inflate`).
 *
 * These are node:zlib internals (stable from Node 12 through 24, but not a public API), so
 * {@link nativeZlibAvailable} checks their shape once, and every user keeps a fallback on the
 * public stream API for a Node whose internals differ (the gateway's `StreamZlibInflater`, the
 * fake gateway's stream encoder). Both the gateway's inflater and the fake gateway's deflater use
 * this one module.
 */
import { constants, type Deflate, type Inflate } from 'node:zlib';

const Z_SYNC_FLUSH = constants.Z_SYNC_FLUSH;

/** The node:zlib internals this module drives. */
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
  destroyed: boolean;
}

/**
 * Whether a node:zlib stream exposes the internals {@link NativeZlib} drives. Pass a fresh stream
 * (it is closed here), or any object to test the check.
 */
export function nativeZlibAvailable(probe: Inflate | Deflate | object): boolean {
  const internals = probe as Partial<ZlibInternals>;
  const ok = typeof internals._handle?.writeSync === 'function' && internals._writeState instanceof Uint32Array;
  (probe as { close?: () => void }).close?.();
  return ok;
}

/** One node:zlib inflate or deflate context, run synchronously with a sync flush per call. */
export class NativeZlib {
  readonly #stream: Inflate | Deflate;
  readonly #internals: ZlibInternals;
  #out: Buffer;

  /**
   * `stream`: a fresh `createInflate()` or `createDeflate()` (check {@link nativeZlibAvailable}
   * first); `initialOutput`: the first size of the output buffer, which doubles as needed.
   */
  constructor(stream: Inflate | Deflate, initialOutput = 64 * 1024) {
    this.#stream = stream;
    // Corrupt input makes node:zlib destroy the stream and emit 'error'; `flush` reports it instead.
    stream.on('error', () => {});
    this.#internals = stream as unknown as ZlibInternals;
    this.#out = Buffer.allocUnsafe(initialOutput);
  }

  /**
   * Run `input` through the context with `Z_SYNC_FLUSH`. Returns the output: a view of an internal
   * buffer, valid until the next call (copy it to keep it); `undefined` when the context is closed
   * or the input was corrupt (the context is then unusable).
   */
  flush(input: Buffer): Buffer | undefined {
    const written = this.write(input);
    return written < 0 ? undefined : this.#out.subarray(0, written);
  }

  /**
   * {@link flush} without making a view: returns how many bytes of {@link output} the input gave
   * (-1 when the context is closed or the input was corrupt). For hot paths that decode in place
   * (`zlib.output.toString('utf8', 0, written)`). `offset` and `length`: the part of `input` to
   * run (all of it by default), so a caller can inflate a message in place inside a bigger buffer.
   */
  write(input: Buffer, offset = 0, length: number = input.length - offset): number {
    const handle = this.#internals._handle;
    if (!handle) return -1;
    const state = this.#internals._writeState;
    let inOff = offset;
    let inLen = length;
    let written = 0;
    for (;;) {
      const room = this.#out.length - written;
      handle.writeSync(Z_SYNC_FLUSH, input, inOff, inLen, this.#out, written, room);
      if (this.#internals.destroyed) return -1;
      const availOut = state[0] as number;
      const availIn = state[1] as number;
      written += room - availOut;
      if (availOut !== 0) break;
      // The output filled up: grow it and go on with the input not consumed yet.
      inOff += inLen - availIn;
      inLen = availIn;
      const bigger = Buffer.allocUnsafe(this.#out.length * 2);
      this.#out.copy(bigger, 0, 0, written);
      this.#out = bigger;
    }
    return written;
  }

  /**
   * The output buffer of the last {@link write}. Read it after `write` returns: a write that needs
   * more room replaces it with a bigger one.
   */
  get output(): Buffer {
    return this.#out;
  }

  /** Release the native context. */
  close(): void {
    this.#stream.close();
  }
}
