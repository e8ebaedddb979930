import { KokoroError } from '@kokoro/common';

/**
 * A dispatch payload the cache could not apply (a malformed or unexpected payload). The message names
 * the event; `cause` holds the original error (a {@link PayloadError} names the entity and field, copied
 * here as `entity` and `field`).
 */
export class CachePayloadError extends KokoroError {
  /** The gateway event name. */
  readonly eventName: string;
  /** The entity whose field was unusable, when the cause is a {@link PayloadError}. */
  readonly entity: string | undefined;
  /** The unusable field, when the cause is a {@link PayloadError}. */
  readonly field: string | undefined;

  constructor(eventName: string, message: string, options?: { cause?: unknown }) {
    super('KOKORO_CACHE_PAYLOAD', `${eventName}: ${message}`, options);
    this.eventName = eventName;
    const cause = options?.cause;
    this.entity = cause instanceof PayloadError ? cause.entity : undefined;
    this.field = cause instanceof PayloadError ? cause.field : undefined;
  }
}

/**
 * A payload field the cache could not read: not a `null` (which means "absent", like a missing field),
 * but a value of the wrong shape (`mentions: 'nobody'`, `permissions: 'abc'`). Names the entity and the
 * field; `source` names the route or event the payload came with and `payload` holds it, once the
 * caller that knows them has added them ({@link PayloadError.from}). For a REST call, Discord carried
 * out the request: `payload` is what it returned.
 */
export class PayloadError extends KokoroError {
  /** The entity being built (`'Message'`, `'Guild'`...). */
  readonly entity: string;
  /** The entity field whose payload value was unusable (`'mentions'`, `'permissions'`). */
  readonly field: string;
  /** The route (`POST /channels/{channel_id}/messages`) or event (`MESSAGE_CREATE`), when known. */
  readonly source: string | undefined;
  /** The raw payload, when known. */
  readonly payload: unknown;
  /** What reading the field said, without the source. */
  readonly detail: string;

  constructor(
    entity: string,
    field: string,
    detail: string,
    options: { source?: string; payload?: unknown; note?: string; cause?: unknown } = {},
  ) {
    const where = options.source ? `${options.source}: ` : '';
    super(
      'KOKORO_PAYLOAD',
      `${where}${entity}.${field} could not be read from the payload: ${detail}${options.note ? `; ${options.note}` : ''}`,
      { cause: options.cause },
    );
    this.entity = entity;
    this.field = field;
    this.source = options.source;
    this.payload = options.payload;
    this.detail = detail;
  }

  /** The same error, naming the route or event the payload came with, carrying the payload and a note. */
  from(source: string, payload: unknown, note?: string): PayloadError {
    return new PayloadError(this.entity, this.field, this.detail, {
      source,
      payload,
      ...(note ? { note } : {}),
      cause: this.cause,
    });
  }
}
