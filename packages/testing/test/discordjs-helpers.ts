/**
 * Helpers for the discord.js fidelity tests: start a discord.js `Client` against a fake Discord and
 * wait for its events (never for fixed delays).
 */

import { Client, type ClientEvents, type ClientOptions, GatewayIntentBits, Partials } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { type FakeBot, FakeDiscord, type FakeDiscordOptions } from '../src/index.js';

/** How long any awaited event may take before the test fails. Generous: the machine is shared. */
export const EVENT_TIMEOUT = 10_000;

/** Every intent discord.js knows, privileged ones included. */
export const ALL_INTENTS = Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number');

/** A discord.js client whose REST goes to the fake (`/api` + version 10); it finds the gateway by `GET /gateway/bot`. */
export function discordjsClient(
  fake: FakeDiscord,
  intents: readonly number[],
  options: Partial<ClientOptions> = {},
): Client {
  return new Client({
    intents: [...intents],
    rest: { api: `http://127.0.0.1:${fake.port}/api`, version: '10' },
    ...options,
  });
}

/** Log a client in and resolve once `ready` is emitted (rejects on a login error or the timeout). */
export async function login(client: Client, token: string): Promise<Client<true>> {
  const ready = waitFor(client, 'clientReady');
  await client.login(token);
  await ready;
  return client as Client<true>;
}

/**
 * Resolve with the arguments of the next `event` that matches `filter`; reject after
 * {@link EVENT_TIMEOUT} naming the event, so a missing event fails the test rather than hanging.
 */
export function waitFor<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean = () => true,
  timeout = EVENT_TIMEOUT,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener as never);
      reject(new Error(`discord.js emitted no matching '${String(event)}' within ${timeout} ms`));
    }, timeout);
    const listener = (...args: ClientEvents[E]) => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      client.off(event, listener as never);
      resolve(args);
    };
    client.on(event, listener as never);
  });
}

/**
 * Resolve once `condition()` holds, checking after each turn of the event loop (no fixed delay);
 * reject after `timeout` ms.
 */
export async function eventually(condition: () => boolean, timeout = EVENT_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition still false after ${timeout} ms: ${condition}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A fake Discord with one bot (Nue) and a user (alice) in a guild with a text channel, and Nue logged in with discord.js. */
export interface DiscordjsWorld {
  fake: FakeDiscord;
  nue: FakeBot;
  alice: APIUser;
  guildId: string;
  channelId: string;
  client: Client<true>;
  /** Every HTTP status discord.js received, in order (to count 429s). */
  statuses: number[];
  /** Destroy the client and close the fake. */
  close(): Promise<void>;
}

/** Start {@link DiscordjsWorld}: every intent, DM channels as partials, discord.js's default caches. */
export async function startDiscordjsWorld(options: FakeDiscordOptions = {}): Promise<DiscordjsWorld> {
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 1000 }, ...options });
  const nue = fake.addBot({ name: 'Nue' });
  const alice = fake.addUser({ username: 'alice' });
  const guild = fake.addGuild({ name: 'Shrine', members: [alice, nue] });
  const channelId = fake.addChannel(guild, { name: 'general' }).id;
  const statuses: number[] = [];
  const client = discordjsClient(fake, ALL_INTENTS, { partials: [Partials.Channel] });
  client.rest.on('response', (_request, response) => statuses.push(response.status));
  try {
    await login(client, nue.token);
  } catch (error) {
    await client.destroy();
    await fake.close();
    throw error;
  }
  return {
    fake,
    nue,
    alice,
    guildId: guild.id,
    channelId,
    client: client as Client<true>,
    statuses,
    async close() {
      await client.destroy();
      await fake.close();
    },
  };
}
