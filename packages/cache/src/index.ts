/**
 * @kokoro/cache: the entities (User, Guild, Channel, Message, GuildMember, Role) and the one cache per
 * runtime that every client shares. Reducers for every dispatch event apply each event once across
 * clients and give each client's handlers the same typed arguments.
 *
 * @document ../README.md
 *
 * @module @kokoro/cache
 */

export type { RawBytes, RawData } from '@kokoro/common';
export { Cache, defaultCache } from './cache.js';
export type { ChannelFields, PermissionOverwrite, ThreadMember } from './entities/channel.js';
export { Channel } from './entities/channel.js';
export type { GuildFields, VoiceState } from './entities/guild.js';
export { Guild } from './entities/guild.js';
export type { MemberData, MemberFields } from './entities/member.js';
export { GuildMember } from './entities/member.js';
export type { MessageFields, MessageReaction } from './entities/message.js';
export { Message } from './entities/message.js';
export type { RoleFields } from './entities/role.js';
export { Role } from './entities/role.js';
export type { Presence, PresenceFields, PresenceStatus, UserFields } from './entities/user.js';
export { UNKNOWN_USER, User } from './entities/user.js';
export { CachePayloadError, PayloadError } from './errors.js';
export type { ClientEventName, ClientEvents, EventNameOf, ExpressionChanges } from './events.js';
export { eventNameOf } from './events.js';
export type { CacheClient, CacheClientTypes, CacheOwner } from './owner.js';
export { ALL_PERMISSIONS, computeBasePermissions, computeChannelPermissions } from './permissions.js';
export type { CacheOptions, CachePolicy, SweeperOptions } from './policy.js';
export { DEFAULT_POLICY } from './policy.js';
export type {
  GuildOf,
  GuildsOf,
  Kept,
  KeptGuild,
  KeptMember,
  KeptOf,
  KeptUser,
  KindSchema,
  MemberField,
  Narrows,
  UserField,
  UserOf,
  UsersOf,
} from './schema.js';
