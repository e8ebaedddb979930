/**
 * `startRuntime` as the `kokoro` package offers it: the same as `@kokoro/core`'s, and bot modules
 * may be TypeScript (tsx's loader is loaded on the event thread first), and `fake: true` starts
 * the embedded fake Discord before the bot modules, as `kokoro run --fake` does.
 */
import { fileURLToPath } from 'node:url';
import { type RuntimeHandle, type RuntimeOptions, startRuntime as startCoreRuntime } from '@kokoro/core';

const TYPESCRIPT = fileURLToPath(new URL('./preload/typescript.js', import.meta.url));
const FAKE = fileURLToPath(new URL('./preload/fake.js', import.meta.url));

/** Options of the `kokoro` package's {@link startRuntime}. */
export interface KokoroRuntimeOptions extends RuntimeOptions {
  /** Start the embedded fake Discord first (`fake` in the console); clients connect to it. */
  fake?: boolean;
}

/**
 * Start the event thread with the given bot modules (TypeScript or JavaScript). Then
 * `runConsole(handle)` opens the console on this thread, or `await handle.ready` and run headless.
 */
export function startRuntime(options: KokoroRuntimeOptions): RuntimeHandle {
  const { fake, ...rest } = options;
  const preload = [TYPESCRIPT, ...(fake ? [FAKE] : []), ...(options.preload ?? [])];
  return startCoreRuntime({ ...rest, preload: [...new Set(preload)] });
}
