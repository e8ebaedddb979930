import { ValidationError } from '@kokoro/common';
import { FormData } from 'undici';
import { ACCEPTED_DATA, fileDataKind } from './files.js';
import type { FileData } from './generated/rest-like.js';
import { charLength } from './validation/check.js';

/** A file to upload. It becomes the multipart part `files[n]` (or `key` when given). */
export interface RestFile {
  /** File name as Discord shows it; embeds can refer to it as `attachment://name`. */
  name: string;
  /** The content: bytes, a Blob, text, a stream or async iterable, or `{ path }` (see `FileData`). */
  data: FileData;
  /** MIME type; `application/octet-stream` by default. */
  contentType?: string;
  /** Part name; `files[n]` by default, where n is the file's index (it matches `attachments[].id`). */
  key?: string;
}

/** A request body ready for undici and its content type. */
export interface EncodedBody {
  /** JSON text, multipart form data (with files), or nothing. */
  body: string | FormData | undefined;
  /** `application/json`, or `application/x-www-form-urlencoded` for URL parameters; undefined for form data (undici sets the boundary) and no body. */
  contentType: string | undefined;
}

/**
 * Encode a request body: JSON for plain values, form-urlencoded for `URLSearchParams` (OAuth2),
 * multipart with `payload_json` and `files[n]` when files are given.
 */
export function encodeBody(body: unknown, files: readonly RestFile[] | undefined): EncodedBody {
  if (files && files.length > 0) {
    if (body instanceof URLSearchParams) {
      throw new ValidationError('files', 'files cannot be sent with a form-urlencoded (URLSearchParams) body');
    }
    const form = new FormData();
    if (body !== undefined) form.append('payload_json', JSON.stringify(body));
    files.forEach((file, index) => {
      if (!file || typeof file.name !== 'string' || file.name.length === 0) {
        throw new ValidationError(`files[${index}].name`, 'a file needs a non-empty name');
      }
      const kind = fileDataKind(file.data);
      if (kind === undefined) throw new ValidationError(`files[${index}].data`, ACCEPTED_DATA);
      // Streams and paths are read by Rest.request before it encodes (see files.ts).
      if (kind === 'stream' || kind === 'path') {
        throw new ValidationError(`files[${index}].data`, 'a stream or path must be read first (readFiles)');
      }
      const blob =
        file.data instanceof Blob
          ? file.data
          : new Blob([file.data as ArrayBuffer], { type: file.contentType ?? 'application/octet-stream' });
      form.append(file.key ?? `files[${index}]`, blob, file.name);
    });
    return { body: form, contentType: undefined };
  }
  if (body === undefined) return { body: undefined, contentType: undefined };
  if (body instanceof URLSearchParams) {
    return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

/**
 * Query values accepted by {@link encodeQuery}: `URLSearchParams`, or an object whose `undefined`
 * entries are skipped and whose array entries repeat the key.
 */
export type QueryInit = URLSearchParams | object;

/** Encode a query string, with its leading `?`, or '' when empty. */
export function encodeQuery(query: QueryInit | undefined): string {
  if (query === undefined) return '';
  let params: URLSearchParams;
  if (query instanceof URLSearchParams) {
    params = query;
  } else {
    params = new URLSearchParams();
    const entries = query as Record<string, unknown>;
    for (const key in entries) {
      const value = entries[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
      else params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Validate and encode an audit-log reason for `X-Audit-Log-Reason` (1..512 characters, URL-encoded). */
export function encodeAuditLogReason(reason: string): string {
  const length = typeof reason === 'string' ? charLength(reason) : -1;
  if (length < 1 || length > 512) {
    throw new ValidationError(
      'reason',
      `an audit-log reason must be 1 to 512 characters, got ${length >= 0 ? length : typeof reason}`,
    );
  }
  return encodeURIComponent(reason);
}
