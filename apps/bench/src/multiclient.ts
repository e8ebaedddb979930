/**
 * `npm run bench -- multiclient`: what more clients cost. Four bots share the same 1,000 guilds
 * (100 members, 20 channels, 10 roles each, presences on) of a generated world; each bot's READY and
 * GUILD_CREATEs are written as gateway payloads. Kokoro runs 1, 2 and 4 clients on one shared cache;
 * discord.js runs 4 separate `Client`s (each has its own cache, as discord.js is built). Each case runs
 * in a child process; the heap used after garbage collection, minus the heap before, is reported.
 *
 * Options: `--guilds N` (1,000), `--members N` per guild (100).
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
  const guilds = option(args, 'guilds', 1000);
  const members = option(args, 'members', 100);
  // generateWorld counts the owner among the members and adds the 4 bots.
  const world = writeWorld({
    guilds,
    membersPerGuild: members - 4,
    channelsPerGuild: 20,
    rolesPerGuild: 8,
    presences: true,
    bots: 4,
  });
  let k1: Measured;
  let k2: Measured;
  let k4: Measured;
  let d1: Measured;
  let d4: Measured;
  try {
    k1 = await measure('kokoro', world.files.slice(0, 1));
    k2 = await measure('kokoro', world.files.slice(0, 2));
    k4 = await measure('kokoro', world.files.slice(0, 4));
    d1 = await measure('discordjs', world.files.slice(0, 1));
    d4 = await measure('discordjs', world.files.slice(0, 4));
  } finally {
    rmSync(world.dir, { recursive: true, force: true });
  }
  const growth = k4.mb / k1.mb;
  console.log(`world: ${guilds} guilds shared by 4 bots, ${world.members} members, ${world.presences} presences`);
  console.log('| library             | clients | heap kept (MB) | vs 1 client |');
  console.log('|---------------------|--------:|---------------:|------------:|');
  const row = (name: string, clients: number, mb: number, base: number) =>
    console.log(
      `| ${name.padEnd(19)} | ${String(clients).padStart(7)} | ${mb.toFixed(1).padStart(14)} | ${(mb / base).toFixed(2).padStart(11)} |`,
    );
  row('kokoro (shared)', 1, k1.mb, k1.mb);
  row('kokoro (shared)', 2, k2.mb, k1.mb);
  row('kokoro (shared)', 4, k4.mb, k1.mb);
  row('discord.js 14', 1, d1.mb, d1.mb);
  row('discord.js 14', 4, d4.mb, d1.mb);
  return {
    kokoro_1_mb: round(k1.mb),
    kokoro_2_mb: round(k2.mb),
    kokoro_4_mb: round(k4.mb),
    discordjs_1_mb: round(d1.mb),
    discordjs_4_mb: round(d4.mb),
    growth_4_over_1: Math.round(growth * 1000) / 1000,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
