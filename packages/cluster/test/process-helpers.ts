/**
 * Children running `kokoro gateway` / `kokoro worker` for the process tests, and their clean-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { natsUrl, redisUrl } from './services.js';

const BIN = fileURLToPath(new URL('../../../kokoro/dist/src/bin.js', import.meta.url));
const COUNT_BOT = fileURLToPath(new URL('./fixtures/count-bot.js', import.meta.url));

/** A running child and what it printed. */
export interface Child {
  readonly process: ChildProcess;
  output: string;
  /** Resolves with the exit code (or signal). */
  readonly exited: Promise<number | string>;
}

/** Start `kokoro <role> count-bot.js` against the fake at `fakeUrl`; resolves once it runs its client. */
export async function startChild(
  role: 'gateway' | 'worker',
  fakeUrl: string,
  token: string,
  flags: string[],
  timeout = 60_000,
): Promise<Child> {
  const child = spawn(
    process.execPath,
    [BIN, role, COUNT_BOT, '--no-repl', '--progress', '0', '--fake-url', fakeUrl, ...flags],
    {
      env: { ...process.env, COUNT_BOT_TOKEN: token, KOKORO_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const state: Child = {
    process: child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))),
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  const started = Date.now();
  while (!state.output.includes('kokoro: running Counter')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`kokoro ${role} exited before running:\n${state.output}`);
    }
    if (Date.now() - started > timeout) {
      child.kill('SIGKILL');
      throw new Error(`kokoro ${role} did not start within ${timeout} ms:\n${state.output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return state;
}

/** Stop a child: SIGTERM, then SIGKILL if it has not exited within `grace` ms. */
export async function stopChild(child: Child, grace = 10_000): Promise<number | string> {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), grace);
    const code = await child.exited;
    clearTimeout(timer);
    return code;
  }
  return child.exited;
}

/** The `kokoro gateway|worker` flags of a test: its NATS stream and subjects, Redis under its prefix. */
export function clusterFlags(stream: string, prefix: string, ...extra: string[]): string[] {
  return [
    '--nats',
    natsUrl(),
    '--redis',
    redisUrl(),
    '--redis-prefix',
    `${prefix}:`,
    '--stream',
    stream,
    '--subject-prefix',
    prefix,
    ...extra,
  ];
}

/** How often each `seen <content>` answer was posted in the channel. */
export function answers(
  fake: { messages(channel: string): { content: string }[] },
  channel: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages(channel)) {
    if (!message.content.startsWith('seen ')) continue;
    const content = message.content.slice(5);
    counts.set(content, (counts.get(content) ?? 0) + 1);
  }
  return counts;
}
