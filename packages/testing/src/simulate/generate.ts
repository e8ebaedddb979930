/**
 * Big worlds for benchmarks: thousands of guilds with their members, channels, roles and presences,
 * built straight into the world's maps without dispatching anything (connect the bots afterwards
 * and they receive it all as GUILD_CREATEs). Deterministic for a given seed.
 */
import { seededRandom } from '@kokoro/common';
import { ChannelType, type GatewayPresenceUpdate, PresenceUpdateStatus } from 'discord-api-types/v10';
import { makeMember, makeRole } from '../world/defaults.js';
import type { FakeBot, World } from '../world/world.js';
import { makeActivity } from './activities.js';

/** Options of {@link generateWorld}. */
export interface GenerateWorldOptions {
  /** How many guilds to make. */
  guilds: number;
  /** Members per guild besides the bots (default 100). */
  membersPerGuild?: number;
  /** Text channels per guild; every tenth is a voice channel (default 20). */
  channelsPerGuild?: number;
  /** Roles per guild besides `@everyone` and the bots' roles (default 10). */
  rolesPerGuild?: number;
  /** Give members presences (default false). */
  presences?: boolean;
  /** Share of members online when presences are on (default 0.5). */
  onlineRatio?: number;
  /** Give each online member one activity (a custom status, a game or music; default false). */
  activities?: boolean;
  /** Draw members from a pool of this many users (default: every member is a distinct user). */
  userPool?: number;
  /** Bots that join every guild (default: every bot of the world). */
  bots?: readonly FakeBot[];
  /** Give each bot its managed role in every guild, as Discord does (default true); false keeps role counts exact. */
  botRoles?: boolean;
  /** Seed of the random choices (roles of members, who is online). */
  seed?: number;
}

/** What {@link generateWorld} built. */
export interface GeneratedWorld {
  /** The guilds made. */
  guildIds: string[];
  /** Users made. */
  users: number;
  /** Memberships made, across guilds. */
  members: number;
  /** Channels made. */
  channels: number;
  /** Roles made. */
  roles: number;
  /** Presences set (members online). */
  presences: number;
}

const STATUSES = [PresenceUpdateStatus.Online, PresenceUpdateStatus.Idle, PresenceUpdateStatus.DoNotDisturb];

/** Build a big world quickly; see the module comment. */
export function generateWorld(world: World, options: GenerateWorldOptions): GeneratedWorld {
  const random = seededRandom(options.seed ?? 1);
  const perGuild = options.membersPerGuild ?? 100;
  const channelsPerGuild = options.channelsPerGuild ?? 20;
  const rolesPerGuild = options.rolesPerGuild ?? 10;
  const onlineRatio = options.onlineRatio ?? 0.5;
  const bots = options.bots ?? [...world.bots.values()];
  const joinedAt = world.timestamp();
  const now = Date.parse(joinedAt);
  const pool = options.userPool
    ? Array.from({ length: options.userPool }, (_, i) => world.createUser(`user${i}`))
    : undefined;
  let users = pool?.length ?? 0;
  const result: GeneratedWorld = { guildIds: [], users: 0, members: 0, channels: 0, roles: 0, presences: 0 };

  for (let g = 0; g < options.guilds; g++) {
    const owner = pool ? pool[g % pool.length]! : world.createUser(`owner${g}`);
    if (!pool) users++;
    const state = world.createGuild({ name: `Guild ${g}`, ownerId: owner.id });
    const guildId = state.guild.id;
    result.guildIds.push(guildId);
    const roleIds: string[] = [];
    for (let r = 0; r < rolesPerGuild; r++) {
      const role = makeRole(world.nextId(), `role ${r}`, r + 1, 0n);
      role.color = Math.floor(random() * 0xffffff);
      state.roles.set(role.id, role);
      roleIds.push(role.id);
    }
    for (let c = 0; c < channelsPerGuild; c++) {
      const type = c % 10 === 9 ? ChannelType.GuildVoice : ChannelType.GuildText;
      world.createChannel(guildId, { name: `channel-${c}`, type, quiet: true });
      result.channels++;
    }
    world.addMember(guildId, owner.id, { quiet: true });
    for (let m = 1; m < perGuild; m++) {
      const user = pool ? pool[(g * perGuild + m) % pool.length]! : world.createUser(`user${g}-${m}`);
      if (!pool) users++;
      if (state.members.has(user.id)) continue;
      const roles = roleIds.length && random() < 0.5 ? [roleIds[Math.floor(random() * roleIds.length)]!] : [];
      state.members.set(user.id, makeMember(user, joinedAt, roles));
      world.indexMember(guildId, user.id);
    }
    for (const bot of bots) world.addMember(guildId, bot.id, { quiet: true, managedRole: options.botRoles ?? true });
    if (options.presences) {
      for (const userId of state.members.keys()) {
        if (world.bots.has(userId) || random() >= onlineRatio) continue;
        const presence = {
          user: { id: userId },
          guild_id: guildId,
          status: STATUSES[Math.floor(random() * STATUSES.length)]!,
          activities: options.activities ? [makeActivity(random, now, userId)] : [],
          client_status: { desktop: 'online' },
        } as unknown as GatewayPresenceUpdate;
        state.presences.set(userId, presence);
      }
      result.presences += state.presences.size;
    }
    result.members += state.members.size;
    result.roles += state.roles.size;
  }
  result.users = users;
  return result;
}
