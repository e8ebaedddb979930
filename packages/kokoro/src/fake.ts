/**
 * `useFakeDiscord()`: the embedded fake Discord, loaded only when asked for. Importing `kokoro`
 * does not load `@kokoro/testing` (a megabyte and a few hundred ms): only `--fake`, this function
 * or an explicit `kokoro/testing` import do.
 */
import { runtime, setDefaultEndpoints } from '@kokoro/core';
import type { FakeDiscord, FakeDiscordOptions } from '@kokoro/testing';
import { fakeAccounts } from './fake-accounts.js';

let running: Promise<FakeDiscord> | undefined;

/**
 * Start the fake Discord inside this runtime (once; later calls return the same one) and make it
 * the default endpoint of every client created afterwards, so bots run offline with no token: a
 * client whose token the fake does not know gets a bot account made for it (see fake-accounts.ts).
 * It closes when the runtime shuts down.
 */
export function useFakeDiscord(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  running ??= (async () => {
    const { FakeDiscord } = await import('@kokoro/testing');
    const fake = await FakeDiscord.start(options);
    setDefaultEndpoints({ restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl, accounts: fakeAccounts(fake) });
    runtime.onShutdown(() => fake.close());
    return fake;
  })();
  return running;
}

/**
 * Close the fake of {@link useFakeDiscord} (if any) so that the next call starts a new one: what a
 * test does between two tests that each load a bot module. Resolves once it is closed.
 */
export async function releaseFakeDiscord(): Promise<void> {
  const current = running;
  running = undefined;
  if (current) await (await current).close();
}
