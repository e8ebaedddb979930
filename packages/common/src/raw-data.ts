/**
 * The raw JSON of a gateway dispatch's `d` as received, before parsing: shared by @kokoro/gateway
 * (which reads it, see its raw-dispatch.ts) and @kokoro/cache (which recognises copies by it).
 */

/**
 * The UTF-8 bytes of a dispatch's `d` as received: `bytes[start, end)`. Valid only during the call
 * that gives it (the buffer is the inflater's, reused for the next message): read it, never keep it.
 */
export interface RawBytes {
  /** The buffer holding them. */
  readonly bytes: Uint8Array;
  /** Offset of the first byte of `d`. */
  readonly start: number;
  /** Offset just past its last byte. */
  readonly end: number;
}

/** The raw JSON of a dispatch's `d`: its text, or its bytes in the inflater's buffer. */
export type RawData = string | RawBytes;

/** The text of raw data: itself, or its bytes decoded (UTF-8). */
export function rawText(data: RawData): string {
  if (typeof data === 'string') return data;
  const { bytes, start, end } = data;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8', start, end);
}
