/**
 * The seam between a fake gateway connection and its transport compression: what an encoder is,
 * apart from any encoder (so `encoder.ts`, which picks one, and each encoder module depend on this
 * file, not on each other).
 */

/** The `compress` query parameter values the fake understands; `none` when absent. */
export type TransportCompression = 'zlib-stream' | 'zstd-stream' | 'none';

/** Turns one encoded payload (JSON text or ETF bytes) into one websocket message, in order. */
export interface FrameEncoder {
  /** Encode a payload; results resolve in call order. */
  encode(data: string | Buffer): Promise<Buffer | string>;
  close(): void;
}
