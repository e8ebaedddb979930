/**
 * Helpers of the stream tests: a fake Discord with one bot in one guild, clients served by a
 * gateway or worker connector, and bounded waits.
 */

import { after } from 'node:test';
import { Cache } from '@kokoro/cache';
import { silentLogger } from '@kokoro/common';
import { Client, type ClientConnector, DEFAULT_INTENTS } from '@kokoro/core';
import { FakeDiscord } from '@kokoro/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { parseRunId } from '../src/index.js';
import { natsUrl, uniqueName } from './services.js';

/** A fake Discord with a bot, a user and a guild with a channel. */
export async function fakeWorld(options: Parameters<typeof FakeDiscord.start>[0] = {}) {
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 60_000 }, ...options });
  const bot = fake.addBot({ name: 'Streamer' });
  const user = fake.addUser({ username: 'alice' });
  const guild = fake.addGuild({ name: 'Stream Guild', members: [bot, user] });
  const channel = fake.addChannel(guild, { name: 'general' });
  return { fake, bot, user, guild, channel };
}

/** A client of `token` on the fake, with a cache of its own, served by `connector` (`shardCount`: 1 unless given). */
export function clientOn(
  fake: FakeDiscord,
  token: string,
  connector: ClientConnector,
  name: string,
  shardCount?: number,
): Client {
  return new Client({
    ...(shardCount !== undefined ? { shardCount } : {}),
    name,
    token,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache: new Cache(),
    connector,
    logger: silentLogger,
    intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
    waitGuildsTimeout: 5_000,
  });
}

/** Resolve when `condition()` holds; reject after `timeout` ms saying what was awaited. */
export async function waitUntil(what: string, condition: () => boolean, timeout = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Delete a test's stream (and so its consumers). */
export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl() });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/**
 * The dispatches in a stored message, each with its own id (`<botId>:<shardId>:<sessionId>:<seq>`):
 * one, or a run of them (see src/runs.ts).
 */
export function dispatchesOf(msg: {
  headers?: { get(key: string): string } | undefined;
  string(): string;
}): { id: string; d: Record<string, unknown> }[] {
  const run = parseRunId(msg.headers?.get('Nats-Msg-Id') ?? '');
  if (!run) throw new Error('not a message of a gateway process');
  const body = JSON.parse(msg.string()) as Record<string, unknown> | Record<string, unknown>[];
  const list = run.count === 1 ? [body as Record<string, unknown>] : (body as Record<string, unknown>[]);
  return list.map((d, i) => ({ id: `${run.session}:${run.seq + i}`, d }));
}

const madeStreams: string[] = [];
after(async () => {
  for (const stream of madeStreams.splice(0)) await deleteStream(stream);
});

/**
 * A stream of the test's own (deleted after the file's tests), a subject prefix, and the connector
 * options naming both (memory storage).
 */
export function testStream(name: string) {
  const stream = uniqueName(name).toUpperCase();
  madeStreams.push(stream);
  const prefix = uniqueName(name.slice(0, 1));
  return { stream, prefix, options: { natsUrl: natsUrl(), stream, subjectPrefix: prefix, storage: 'memory' as const } };
}
