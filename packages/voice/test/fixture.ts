/** A fake Discord with one guild, a voice channel, a bot client and a listener user, for voice tests. */

import { after, before } from 'node:test';
import { Cache, Client, GatewayIntentBits, RestPool, runtime } from '@kokoro/core';
import { FakeDiscord, type FakeVoiceOptions } from '@kokoro/testing';
import { ChannelType } from 'discord-api-types/v10';
import '../src/index.js';

export interface VoiceFixture {
  fake: FakeDiscord;
  client: Client;
  guildId: string;
  channelId: string;
  otherChannelId: string;
  userId: string;
  channel: { id: string; guildId: string };
  close(): Promise<void>;
}

export const VOICE_INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildVoiceStates;

/** Start a fake Discord and a connected client in a guild with two voice channels. */
export async function voiceFixture(voice: FakeVoiceOptions = {}): Promise<VoiceFixture> {
  const fake = await FakeDiscord.start({ voice });
  const bot = fake.addBot({ name: 'Voicy' });
  const user = fake.addUser({ username: 'listener' });
  const guild = fake.addGuild({ name: 'Voice', members: [bot, user] });
  const channel = fake.addChannel(guild, { name: 'talk', type: ChannelType.GuildVoice });
  const other = fake.addChannel(guild, { name: 'other', type: ChannelType.GuildVoice });
  const pool = new RestPool();
  const client = new Client({
    name: 'Voicy',
    token: bot.token,
    intents: VOICE_INTENTS,
    restUrl: fake.restUrl,
    gatewayUrl: fake.gatewayUrl,
    cache: new Cache(),
    pool,
  });
  await client.start();
  return {
    fake,
    client,
    guildId: guild.id,
    channelId: channel.id,
    otherChannelId: other.id,
    userId: user.id,
    channel: { id: channel.id, guildId: guild.id },
    async close() {
      await client.stop();
      await fake.close();
      await pool.close();
    },
  };
}

/** Wait until `check` is true, polling on the event loop (no fixed sleeps). */
export async function until(check: () => boolean, what: string, limit = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limit) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The fixture of a test file: started before its tests, closed after them (with the executor).
 * Its fields are filled in when the `before` hook ran.
 */
export function useVoiceFixture(voice: FakeVoiceOptions = {}): VoiceFixture {
  const fixture = {} as VoiceFixture;
  before(async () => {
    Object.assign(fixture, await voiceFixture(voice));
  });
  after(async () => {
    await fixture.close?.();
    await runtime.closeExecutor();
  });
  return fixture;
}
