/**
 * A world described as JSON (`kokoro fake --seed world.json`, `fake.seed(json)`): bots, users and
 * guilds with their members and channels, everything named, members referring to bots and users
 * by name. Ids come from the fake's clock as usual, so a seed under a `ManualClock` gives the same
 * ids on every run. Bad input is refused with the path of the wrong field before anything is made.
 *
 * ```json
 * {
 *   "bots": [{ "name": "Nue", "token": "nue-token" }],
 *   "users": [{ "username": "alice" }],
 *   "guilds": [{ "name": "Shrine", "members": ["Nue", "alice"],
 *                "channels": [{ "name": "general" }, { "name": "Lounge", "type": 2 }] }]
 * }
 * ```
 */
import type { APIChannel, APIGuild, APIUser, ChannelType } from 'discord-api-types/v10';
import { FakeDiscordError } from './world/errors.js';
import type { FakeBot, World } from './world/world.js';

/** A world as JSON; see the module comment. */
export interface WorldSeed {
  /** Bot accounts to make (`token` optional: the fake makes one). */
  bots?: { name: string; token?: string; privilegedIntents?: number }[];
  /** Users to make. */
  users?: { username: string }[];
  /** Guilds to make, with their members (by name) and channels. */
  guilds?: {
    name: string;
    /** Bot names and usernames; the first user is the owner. */
    members?: string[];
    channels?: { name: string; type?: number; parent?: string }[];
  }[];
}

/** What a seed made, by name. */
export interface SeededWorld {
  /** The bots made, by name. */
  bots: Record<string, FakeBot>;
  /** The users made, by username. */
  users: Record<string, APIUser>;
  /** The guilds made, by name, each with its channels by name. */
  guilds: Record<string, { guild: APIGuild; channels: Record<string, APIChannel> }>;
}

/** The set-up calls a seed needs (the fake's own). */
export interface SeedTarget {
  /** The world seeded into. */
  readonly world: World;
  /** Create a bot application and user (see `FakeDiscord.createBot`). */
  addBot(options: { name: string; token?: string; privilegedIntents?: number }): FakeBot;
  /** Create a user. */
  addUser(options: { username: string }): APIUser;
  /** Create a guild with its `@everyone` role and the given members. */
  addGuild(options: { name: string; members?: readonly (string | FakeBot | APIUser)[] }): APIGuild;
  /** Create a channel in `guild` (default type: guild text; `parent`: a category's id). */
  addChannel(guild: string, options: { name: string; type?: ChannelType; parent?: string }): APIChannel;
}

function fail(path: string, what: string): never {
  throw new FakeDiscordError(`seed: ${path} ${what}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'must be a non-empty string');
  return value;
}

/** Check a seed's shape; returns it typed, or throws naming the first wrong field. */
export function parseSeed(input: unknown): WorldSeed {
  if (!isObject(input)) fail('the seed', 'must be a JSON object with bots, users and guilds');
  for (const key of Object.keys(input)) {
    if (!['bots', 'users', 'guilds'].includes(key)) fail(key, 'is not a seed field (bots, users, guilds)');
  }
  const names = new Set<string>();
  const bots = list(input.bots, 'bots').map((raw, i) => {
    if (!isObject(raw)) fail(`bots[${i}]`, 'must be an object');
    const name = text(raw.name, `bots[${i}].name`);
    if (names.has(name)) fail(`bots[${i}].name`, `repeats the name '${name}'`);
    names.add(name);
    if (raw.token !== undefined) text(raw.token, `bots[${i}].token`);
    if (raw.privilegedIntents !== undefined && !Number.isInteger(raw.privilegedIntents)) {
      fail(`bots[${i}].privilegedIntents`, 'must be an integer');
    }
    return raw as NonNullable<WorldSeed['bots']>[number];
  });
  const users = list(input.users, 'users').map((raw, i) => {
    if (!isObject(raw)) fail(`users[${i}]`, 'must be an object');
    const name = text(raw.username, `users[${i}].username`);
    if (names.has(name)) fail(`users[${i}].username`, `repeats the name '${name}'`);
    names.add(name);
    return raw as { username: string };
  });
  const guilds = list(input.guilds, 'guilds').map((raw, i) => {
    if (!isObject(raw)) fail(`guilds[${i}]`, 'must be an object');
    text(raw.name, `guilds[${i}].name`);
    list(raw.members, `guilds[${i}].members`).forEach((member, j) => {
      const name = text(member, `guilds[${i}].members[${j}]`);
      if (!names.has(name)) fail(`guilds[${i}].members[${j}]`, `names no bot or user of the seed ('${name}')`);
    });
    list(raw.channels, `guilds[${i}].channels`).forEach((channel, j) => {
      if (!isObject(channel)) fail(`guilds[${i}].channels[${j}]`, 'must be an object');
      text(channel.name, `guilds[${i}].channels[${j}].name`);
      if (channel.type !== undefined && !Number.isInteger(channel.type)) {
        fail(`guilds[${i}].channels[${j}].type`, 'must be a channel type number (0 text, 2 voice, 4 category...)');
      }
    });
    return raw as NonNullable<WorldSeed['guilds']>[number];
  });
  return { bots, users, guilds };
}

/** Build a seed's world in a fake (events are dispatched as for any set-up call). */
export function seedWorld(target: SeedTarget, input: unknown): SeededWorld {
  const seed = parseSeed(input);
  const made: SeededWorld = { bots: {}, users: {}, guilds: {} };
  const byName = new Map<string, FakeBot | APIUser>();
  for (const bot of seed.bots ?? []) {
    const created = target.addBot(bot);
    made.bots[bot.name] = created;
    byName.set(bot.name, created);
  }
  for (const user of seed.users ?? []) {
    const created = target.addUser(user);
    made.users[user.username] = created;
    byName.set(user.username, created);
  }
  for (const guild of seed.guilds ?? []) {
    const members = (guild.members ?? []).map((name) => byName.get(name)!);
    const created = target.addGuild({ name: guild.name, members });
    const channels: Record<string, APIChannel> = {};
    for (const channel of guild.channels ?? []) {
      const parent = channel.parent ? channels[channel.parent]?.id : undefined;
      if (channel.parent && !parent)
        fail(`channel '${channel.name}'.parent`, `names no earlier channel ('${channel.parent}')`);
      channels[channel.name] = target.addChannel(created.id, {
        name: channel.name,
        ...(channel.type !== undefined ? { type: channel.type as ChannelType } : {}),
        ...(parent ? { parent } : {}),
      });
    }
    made.guilds[guild.name] = { guild: created, channels };
  }
  return made;
}
