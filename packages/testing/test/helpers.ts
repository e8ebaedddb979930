import { after, before } from 'node:test';
import { FakeDiscord, type FakeDiscordOptions, noGateway, type WorldDispatch } from '../src/index.js';

/** A started fake with two bots, a user, a shared guild and a channel. */
export async function startFake(options: FakeDiscordOptions = {}) {
  const fake = await FakeDiscord.start({ gateway: () => noGateway(), ...options });
  const nue = fake.addBot({ name: 'Nue' });
  const saki = fake.addBot({ name: 'Saki' });
  const alice = fake.addUser({ username: 'alice' });
  const guild = fake.addGuild({ name: 'Shrine', members: [alice, nue, saki] });
  const channel = fake.addChannel(guild, { name: 'general' });
  return { fake, nue, saki, alice, guild, channel };
}

/**
 * Inside a describe block: a {@link startFake} fake started before its tests and closed after them.
 * The object returned is filled in by the time the first test runs.
 */
export function fakePerSuite(options: FakeDiscordOptions = {}): Awaited<ReturnType<typeof startFake>> {
  const ctx = {} as Awaited<ReturnType<typeof startFake>>;
  before(async () => {
    Object.assign(ctx, await startFake(options));
  });
  after(() => ctx.fake.close());
  return ctx;
}

/**
 * Inside a describe block, after {@link fakePerSuite}: the dispatches the fake's world sent (`seen`)
 * and `events()`, which gives their names and empties `seen`.
 */
export function recordDispatches(ctx: { fake: FakeDiscord }): { seen: WorldDispatch[]; events: () => string[] } {
  const seen: WorldDispatch[] = [];
  before(() => {
    ctx.fake.world.onDispatch((d) => seen.push(d));
  });
  const events = () => {
    const t = seen.map((d) => d.t);
    seen.length = 0;
    return t;
  };
  return { seen, events };
}

/** A JSON request to the fake as a bot (or without auth when token is null). */
export async function api(
  fake: FakeDiscord,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${fake.restUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bot ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
