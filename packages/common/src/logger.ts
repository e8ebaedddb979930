import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { scrubSecrets } from './secrets.js';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Logger name, shown as `name` in each line. */
  name?: string;
  /** pino level; defaults to `KOKORO_LOG_LEVEL` or `'info'`. */
  level?: string;
  /** Where lines go; defaults to standard error, so standard output stays free for the console. */
  destination?: DestinationStream;
}

/** Field paths that are always censored, wherever a caller logs an object carrying them. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.Authorization',
  'd.token',
  'payload.d.token',
  'clientSecret',
  '*.clientSecret',
];

/**
 * A pino logger that censors token fields and scrubs every registered secret from messages
 * and serialized objects, so no token can reach a log line.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.KOKORO_LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    hooks: {
      streamWrite: scrubSecrets,
    },
  };
  if (options.name !== undefined) config.name = options.name;
  return pino(config, options.destination ?? pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything; the default for library objects created without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
