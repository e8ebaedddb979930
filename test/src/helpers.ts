import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from 'kokoro';
import { type KokoroCommandResult, runKokoroCommand } from 'kokoro/testing';

// Clients made by the tests (and event threads they start) log at warn unless told otherwise, so
// `npm test` shows test results, not every shard's "ready"; tests that read logs set their level.
process.env.KOKORO_LOG_LEVEL ??= 'warn';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The compiled `kokoro` command. */
export { KOKORO_COMMAND_PATH as KOKORO_BIN } from 'kokoro/testing';
/** A fixture file (source, not compiled: the runtime loads TypeScript). */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../src/fixtures/${name}`, import.meta.url));

/**
 * Wait until `predicate` holds, checking after each turn of the event loop and on a short
 * interval. Not a sleep: it returns as soon as the condition is met, and fails after `timeout`.
 */
export async function waitFor<T>(predicate: () => T | undefined | false, what: string, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A logger whose JSON lines are kept in `lines`, for tests that read what a client logged. */
export function captureLogs(level: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** The result of running a command to its end. */
export type RunResult = KokoroCommandResult;

/** Run `kokoro` from the repository root with the given arguments, feeding `input` lines to its standard input. */
export function runKokoro(args: string[], input: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runKokoroCommand(args, { input, cwd: ROOT, env: { KOKORO_LOG_LEVEL: 'warn', ...env } });
}
