import { Cache } from '../src/cache.js';
import type { Guild } from '../src/entities/guild.js';
import type { CacheOwner } from '../src/owner.js';

/** An owner (client) for tests; `wants` can be toggled. */
export function owner(
  id: string,
  options: { intents?: number; wants?: boolean } = {},
): CacheOwner & { listening: boolean } {
  const o = {
    id,
    listening: options.wants ?? true,
    ...(options.intents === undefined ? {} : { intents: options.intents }),
    wants(): boolean {
      return o.listening;
    },
  };
  return o;
}

export const GUILD = '100000000000000001';
export const TEXT = '200000000000000001';
export const VOICE = '200000000000000002';
export const CATEGORY = '200000000000000003';
export const ROLE_MOD = '300000000000000001';
export const ROLE_MUTED = '300000000000000002';

export function user(id: string, username = `user${id.slice(-3)}`, extra: Record<string, unknown> = {}) {
  return { id, username, discriminator: '0', global_name: null, avatar: null, ...extra };
}

export function ready(botId: string, guildIds: string[], shard: [number, number] = [0, 1]) {
  return {
    v: 10,
    user: user(botId, `bot${botId.slice(-3)}`, { bot: true }),
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: 'session',
    resume_gateway_url: 'ws://x',
    shard,
    application: { id: botId, flags: 0 },
  };
}

export function member(userId: string, roles: string[] = [], extra: Record<string, unknown> = {}) {
  return {
    user: user(userId),
    roles,
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    ...extra,
  };
}

export function guildCreate(
  id = GUILD,
  options: { members?: unknown[]; ownerId?: string; presences?: unknown[] } = {},
) {
  return {
    id,
    name: 'Guild',
    icon: null,
    owner_id: options.ownerId ?? '900000000000000001',
    roles: [
      {
        id,
        name: '@everyone',
        permissions: '1049600',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: ROLE_MOD,
        name: 'mod',
        permissions: '8192',
        position: 1,
        color: 5,
        hoist: true,
        managed: false,
        mentionable: true,
        flags: 0,
      },
      {
        id: ROLE_MUTED,
        name: 'muted',
        permissions: '0',
        position: 2,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      { id: CATEGORY, type: 4, name: 'cat', position: 0, permission_overwrites: [] },
      { id: TEXT, type: 0, name: 'general', position: 1, parent_id: CATEGORY, permission_overwrites: [] },
      { id: VOICE, type: 2, name: 'voice', position: 2, bitrate: 64000, user_limit: 0, permission_overwrites: [] },
    ],
    threads: [],
    members: options.members ?? [member('900000000000000001')],
    presences: options.presences ?? [],
    voice_states: [],
    emojis: [{ id: '400000000000000001', name: 'kokoro', animated: false }],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    features: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    member_count: 1,
    unavailable: false,
  };
}

let nextMessage = 500000000000000000n;
export function messageId(): string {
  nextMessage += 1n;
  return nextMessage.toString();
}

export function message(id: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    channel_id: TEXT,
    guild_id: GUILD,
    author: user('900000000000000002', 'alice'),
    member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content,
    timestamp: '2024-01-01T00:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    ...extra,
  };
}

/**
 * A cache with one client (`bot`) that received READY and the guild's GUILD_CREATE (`guildData`,
 * the standard test guild by default); `ingest(t, d, wanted?)` feeds it more dispatches.
 */
export function oneClientCache(bot: string, guildData: unknown = guildCreate()) {
  const cache = new Cache();
  const a = owner(bot);
  cache.ingest(a, 0, 'READY', ready(bot, [GUILD]), true);
  cache.ingest(a, 0, 'GUILD_CREATE', guildData, true);
  const ingest = (t: string, d: unknown, wanted = true) => cache.ingest(a, 0, t, d, wanted) as unknown[];
  return { cache, a, ingest, guild: cache.guilds.get(GUILD) as Guild };
}
