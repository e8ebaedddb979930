/**
 * Reads exact byte counts from a stream of chunks (a Node stream or any async iterable of bytes),
 * so the WAV and Ogg parsers can be written as straight-line code over streamed input.
 */

/** Pulls exact byte counts out of an async iterable of chunks. */
export class ByteReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** Bytes buffered and not read yet. */
  get buffered(): number {
    return this.#buffered;
  }

  async #fill(size: number): Promise<void> {
    while (this.#buffered < size && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done) {
        this.#done = true;
        break;
      }
      const chunk = Buffer.isBuffer(next.value)
        ? next.value
        : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (chunk.length === 0) continue;
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
  }

  /** The next `size` bytes without consuming them (fewer at the end of the input). */
  async peek(size: number): Promise<Buffer> {
    await this.#fill(size);
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    this.#chunks = all.length ? [all] : [];
    return all.subarray(0, Math.min(size, all.length));
  }

  /** Exactly `size` bytes, or fewer only at the end of the input. */
  async read(size: number): Promise<Buffer> {
    await this.#fill(size);
    if (this.#buffered === 0) return Buffer.alloc(0);
    return this.#take(size);
  }

  /**
   * `size` bytes when that many are buffered already (consumed, as `read`), else `undefined` and
   * nothing is consumed: parsers use it to read without a promise per field while data is there.
   */
  readBuffered(size: number): Buffer | undefined {
    return this.#buffered >= size ? this.#take(size) : undefined;
  }

  #take(size: number): Buffer {
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    const taken = all.subarray(0, Math.min(size, all.length));
    const rest = all.subarray(taken.length);
    this.#chunks = rest.length ? [rest] : [];
    this.#buffered = rest.length;
    return taken;
  }

  /**
   * Wait until at least `size` bytes are buffered (or the input ended); returns how many are.
   * With {@link bufferedBytes} and {@link consume}, parsers read whole buffered runs at once.
   */
  async ensure(size: number): Promise<number> {
    await this.#fill(size);
    return this.#buffered;
  }

  /** Every buffered byte as one Buffer, not consumed (chunks are joined once). */
  bufferedBytes(): Buffer {
    if (this.#chunks.length === 0) return Buffer.alloc(0);
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0]!;
  }

  /** Drop the first `size` buffered bytes (at most what is buffered). */
  consume(size: number): void {
    const all = this.bufferedBytes();
    const rest = all.subarray(Math.min(size, all.length));
    this.#chunks = rest.length ? [rest] : [];
    this.#buffered = rest.length;
  }

  /** Skip `size` bytes. */
  async skip(size: number): Promise<void> {
    let left = size;
    while (left > 0) {
      const part = await this.read(Math.min(left, 65536));
      if (part.length === 0) return;
      left -= part.length;
    }
  }

  /** Stop reading the source. */
  async close(): Promise<void> {
    this.#done = true;
    await this.#iterator.return?.();
  }
}
