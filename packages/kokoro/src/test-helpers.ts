/**
 * One-line set-up and teardown of the fake Discord for a test runner. `fakeDiscordForTest(after,
 * { module })` starts the fake (as `useFakeDiscord()`, so a module that calls it gets the same
 * one), makes the fake bots whose tokens the module reads from the environment, loads the module,
 * starts every `Client` it exports, and registers one cleanup with the runner — `t.after` in
 * node:test, `onTestFinished` in vitest — that stops the clients and closes the fake.
 *
 * ```ts
 * test('ping', async (t) => {
 *   const { fake, clients, world } = await fakeDiscordForTest((fn) => t.after(fn), {
 *     module: new URL('../src/bots.js', import.meta.url),
 *     seed: { bots: [{ name: 'Nue' }], guilds: [{ name: 'Shrine', members: ['Nue'], channels: [{ name: 'general' }] }] },
 *     env: { DISCORD_TOKEN: 'Nue' },
 *   });
 *   const channel = world!.guilds.Shrine!.channels.general!;
 *   await fake.user('alice').says(channel, 'ping');
 *   assert.equal((await fake.nextMessage(channel, { from: clients.Nue })).content, 'pong');
 * });
 * ```
 *
 * Each test file runs in its own process under node:test and vitest's default pool, so files run
 * in parallel each with their own fake. Within one process, tests using this helper run one at a
 * time (the default endpoints of a process are one); for several fakes at once in one process,
 * start them with `FakeDiscord.start()` and give clients `restUrl`/`gatewayUrl`.
 */
import { type Clock, KokoroError } from '@kokoro/common';
import { Client } from '@kokoro/core';
import type { FakeBot, FakeDiscord, FakeDiscordOptions, SeededWorld } from '@kokoro/testing';
import { releaseFakeDiscord, useFakeDiscord } from './fake.js';

/**
 * Options of {@link fakeDiscordForTest}: what to load and build, and every option of
 * `FakeDiscord.start` (`clock`, `voice`, `rateLimits`, `gatewayOptions`, `logger`, `port`...), which
 * go to the fake as they are.
 */
export interface FakeTestOptions extends FakeDiscordOptions {
  /** The bot module to load (path, URL, or a function that imports it); its exported clients start. */
  module?: string | URL | (() => Promise<Record<string, unknown>>);
  /**
   * Environment variables the module reads its tokens from, each mapped to a bot name: the helper
   * makes that fake bot (in the seed's first guild, else in a guild "Test Guild" with #general) and
   * sets the variable to its token before loading the module.
   */
  env?: Record<string, string>;
  /** A world as JSON (see `fake.seed`), built before the module loads. */
  seed?: unknown;
  /** The fake's clock (a `ManualClock` for deterministic ids and times). */
  clock?: Clock;
  /** Start the exported clients (default true). */
  start?: boolean;
}

/** What {@link fakeDiscordForTest} gives the test. */
export interface FakeTest {
  /** The running fake Discord (the one `useFakeDiscord()` returns). */
  fake: FakeDiscord;
  /** The module's exported clients, by export name. */
  clients: Record<string, Client>;
  /** Everything the module exports. */
  exports: Record<string, unknown>;
  /** The bots made from `env`, by name. */
  bots: Record<string, FakeBot>;
  /** What the seed made. */
  world: SeededWorld | undefined;
}

let loads = 0;

/** Start the fake, load the bot module, start its clients; `onCleanup` gets the teardown. See the module comment. */
export async function fakeDiscordForTest(
  onCleanup: (teardown: () => Promise<void>) => unknown,
  options: FakeTestOptions = {},
): Promise<FakeTest> {
  if (typeof onCleanup !== 'function') {
    throw new KokoroError(
      'KOKORO_INVALID_OPTION',
      'fakeDiscordForTest: give the runner’s cleanup hook first: (fn) => t.after(fn) in node:test, onTestFinished in vitest',
    );
  }
  await releaseFakeDiscord();
  const { module, env, seed, start, ...fakeOptions } = options;
  const fake = await useFakeDiscord(fakeOptions);
  const clients: Record<string, Client> = {};
  onCleanup(async () => {
    await Promise.allSettled(Object.values(clients).map((client) => client.stop()));
    await releaseFakeDiscord();
  });
  const world = seed === undefined ? undefined : fake.seed(seed);
  const bots: Record<string, FakeBot> = {};
  for (const [variable, name] of Object.entries(env ?? {})) {
    const bot = Object.values(world?.bots ?? {}).find((b) => b.name === name) ?? fake.addBot({ name });
    bots[name] = bot;
    process.env[variable] = bot.token;
    const guild = fake.world.guilds.values().next().value?.guild ?? defaultGuild(fake);
    if (!fake.world.guild(guild.id)?.members.has(bot.id)) fake.addMembers(guild, [bot]);
  }
  const exports = module ? await load(module) : {};
  for (const [name, value] of Object.entries(exports)) if (value instanceof Client) clients[name] = value;
  if (start !== false) await Promise.all(Object.values(clients).map((client) => client.start()));
  return { fake, clients, exports, bots, world };
}

function defaultGuild(fake: FakeDiscord) {
  const guild = fake.addGuild({ name: 'Test Guild' });
  fake.addChannel(guild, { name: 'general' });
  return guild;
}

async function load(module: NonNullable<FakeTestOptions['module']>): Promise<Record<string, unknown>> {
  if (typeof module === 'function') return module();
  const url = module instanceof URL ? module : new URL(module, `file://${process.cwd()}/`);
  // A new URL each time: every test gets fresh clients, made against its own fake.
  url.searchParams.set('kokoro-fake-test', String(++loads));
  return (await import(url.href)) as Record<string, unknown>;
}
