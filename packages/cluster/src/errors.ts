/** Errors of @kokoro/cluster. */
import { KokoroError } from '@kokoro/common';

/** A cluster service (NATS, Redis) or its configuration failed; the message says what to fix. */
export class ClusterError extends KokoroError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KOKORO_CLUSTER', message, options);
  }
}
