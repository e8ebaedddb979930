/**
 * `runKokoroCommand(args, { input })`: run the `kokoro` command of this package in a child process
 * to its end, feeding console lines to its standard input, and get its exit code and output. For
 * tests that a bot file runs as its users will run it (`kokoro run bots.ts --fake`, then console
 * lines such as `await fake.userSays(...)` and `.exit`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KokoroError } from '@kokoro/common';

/** The compiled `kokoro` command of this package (what `npx kokoro` runs). */
export const KOKORO_COMMAND_PATH: string = fileURLToPath(new URL('./bin.js', import.meta.url));

/** Options of {@link runKokoroCommand}. */
export interface KokoroCommandOptions {
  /** Lines written to the command's standard input (each followed by a newline), which is then closed. */
  input?: readonly string[];
  /** Environment variables set over this process's own. */
  env?: NodeJS.ProcessEnv;
  /** The working directory (default this process's). */
  cwd?: string;
  /** Milliseconds of real time before the command is killed and the call rejects; default 60,000. */
  timeout?: number;
}

/** How the `kokoro` command ended, and what it wrote. */
export interface KokoroCommandResult {
  /** The exit code (`null` when a signal ended it). */
  code: number | null;
  /** Everything written to standard output. */
  stdout: string;
  /** Everything written to standard error. */
  stderr: string;
}

/**
 * Run `kokoro ...args` with Node in a child process and resolve once it exits. Rejects with a
 * `KokoroError` (code `KOKORO_COMMAND_TIMEOUT`, with what it wrote) if it has not exited after
 * `timeout` ms of real time: it is killed then, so the call never pends forever.
 */
export function runKokoroCommand(
  args: readonly string[],
  options: KokoroCommandOptions = {},
): Promise<KokoroCommandResult> {
  const timeout = options.timeout ?? 60_000;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    return Promise.reject(
      new KokoroError('KOKORO_INVALID_OPTION', `runKokoroCommand: timeout must be milliseconds > 0, got ${timeout}.`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KOKORO_COMMAND_PATH, ...args], {
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new KokoroError(
          'KOKORO_COMMAND_TIMEOUT',
          `kokoro ${args.join(' ')} did not exit within ${timeout} ms; it was killed (does its input end with .exit?)\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new KokoroError('KOKORO_COMMAND_FAILED', `kokoro ${args.join(' ')} could not start: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // a command that exits before reading its input
    child.stdin.end((options.input ?? []).map((line) => `${line}\n`).join(''));
  });
}
