/**
 * Hand-written support for the generated methods (the generator never rewrites this file).
 *
 * `RestLike` is the one thing the generated `RestMethods` need: something that sends a request.
 * `Rest` satisfies it; so does a recording stub in tests, or a client that forwards to its `Rest`.
 */
import type { Snowflake } from 'discord-api-types/v10';

/** An HTTP method Discord's API uses. */
export type RestHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A file sent as a multipart part `files[n]`; `name` is the file name Discord shows. */
export interface RestLikeFile {
  /** File name, e.g. `'image.png'`; embeds refer to it as `attachment://image.png`. */
  name: string;
  /** The bytes (or text) of the file. */
  data: Uint8Array | ArrayBuffer | Blob | string;
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

/** The id of an `IdLike`, URL-encoded for a path segment. */
export function pathId(value: IdLike | number): string {
  return encodeURIComponent(typeof value === 'object' ? value.id : String(value));
}

/** A string path parameter (token, code, emoji), URL-encoded for a path segment. */
export function pathText(value: string): string {
  return encodeURIComponent(value);
}
