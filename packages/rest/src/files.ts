/**
 * What a file's `data` may be, and how it becomes bytes before a request is queued.
 *
 * Bytes (`Uint8Array`/`Buffer`, any typed array, `ArrayBuffer`), a `Blob` and a string are used as they
 * are. A Node `Readable`, a web `ReadableStream` or any async iterable of byte or string chunks is read
 * to its end first, and `{ path }` is opened as a file-backed `Blob`: a request may be sent again (a 429,
 * a retried message create), and a stream can be read only once. Reading stops as soon as the upload
 * size limit is passed. Anything else is a `ValidationError` before sending (an object used to go out
 * as the text "[object Object]").
 */
import { openAsBlob } from 'node:fs';
import { ValidationError } from '@kokoro/common';
import type { FileData } from './generated/rest-like.js';
import { currentFileSizeLimit } from './validation/limits.js';

/** The kinds of file data: ready to send (`bytes`, `blob`, `text`) or read first (`stream`, `path`). */
export type FileDataKind = 'bytes' | 'blob' | 'text' | 'stream' | 'path';

/** What `data` is, or `undefined` when it is nothing a file can be made of. */
export function fileDataKind(data: unknown): FileDataKind | undefined {
  if (typeof data === 'string') return 'text';
  if (typeof data !== 'object' || data === null) return undefined;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return 'bytes';
  if (typeof Blob !== 'undefined' && data instanceof Blob) return 'blob';
  if (typeof (data as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') return 'stream';
  if (typeof (data as { path?: unknown }).path === 'string' && (data as { path: string }).path.length > 0) {
    return 'path';
  }
  return undefined;
}

/** The size of data that is ready to send, `undefined` for a stream or a path (known once read). */
export function readySize(data: unknown): number | undefined {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return undefined;
}

/** The message for data of no accepted kind. */
export const ACCEPTED_DATA =
  'must be bytes (Uint8Array, Buffer, ArrayBuffer), a Blob, a string, a Readable or async iterable of chunks, or { path }';

/** Whether some file must be read before the request can be encoded. */
export function needsReading(files: readonly { data: unknown }[] | undefined): boolean {
  if (!files) return false;
  for (const file of files) {
    const kind = fileDataKind(file?.data);
    if (kind === 'stream' || kind === 'path') return true;
  }
  return false;
}

/**
 * The files with every stream read into a `Blob` and every `{ path }` opened as one; the rest unchanged.
 * `signal` aborts the reading (a stream that never ends cannot hold the request forever).
 */
export async function readFiles<F extends { name: string; data: FileData; contentType?: string }>(
  files: readonly F[],
  signal?: AbortSignal,
): Promise<F[]> {
  const limit = currentFileSizeLimit();
  signal?.throwIfAborted();
  return Promise.all(
    files.map(async (file, index) => {
      const kind = fileDataKind(file.data);
      const type = file.contentType ?? 'application/octet-stream';
      const where = `files[${index}].data`;
      if (kind === 'path') {
        const path = (file.data as { path: string }).path;
        let blob: Blob;
        try {
          blob = await openAsBlob(path, { type });
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          throw new ValidationError(`${where}.path`, `cannot read ${path}: ${typeof code === 'string' ? code : error}`);
        }
        if (blob.size > limit) tooLarge(index, `${file.name} is ${blob.size} bytes`, limit);
        return { ...file, data: blob };
      }
      if (kind === 'stream') {
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of abortable(file.data as AsyncIterable<unknown>, signal)) {
          const bytes =
            typeof chunk === 'string'
              ? Buffer.from(chunk)
              : chunk instanceof Uint8Array
                ? chunk
                : chunk instanceof ArrayBuffer
                  ? new Uint8Array(chunk)
                  : undefined;
          if (bytes === undefined) {
            throw new ValidationError(where, `the stream gave a chunk that is not bytes or text (${typeof chunk})`);
          }
          size += bytes.byteLength;
          if (size > limit) tooLarge(index, `${file.name} is more than ${limit} bytes`, limit);
          chunks.push(bytes);
        }
        return { ...file, data: new Blob(chunks, { type }) };
      }
      return file;
    }),
  );
}

function tooLarge(index: number, what: string, limit: number): never {
  throw new ValidationError(`files[${index}]`, `${what}; the upload limit is ${limit} bytes (configureValidation)`);
}

/** `source`, ended with the signal's reason as soon as `signal` aborts, even between chunks. */
async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (!signal) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    // Not awaited: a source stuck in its own await would hold the rejection back.
    if (signal.aborted) iterator.return?.()?.catch(() => undefined);
  }
}
