/**
 * `npm run bench -- cache`: the heap a full cache keeps. A generated world of 2,500 guilds with
 * 250,000 members, 50,000 channels, 25,000 roles and presences is written as gateway payloads
 * (READY + one GUILD_CREATE per guild, everything sent as for a bot with every intent and
 * `large_threshold` 250, so every member comes with its guild); Kokoro's cache and a discord.js 14
 * `Client` with its default caching each parse and ingest them in a child process, and the heap used
 * after garbage collection, minus the heap before, is reported.
 *
 * (10 roles per guild: @everyone, 8 roles and the bot's.)
 *
 * Options: `--guilds N` (2,500), `--members N` per guild (100).
 */
import { rmSync } from 'node:fs';
import { type Measured, measure } from './cache-measure.js';
import { writeWorld } from './cache-world.js';

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** Run the benchmark; see the module comment. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const guilds = option(args, 'guilds', 2500);
  const membersPerGuild = option(args, 'members', 100);
  // generateWorld counts the owner among the members and adds the bot: 99 + 1 = 100 per guild.
  const world = writeWorld({
    guilds,
    membersPerGuild: membersPerGuild - 1,
    channelsPerGuild: 20,
    rolesPerGuild: 8,
    presences: true,
    bots: 1,
  });
  let kokoro: Measured;
  let discordjs: Measured;
  try {
    kokoro = await measure('kokoro', world.files);
    discordjs = await measure('discordjs', world.files);
  } finally {
    rmSync(world.dir, { recursive: true, force: true });
  }
  const ratio = kokoro.mb / discordjs.mb;
  console.log(
    `world: ${guilds} guilds, ${world.members} members, ${world.channels} channels, ${world.roles} roles, ${world.presences} presences (${(world.bytes / 1048576).toFixed(0)} MB of JSON)`,
  );
  console.log('| library            | heap kept (MB) | ingest (s) |');
  console.log('|--------------------|---------------:|-----------:|');
  console.log(
    `| kokoro             | ${kokoro.mb.toFixed(1).padStart(14)} | ${kokoro.seconds.toFixed(2).padStart(10)} |`,
  );
  console.log(
    `| discord.js 14      | ${discordjs.mb.toFixed(1).padStart(14)} | ${discordjs.seconds.toFixed(2).padStart(10)} |`,
  );
  console.log(`ratio kokoro / discord.js: ${ratio.toFixed(3)}`);
  return {
    kokoro_mb: round(kokoro.mb),
    discordjs_mb: round(discordjs.mb),
    ratio: Math.round(ratio * 1000) / 1000,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
