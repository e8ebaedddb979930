// Shared by the example tests: where the compiled examples are, and quiet logs.

// Clients log at warn in tests, so `npm test` shows results, not every shard's "ready".
process.env.KOKORO_LOG_LEVEL ??= 'warn';

/** The compiled example `name` (examples/dist/src/<name>.js), for `fakeDiscordForTest`'s `module`. */
export function example(name: string): URL {
  return new URL(`../src/${name}.js`, import.meta.url);
}

/**
 * `promise`, or a rejection naming `what` after `ms` of real time. For waits on a fake whose clock
 * is a `ManualClock` (its own timeouts never fire): a deadline, not a sleep.
 */
export function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Wait until `predicate` holds, checking after each turn of the event loop (every 5 ms), for
 * state the fake cannot see change (a bot's own variables); fails after `timeout` ms of real time.
 */
export async function until<T>(predicate: () => T | undefined | false, what: string, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
