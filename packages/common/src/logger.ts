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
  /**
   * `'json'` (pino's lines, for machines) or `'pretty'` (one short line per entry, for people at a
   * console); defaults to `KOKORO_LOG_FORMAT` or `'json'`. The `kokoro` command picks `'pretty'`
   * when standard error is a terminal.
   */
  format?: 'json' | 'pretty';
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const BASE_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

/** Turn one pino JSON line into `12:00:01 INFO  kokoro:Nue shard 0 ready {"shard":0}`. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const time = new Date(Number(entry.time)).toISOString().slice(11, 19);
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (!BASE_FIELDS.has(key)) extra[key] = value;
  const err = extra.err as { message?: string; stack?: string } | undefined;
  if (err) delete extra.err;
  const rest = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  const name = entry.name ? `${entry.name} ` : '';
  return `${time} ${level} ${name}${entry.msg ?? ''}${rest}${err ? `\n  ${err.stack ?? err.message}` : ''}\n`;
}

/** A destination writing {@link prettyLine}s to standard error. */
export function prettyDestination(stream: NodeJS.WritableStream = process.stderr): DestinationStream {
  return { write: (line: string) => stream.write(prettyLine(line)) };
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
  const format = options.format ?? (process.env.KOKORO_LOG_FORMAT === 'pretty' ? 'pretty' : 'json');
  const destination = options.destination ?? (format === 'pretty' ? prettyDestination() : standardError());
  return pino(config, destination);
}

let stderr: ReturnType<typeof pino.destination> | undefined;

/** One buffered standard-error destination per thread, shared by every logger that writes there. */
function standardError(): DestinationStream {
  stderr ??= pino.destination({ fd: 2, sync: false });
  return stderr;
}

/**
 * Write out log lines still buffered for standard error, and wait (briefly) for a write already in
 * flight. Called before a thread ends (the runtime's event thread does on shutdown), so the last
 * lines, such as the shards' closes, are not lost when the thread is terminated.
 */
export async function flushLogs(): Promise<void> {
  const destination = stderr as unknown as { flushSync(): void; _writing?: boolean } | undefined;
  if (!destination) return;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      destination.flushSync();
    } catch {
      // Nothing written yet, or standard error is closed: nothing to flush.
    }
    // sonic-boom leaves a write that is already in flight to finish on its own: wait for it.
    if (destination._writing !== true) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A logger that drops everything; the default for library objects created without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
