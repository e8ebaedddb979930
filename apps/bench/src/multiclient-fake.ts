/**
 * The multi-client benchmark's Discord, in its own process (its memory and CPU are not the clients'):
 * the fake Discord of @kokoro/testing with a generated world — `guilds` guilds of `members` members
 * (presences on), 20 channels and 10 roles each — and four bots in every guild, each with its own
 * token. Prints one JSON line `{ port, tokens }`, then reads commands on stdin:
 *
 * - `stream N`: N messages from members in text channels spread over the guilds (every bot's session
 *   receives each, through its own zlib-stream), then an end marker; prints `streamed`.
 *
 * `node multiclient-fake.js <guilds> <members>`
 */
import { createInterface } from 'node:readline';
import { seededRandom } from '@kokoro/common';
import { FakeDiscord } from '@kokoro/testing';
import { ChannelType } from 'discord-api-types/v10';
import { BENCH_INTENTS } from './cache-world.js';

/** The content of the message that ends a stream. */
export const END_MARKER = '__multiclient_end__';

async function main(): Promise<void> {
  const guilds = Number(process.argv[2] ?? 1000);
  const members = Number(process.argv[3] ?? 100);
  const fake = await FakeDiscord.start();
  const bots = Array.from({ length: 4 }, (_, i) =>
    fake.addBot({ name: `multi${i}`, privilegedIntents: BENCH_INTENTS } as never),
  );
  const world = fake.generateWorld({
    guilds,
    membersPerGuild: members - bots.length,
    channelsPerGuild: 20,
    rolesPerGuild: 8,
    presences: true,
    bots,
    seed: 11,
  });
  // Text channels and their members, to post from.
  const places: { channel: string; authors: string[] }[] = [];
  for (const guildId of world.guildIds) {
    const state = fake.guild(guildId);
    if (!state) continue;
    const authors = [...state.members.keys()].filter((id) => !fake.world.bots.has(id)).slice(0, 10);
    for (const channel of state.channels.values())
      if (channel.type === ChannelType.GuildText) places.push({ channel: channel.id, authors });
  }
  process.stdout.write(`${JSON.stringify({ port: fake.port, tokens: bots.map((bot) => bot.token) })}\n`);
  const random = seededRandom(17);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, count] = line.trim().split(' ');
    if (command === 'stream') {
      const n = Number(count);
      for (let i = 0; i < n; i++) {
        const place = places[Math.floor(random() * places.length)] as (typeof places)[number];
        const author = place.authors[i % place.authors.length] as string;
        await fake.userSays(place.channel, `message ${i}: the quick brown fox jumps over the lazy dog`, { author });
        // Let the sockets drain now and then, as a real stream is spread over time.
        if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      }
      const last = places[0] as (typeof places)[number];
      await fake.userSays(last.channel, END_MARKER, { author: last.authors[0] as string });
      process.stdout.write('streamed\n');
    } else if (command === 'close') {
      await fake.close();
      process.exit(0);
    }
  }
}

await main();
