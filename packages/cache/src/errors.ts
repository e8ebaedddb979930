import { KokoroError } from '@kokoro/common';

/**
 * A dispatch payload the cache could not apply (a malformed or unexpected payload). The message names
 * the event; `cause` holds the original error. The cache is left as it was before the failing step.
 */
export class CachePayloadError extends KokoroError {
  /** The gateway event name. */
  readonly eventName: string;

  constructor(eventName: string, message: string, options?: { cause?: unknown }) {
    super('KOKORO_CACHE_PAYLOAD', `${eventName}: ${message}`, options);
    this.eventName = eventName;
  }
}
