/**
 * `npm run bench -- cache`: the heap a full cache keeps, on two worlds.
 *
 * - **current**: 2,500 guilds with 250,000 members, 50,000 channels, 25,000 roles (@everyone, 8 roles,
 *   the bot's), half the members online without activities.
 * - **presence-heavy**: the same guilds with every member online with one activity (a custom status,
 *   a game or music), as a big bot with GUILD_PRESENCES sees them.
 *
 * Each world is written as gateway payloads (READY + one GUILD_CREATE per guild, as sent to a bot with
 * every intent and `large_threshold` 250, so every member comes with its guild). Kokoro's cache (default
 * policy; on the presence-heavy world also the "minimal" schema: ids, names, roles and permissions, no
 * presences) and a discord.js 14 `Client` with its default caching each parse and ingest them in a
 * child process; the heap used plus ArrayBuffer contents after garbage collection, minus the same
 * before, is reported. Rounds
 * alternate which library goes first; the table gives the median of the rounds.
 *
 * Options: `--guilds N` (2,500), `--members N` per guild (100), `--rounds N` (3).
 */
import { rmSync } from 'node:fs';
import { option } from './args.js';
import { type Measured, measure } from './cache-measure.js';
import { type WrittenWorld, writeWorld } from './cache-world.js';
import { median } from './stats.js';

/** The "minimal" bot's cache (schema.ts): ids; guild, channel and role names; member roles (permissions); no presences. */
export const MINIMAL_CACHE: Record<string, unknown> = {
  presences: false,
  members: { fields: ['roles'] },
  users: { fields: [] },
};

interface Case {
  name: string;
  library: 'kokoro' | 'discordjs';
  options?: Record<string, unknown>;
}

/** Median heap and ingest time of each case over `rounds`, the order rotating every round. */
async function rounds(world: WrittenWorld, cases: readonly Case[], count: number): Promise<Map<string, Measured>> {
  const results = new Map<string, Measured[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < count; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      const measured = await measure(c.library, world.files, c.options ?? {});
      results.get(c.name)?.push(measured);
      console.log(`  round ${round + 1}: ${c.name} ${measured.mb.toFixed(1)} MB, ${measured.seconds.toFixed(2)} s`);
    }
  }
  const medians = new Map<string, Measured>();
  for (const [name, list] of results) {
    const mb = median(list.map((m) => m.mb));
    const seconds = median(list.map((m) => m.seconds));
    medians.set(name, { mb, seconds, payloads: list[0]?.payloads ?? 0 });
  }
  return medians;
}

function describe(label: string, guilds: number, world: WrittenWorld): void {
  console.log(
    `${label}: ${guilds} guilds, ${world.members} members, ${world.channels} channels, ${world.roles} roles, ${world.presences} presences (${(world.bytes / 1048576).toFixed(0)} MB of JSON)`,
  );
}

function table(rows: [string, Measured][]): void {
  console.log('| library                  | heap kept (MB) | ingest (s) |');
  console.log('|--------------------------|---------------:|-----------:|');
  for (const [name, m] of rows)
    console.log(`| ${name.padEnd(24)} | ${m.mb.toFixed(1).padStart(14)} | ${m.seconds.toFixed(2).padStart(10)} |`);
}

/** Run the benchmark; see the module comment. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const guilds = option(args, 'guilds', 2500);
  const membersPerGuild = option(args, 'members', 100);
  const count = option(args, 'rounds', 3);
  const size = {
    guilds,
    // generateWorld counts the owner among the members and adds the bot: 99 + 1 = 100 per guild.
    membersPerGuild: membersPerGuild - 1,
    channelsPerGuild: 20,
    rolesPerGuild: 8,
    presences: true,
    bots: 1,
  };
  const full: Case[] = [
    { name: 'kokoro', library: 'kokoro' },
    { name: 'discord.js 14', library: 'discordjs' },
  ];

  const current = writeWorld(size);
  let a: Map<string, Measured>;
  try {
    describe('current world', guilds, current);
    a = await rounds(current, full, count);
  } finally {
    rmSync(current.dir, { recursive: true, force: true });
  }
  const heavy = writeWorld({ ...size, onlineRatio: 1, activities: true });
  let b: Map<string, Measured>;
  try {
    describe('presence-heavy world', guilds, heavy);
    b = await rounds(heavy, [...full, { name: 'kokoro minimal', library: 'kokoro', options: MINIMAL_CACHE }], count);
  } finally {
    rmSync(heavy.dir, { recursive: true, force: true });
  }

  const get = (results: Map<string, Measured>, name: string) => results.get(name) as Measured;
  console.log(`\ncurrent world (median of ${count} rounds):`);
  table([
    ['kokoro', get(a, 'kokoro')],
    ['discord.js 14', get(a, 'discord.js 14')],
  ]);
  console.log(`\npresence-heavy world (median of ${count} rounds):`);
  table([
    ['kokoro', get(b, 'kokoro')],
    ['kokoro minimal', get(b, 'kokoro minimal')],
    ['discord.js 14', get(b, 'discord.js 14')],
  ]);
  const ratio = get(a, 'kokoro').mb / get(a, 'discord.js 14').mb;
  const heavyRatio = get(b, 'kokoro').mb / get(b, 'discord.js 14').mb;
  const minimalRatio = get(b, 'kokoro minimal').mb / get(b, 'discord.js 14').mb;
  console.log(
    `ratios kokoro / discord.js: current ${ratio.toFixed(3)}, presence-heavy ${heavyRatio.toFixed(3)}, minimal ${minimalRatio.toFixed(3)}`,
  );
  return {
    kokoro_mb: round(get(a, 'kokoro').mb),
    discordjs_mb: round(get(a, 'discord.js 14').mb),
    ratio: round3(ratio),
    presence_heavy_kokoro_mb: round(get(b, 'kokoro').mb),
    presence_heavy_discordjs_mb: round(get(b, 'discord.js 14').mb),
    presence_heavy_ratio: round3(heavyRatio),
    minimal_ratio: round3(minimalRatio),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
