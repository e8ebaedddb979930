/**
 * Test helpers: a fake Discord with short intervals, a shard wired to record every dispatch, and
 * a way to wait for a condition without sleeping fixed times.
 */
import { afterEach } from 'node:test';
import { seededRandom, systemClock } from '@kokoro/common';
import { type FakeBot, FakeDiscord, type FakeGatewayOptions } from '@kokoro/testing';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type GatewayShard, LocalIdentifyQueue, Shard } from '../src/index.js';
import type { ShardOptions } from '../src/shard-options.js';

/** Dispatch name of the numbered probes the tests send. */
export const PROBE = 'KOKORO_PROBE';

export const INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages;

/** A fake with one bot in one guild. */
export async function setup(gatewayOptions: FakeGatewayOptions = {}) {
  const fake = await FakeDiscord.start({
    gatewayOptions: { heartbeatInterval: 150, identifyWindow: 10, ...gatewayOptions },
  });
  const bot = fake.addBot({ name: 'Tester' });
  const guild = fake.addGuild({ name: 'home', members: [bot] });
  return { fake, bot, guild };
}

/** What a shard received. */
export class Recorder {
  readonly dispatches: { t: string; s: number | null; d: any }[] = [];

  readonly onDispatch = (_shard: GatewayShard, t: string, d: unknown, s: number | null): void => {
    this.dispatches.push({ t, s, d });
  };

  count(t: string): number {
    return this.dispatches.filter((x) => x.t === t).length;
  }

  /** Probe numbers received, in order. */
  get probes(): number[] {
    return this.dispatches.filter((x) => x.t === PROBE).map((x) => x.d.n as number);
  }
}

/** A shard for the fake, with short backoff and a seeded random source. */
export function makeShard(
  fake: FakeDiscord,
  bot: FakeBot,
  recorder: Recorder,
  extra: Partial<ShardOptions> = {},
): Shard {
  return new Shard({
    token: bot.token,
    intents: INTENTS,
    url: fake.gatewayUrl,
    random: seededRandom(7),
    backoff: { base: 5, max: 40, stableAfter: 10_000 },
    invalidSessionDelay: 5,
    connectTimeout: 2000,
    identifyQueue: new LocalIdentifyQueue({ clock: systemClock, window: 10 }),
    onDispatch: recorder.onDispatch,
    ...extra,
  });
}

/**
 * The fake and the shard a test opened, closed after each test of the file that calls this (once,
 * at its top level). `setup` and `shard` open them one at a time; `started` opens both with a
 * recorder and starts the shard.
 */
export function closedAfterEach() {
  let fake: FakeDiscord | undefined;
  let shard: Shard | undefined;
  afterEach(async () => {
    await shard?.close();
    await fake?.close();
    shard = undefined;
    fake = undefined;
  });
  const opened = {
    /** {@link setup}, its fake closed after the test. */
    async setup(gatewayOptions: FakeGatewayOptions = {}) {
      const s = await setup(gatewayOptions);
      fake = s.fake;
      return s;
    },
    /** {@link makeShard}, the shard closed after the test. */
    shard(...args: Parameters<typeof makeShard>): Shard {
      shard = makeShard(...args);
      return shard;
    },
    /** A fake, a recorder and a shard for them, started. */
    async started(gatewayOptions: FakeGatewayOptions = {}, extra: Partial<ShardOptions> = {}) {
      const s = await opened.setup(gatewayOptions);
      const rec = new Recorder();
      const one = opened.shard(s.fake, s.bot, rec, extra);
      await one.start();
      return { ...s, rec, shard: one };
    },
  };
  return opened;
}

/** Wait until `predicate` holds (checked every few ms; fails after `ms`). */
export async function until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Send numbered probes `from..to` to the bot's sessions. */
export function probe(fake: FakeDiscord, botId: string, from: number, to: number): void {
  for (let n = from; n <= to; n++) fake.gateway.dispatchToSessions(PROBE, { n }, { botId });
}

/** Check probes 1..n arrived exactly once each, in order. */
export function assertAllOnce(recorder: Recorder, n: number): void {
  const got = recorder.probes;
  const expected = Array.from({ length: n }, (_, i) => i + 1);
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    const lost = expected.filter((x) => !got.includes(x));
    const dup = got.filter((x, i) => got.indexOf(x) !== i);
    throw new Error(`probes: lost ${JSON.stringify(lost)}, duplicated ${JSON.stringify(dup)}`);
  }
}
