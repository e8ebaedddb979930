import { runtime, setDefaultEndpoints } from '@kokoro/core';
import { FakeDiscord, type FakeDiscordOptions } from '@kokoro/testing';

let running: Promise<FakeDiscord> | undefined;

/**
 * Start the fake Discord inside this runtime (once; later calls return the same one) and make it
 * the default endpoint of every client created afterwards, so bots run offline with no token.
 * It closes when the runtime shuts down.
 */
export function useFakeDiscord(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  running ??= (async () => {
    const fake = await FakeDiscord.start(options);
    setDefaultEndpoints({ restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl });
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
