import { FakeDiscord, type FakeDiscordOptions, noGateway } from '../src/index.js';

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
