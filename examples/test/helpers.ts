// Shared by the example tests: where the compiled examples are, one set-up for an example with its
// bot and a channel, and quiet logs.
import type { TestContext } from 'node:test';
import { type Client, type FakeDiscord, type FakeTestOptions, fakeDiscordForTest } from 'kokoro';

// Clients log at warn in tests, so `npm test` shows results, not every shard's "ready".
process.env.KOKORO_LOG_LEVEL ??= 'warn';

/** The compiled example `name` (examples/dist/src/<name>.js), for `fakeDiscordForTest`'s `module`. */
export function example(name: string): URL {
  return new URL(`../src/${name}.js`, import.meta.url);
}

/** What {@link startExample} gives a test. */
export interface ExampleTest<Exports> {
  /** The running fake Discord. */
  fake: FakeDiscord;
  /** The example's client, started against the fake. */
  bot: Client;
  /** What the example module exports (its clients, the services a test replaces). */
  exports: Exports;
  /** A new text channel of the bot's guild, for this test. */
  channel: { id: string; name?: string | null };
}

/**
 * Start the example `name` (examples/src/<name>.ts), whose token is read from `DISCORD_TOKEN`, as
 * the fake bot `bot`, in a guild with a new channel `channel`; everything stops after the test.
 * The other options (a `seed`, a `clock`, any option of the fake) go to `fakeDiscordForTest`.
 */
export async function startExample<Exports = Record<string, unknown>>(
  t: TestContext,
  name: string,
  options: { bot: string; channel: string } & Omit<FakeTestOptions, 'module' | 'env'>,
): Promise<ExampleTest<Exports>> {
  const { bot: botName, channel: channelName, ...rest } = options;
  const { fake, clients, exports, bots } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    ...rest,
    module: example(name),
    env: { DISCORD_TOKEN: botName },
  });
  const bot = clients[botName];
  if (!bot) throw new Error(`${name}: the module exports no client named ${botName}.`);
  const guild = [...fake.world.guilds.values()].find((g) => g.members.has(bots[botName]!.id));
  if (!guild) throw new Error(`${name}: the bot ${botName} is in no guild.`);
  const channel = fake.addChannel(guild.guild.id, { name: channelName });
  return { fake, bot, exports: exports as Exports, channel };
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
