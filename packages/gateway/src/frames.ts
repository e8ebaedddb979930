/**
 * The receive side of a gateway websocket, split into frames straight from the socket's chunks.
 *
 * Why. Nearly every frame a gateway connection receives is of one kind: final, unmasked, text or
 * binary, one whole message. ws's receiver makes several Buffer views per frame (the rest of the
 * chunk after the header, the length bytes, the payload) and emits two events per message: about a
 * third of a microsecond per message (apps/bench), 5-8 % of Kokoro's ingest. This reader finds the
 * frame boundaries itself and hands each such frame to the connection as a range of the chunk
 * (`buffer`, `start`, `end`), with no allocation per frame.
 *
 * Every other frame — ping, pong, close, a fragmented message and its continuations, a masked frame,
 * RSV bits, an unknown opcode — goes whole and in order to ws's own receiver (`other`), which
 * answers it exactly as before (pong, the closing handshake, 1002 on a protocol error). A frame
 * whose declared length is over the payload limit, and everything after it, goes to ws unsplit (ws
 * closes with 1009). When ws stops reading (a close frame or a protocol error), so does this.
 * A frame cut across chunks waits here until it is whole (one copy, when it completes).
 */

/** Where the frames go. */
export interface FrameSink {
  /** A final, unmasked text or binary frame: its payload is `buffer[start, end)`, valid until this returns. */
  data(buffer: Buffer, start: number, end: number): void;
  /**
   * Bytes for ws's receiver: complete frames, or any bytes after a frame over the limit. Returns
   * `false` when ws stopped reading (close frame received, protocol error): the rest is dropped.
   */
  other(bytes: Buffer): boolean;
}

/** ws's default `maxPayload` (100 MiB); the connection passes the same limit to ws. */
export const MAX_PAYLOAD = 100 * 1024 * 1024;

const HEADER_INCOMPLETE = -1;
const OVER_LIMIT = -2;

/** Splits a server's websocket byte stream into frames (see the module comment). */
export class FrameReader {
  readonly #sink: FrameSink;
  readonly #maxPayload: number;
  /** The start of a frame not complete yet, in the pieces it came in. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The whole size of the pending frame once its header is known; 0 before. */
  #needed = 0;
  /** A fragmented message is under way: its continuations (and anything else) go to ws. */
  #fragmented = false;
  /** Everything goes to ws from here on (after a frame over the limit). */
  #raw = false;
  #stopped = false;

  constructor(sink: FrameSink, maxPayload: number = MAX_PAYLOAD) {
    this.#sink = sink;
    this.#maxPayload = maxPayload;
  }

  /** Stop: drop whatever comes next (the connection is being dropped). */
  stop(): void {
    this.#stopped = true;
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  /** Take one chunk from the socket. */
  push(chunk: Buffer): void {
    if (this.#stopped) return;
    if (this.#raw) {
      this.#forward(chunk);
      return;
    }
    let buffer = chunk;
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#needed > 0 && this.#pendingBytes < this.#needed) return;
      buffer = Buffer.concat(this.#pending, this.#pendingBytes);
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#needed = 0;
    }
    const end = buffer.length;
    let at = 0;
    while (at < end) {
      const size = this.#frameSize(buffer, at, end);
      if (size === OVER_LIMIT) {
        this.#raw = true;
        this.#forward(at === 0 ? buffer : buffer.subarray(at));
        return;
      }
      if (size === HEADER_INCOMPLETE || size > end - at) {
        this.#pending.push(at === 0 ? buffer : buffer.subarray(at));
        this.#pendingBytes = end - at;
        this.#needed = size === HEADER_INCOMPLETE ? 0 : size;
        return;
      }
      const b0 = buffer[at] as number;
      const b1 = buffer[at + 1] as number;
      if ((b0 === 0x81 || b0 === 0x82) && b1 < 0x80 && !this.#fragmented) {
        const length = b1 & 0x7f;
        const header = length < 126 ? 2 : length === 126 ? 4 : 10;
        this.#sink.data(buffer, at + header, at + size);
      } else {
        const opcode = b0 & 0x0f;
        if (opcode === 1 || opcode === 2) {
          if ((b0 & 0x80) === 0) this.#fragmented = true;
        } else if (opcode === 0 && (b0 & 0x80) !== 0) this.#fragmented = false;
        this.#forward(buffer.subarray(at, at + size));
      }
      if (this.#stopped) return;
      at += size;
    }
  }

  #forward(bytes: Buffer): void {
    if (!this.#sink.other(bytes)) this.stop();
  }

  /** The size of the frame at `at` (header included), or HEADER_INCOMPLETE, or OVER_LIMIT. */
  #frameSize(buffer: Buffer, at: number, end: number): number {
    if (end - at < 2) return HEADER_INCOMPLETE;
    const b1 = buffer[at + 1] as number;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (end - at < 4) return HEADER_INCOMPLETE;
      length = buffer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (end - at < 10) return HEADER_INCOMPLETE;
      const high = buffer.readUInt32BE(at + 2);
      if (high > 0) return OVER_LIMIT; // 4 GiB and more: far over any limit; ws refuses it
      length = buffer.readUInt32BE(at + 6);
      header = 10;
    }
    if (length > this.#maxPayload) return OVER_LIMIT;
    if (b1 & 0x80) header += 4; // a masking key (a server must not mask; ws refuses the frame)
    return header + length;
  }
}
