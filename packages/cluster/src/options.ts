/**
 * Options shared by gateway processes and workers, with their defaults and environment variables.
 */
import { ValidationError } from '@kokoro/common';
import type { RateLimitStore } from '@kokoro/rest';

/** Where the events stream is and how it is kept. */
export interface StreamOptions {
  /** NATS server URL(s) (default `KOKORO_NATS_URL`, else `nats://127.0.0.1:4222`). */
  natsUrl?: string;
  /** The JetStream stream (default `KOKORO_STREAM`, else `KOKORO_EVENTS`). */
  stream?: string;
  /** The subject prefix (default `KOKORO_SUBJECT_PREFIX`, else `kokoro`). */
  subjectPrefix?: string;
  /** How long the stream keeps a dispatch, in ms (default 24 h). */
  maxAge?: number;
  /** The stream's duplicate window, in ms: how long a dispatch id is remembered (default 10 min). */
  duplicateWindow?: number;
  /** Stream storage (default 'file': survives a NATS restart). */
  storage?: 'file' | 'memory';
}

/** What gateway processes and workers both take besides the stream. */
export interface ConnectorOptions extends StreamOptions {
  /**
   * The REST limits of a token shared with the other processes of the token (a
   * `RedisRateLimitStore`), for each client served that has no `rest.rateLimitStore` of its own;
   * asked once per client, when it is created. Default: limits stay in the process.
   */
  rateLimitStore?: (token: string) => RateLimitStore | undefined;
}

/** {@link StreamOptions} with every default filled in. */
export interface ResolvedStreamOptions {
  /** NATS server URL(s). */
  natsUrl: string;
  /** The JetStream stream's name. */
  stream: string;
  /** The subject prefix. */
  subjectPrefix: string;
  /** How long the stream keeps a dispatch (ms). */
  maxAge: number;
  /** How long a dispatch id is remembered for de-duplication (ms). */
  duplicateWindow: number;
  /** Where the stream keeps its messages. */
  storage: 'file' | 'memory';
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** Fill in the defaults (environment first) and check the names. */
export function resolveStreamOptions(options: StreamOptions = {}): ResolvedStreamOptions {
  const resolved: ResolvedStreamOptions = {
    natsUrl: options.natsUrl ?? process.env.KOKORO_NATS_URL ?? 'nats://127.0.0.1:4222',
    stream: options.stream ?? process.env.KOKORO_STREAM ?? 'KOKORO_EVENTS',
    subjectPrefix: options.subjectPrefix ?? process.env.KOKORO_SUBJECT_PREFIX ?? 'kokoro',
    maxAge: options.maxAge ?? 24 * 3600_000,
    duplicateWindow: options.duplicateWindow ?? 10 * 60_000,
    storage: options.storage ?? 'file',
  };
  if (!NAME.test(resolved.stream)) {
    throw new ValidationError(
      'stream',
      `a stream name has only letters, digits, '-' and '_', got "${resolved.stream}"`,
    );
  }
  if (!NAME.test(resolved.subjectPrefix)) {
    throw new ValidationError(
      'subjectPrefix',
      `a subject prefix is one token of letters, digits, '-' and '_', got "${resolved.subjectPrefix}"`,
    );
  }
  for (const key of ['maxAge', 'duplicateWindow'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] <= 0) {
      throw new ValidationError(key, `must be a positive number of ms, got ${resolved[key]}`);
    }
  }
  if (resolved.duplicateWindow > resolved.maxAge) {
    throw new ValidationError('duplicateWindow', 'must not be longer than maxAge');
  }
  return resolved;
}
