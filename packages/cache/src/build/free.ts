/**
 * Freeing: what goes when the last client leaves a guild or a DM. Users hold no reference count
 * (8 bytes each, measured): whether something else still has a user is looked up, per user when few,
 * or in one pass over every member when that is cheaper.
 */
import type { Snowflake } from '@kokoro/common';
import type { Guild } from '../entities/guild.js';
import type { EntityRef } from '../entities/refs.js';
import type { User } from '../entities/user.js';
import type { CacheOwner } from '../owner.js';
import { forgetUser } from './user.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/** See {@link Cache.removeOwner}: leave every guild and DM; what nobody else sees is freed. */
export function removeOwner(cache: Cache, owner: CacheOwner): void {
  const emptied: Guild[] = [];
  for (const guild of cache.guilds.values()) {
    const at = guild.clients.indexOf(owner);
    if (at < 0) continue;
    guild.clients.splice(at, 1);
    cache._leftGuild(guild, owner);
    if (guild.clients.length === 0) emptied.push(guild);
  }
  freeGuilds(cache, emptied);
  for (const channel of [...cache._dms]) {
    if (!channel._owners?.includes(owner)) continue;
    channel._owners = channel._owners.filter((o) => o !== owner);
    if (channel._owners.length > 0) continue;
    // A DM no client sees any more goes, and its recipients with it unless something else has them.
    cache.removeChannel(channel);
    for (const user of channel.recipients) releaseUser(cache, user);
  }
}

/** Forget guilds and everything in them, and the users nothing else refers to. */
export function freeGuilds(cache: Cache, guilds: readonly Guild[]): void {
  const candidates: User[] = [];
  for (const guild of guilds) {
    cache.guilds.delete(guild.id);
    for (const id of guild.channels.keys()) cache.channels.delete(id);
    for (const member of guild.members.values()) candidates.push(member.user);
  }
  if (candidates.length === 0) return;
  if (candidates.length * cache.guilds.size <= 1_000_000) {
    for (const user of candidates) releaseUser(cache, user);
    return;
  }
  const referenced = referencedUserIds(cache);
  for (const user of candidates) if (!referenced.has(user.id)) forgetUser(cache, user);
}

/** The ids of every user a cached member, DM or owner refers to. */
export function referencedUserIds(cache: Cache): Set<Snowflake> {
  const ids = new Set<Snowflake>();
  for (const guild of cache.guilds.values()) for (const id of guild.members.keys()) ids.add(id);
  for (const user of cache.ownerUsers.values()) ids.add(user.id);
  for (const dm of cache._dms) for (const user of dm.recipients) ids.add(user.id);
  return ids;
}

/** Drop `user` from `cache.users` if no cached member, DM or owner refers to it. */
export function releaseUser(cache: Cache, user: User): void {
  if (cache.isOwnerUser(user)) return;
  for (const guild of cache.guilds.values()) if (guild.members.has(user.id)) return;
  for (const dm of cache._dms) if (dm.recipients.includes(user)) return;
  forgetUser(cache, user);
}
