/**
 * Hand-written support for the generated methods (the generator never rewrites this file).
 *
 * `RestLike` is the one thing the generated `RestMethods` need: something that sends a request.
 * `Rest` satisfies it; so does a recording stub in tests, or a client that forwards to its `Rest`.
 */
import type { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { isSnowflake, ValidationError } from '@kokoro/common';
import type { Snowflake } from 'discord-api-types/v10';

/** An HTTP method Discord's API uses. */
export type RestHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The content of a file: bytes (`Uint8Array`, `Buffer`, any typed array, `ArrayBuffer`), a `Blob`, text,
 * a Node `Readable` / web `ReadableStream` / any async iterable of byte or string chunks (read before the
 * request is queued), or `{ path }`, a file on disk. Anything else is a `ValidationError` before sending.
 */
export type FileData =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | string
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | { readonly path: string };

/** A file sent as a multipart part `files[n]`; `name` is the file name Discord shows. */
export interface RestLikeFile {
  /** File name, e.g. `'image.png'`; embeds refer to it as `attachment://image.png`. */
  name: string;
  /** The content (see {@link FileData}). */
  data: FileData;
  /** MIME type; guessed by the sender when absent. */
  contentType?: string;
}

/** What the generated methods hand to `RestLike.request`. */
export interface RestLikeOptions {
  /** JSON body (or `URLSearchParams` for form-encoded routes). */
  body?: unknown;
  /** Query string parameters; `undefined` values are left out. */
  query?: object | URLSearchParams;
  /** Files, sent as multipart with `payload_json`. */
  files?: readonly RestLikeFile[];
  /** Audit log reason, sent URL-encoded as `X-Audit-Log-Reason`. */
  reason?: string;
  /** Aborts the request, queued or in flight. */
  signal?: AbortSignal;
  /** Extra headers. */
  headers?: Record<string, string>;
  /**
   * `false` sends no `Authorization` header (webhook and interaction token routes, OAuth2 exchanges);
   * a string is sent as the exact `Authorization` value (OAuth2 client Basic auth).
   */
  auth?: boolean | string;
}

/** The minimal interface the generated methods call: `Rest` implements it. */
export interface RestLike {
  /** Send one request and resolve with the decoded JSON result (or `undefined` for 204). */
  request<T = unknown>(method: RestHttpMethod, path: string, options?: RestLikeOptions): Promise<T>;
}

/** A Discord id, or anything carrying one (an entity, a raw API object). */
export type IdLike = Snowflake | { readonly id: Snowflake };

/** Options every generated method accepts last. */
export interface MethodOptions {
  /** Audit log reason (1..512 characters), for routes that record one. */
  reason?: string;
  /** Aborts the request, queued or in flight. */
  signal?: AbortSignal;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** Options of a method whose route accepts file uploads. */
export interface MethodOptionsWithFiles extends MethodOptions {
  /** Files, sent as multipart parts `files[n]` with the body as `payload_json`. */
  files?: readonly RestLikeFile[];
}

/** Options of a method whose route takes query parameters besides its body. */
export interface MethodOptionsWithQuery<Q> extends MethodOptionsWithFiles {
  /** Query string parameters. */
  query?: Q;
}

/**
 * The id of an `IdLike`, checked and URL-encoded for a path segment. Anything but a snowflake (1 to 20
 * digits) or an object holding one is a `ValidationError` naming `argument`, thrown before any request:
 * `userGet('12ab')` or a placeholder such as `'pending:F'` never reaches Discord.
 */
export function pathId(value: IdLike, argument: string): string {
  const id = typeof value === 'object' && value !== null ? value.id : value;
  if (isSnowflake(id)) return id;
  throw new ValidationError(
    argument,
    `expected a snowflake (a Discord id: 1 to 20 digits) or an object with one as \`id\`, got ${shown(value)}`,
  );
}

/**
 * A text path parameter (a token, an emoji, a code), checked and URL-encoded for a path segment. It must
 * be a non-empty string; the value is never quoted in the error (it may be a token).
 */
export function pathText(value: string, argument: string): string {
  if (typeof value === 'string' && value.length > 0) return encodeURIComponent(value);
  throw new ValidationError(argument, `expected a non-empty string, got ${value === '' ? 'an empty string' : typeof value}`);
}

/** An integer path parameter within `[minimum, maximum]` (a poll answer id: 1..10). */
export function pathInteger(value: number, argument: string, minimum: number, maximum: number): string {
  if (Number.isInteger(value) && value >= minimum && value <= maximum) return String(value);
  throw new ValidationError(argument, `expected an integer from ${minimum} to ${maximum}, got ${shown(value)}`);
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' && value !== null) {
    const id = (value as { id?: unknown }).id;
    return `an object whose id is ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : String(id)}`;
  }
  return String(value);
}
