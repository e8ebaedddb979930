/**
 * Users and presences under the policy's limits. `users` / `maxUsers` bound the users kept in
 * `cache.users`; `presences` / `maxPresences` bound the users holding a presence other than offline.
 * The presence count is kept exact by routing every store and removal of a user through
 * {@link keepUser} and {@link forgetUser}. A user or presence past a limit is still built and
 * delivered with its event; it is only not kept.
 */
import type { Snowflake } from '@kokoro/common';
import type { APIUser, GatewayPresenceUpdate } from 'discord-api-types/v10';
import { sameCompactPresence } from '../compact-presence.js';
import type { EntityRef } from '../entities/refs.js';
import { OFFLINE, type Presence, User } from '../entities/user.js';
import { internPresence } from '../intern.js';
import { patchFields } from '../patch.js';
import { sameJson } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

type Old = Record<string, unknown> | undefined;

/** The presence part of a payload (PRESENCE_UPDATE, GUILD_CREATE, member chunks). */
export type PresenceData = Pick<GatewayPresenceUpdate, 'user' | 'status' | 'activities' | 'client_status'>;

/** Store `user` in `cache.users` (counting its presence). */
export function keepUser(cache: Cache, user: User): void {
  cache.users.set(user.id, user);
  if (user._presence !== OFFLINE) cache._presenceCount++;
}

/** Remove `user` from `cache.users` (uncounting its presence). */
export function forgetUser(cache: Cache, user: User): void {
  if (cache.users.get(user.id) !== user) return;
  cache.users.delete(user.id);
  if (user._presence !== OFFLINE) cache._presenceCount--;
}

/** Whether a user seen outside a kept member (author, mention, reaction...) is kept under the policy. */
export function keepsUser(cache: Cache): boolean {
  return cache.policy.users && cache.users.size < cache.policy.maxUsers;
}

/** The cached user with this id, else a bare one, kept when the policy allows. */
export function userById(cache: Cache, id: Snowflake): User {
  let user = cache.users.get(id);
  if (!user) {
    user = new User(id);
    if (keepsUser(cache)) keepUser(cache, user);
  }
  return user;
}

/** See {@link Cache.user}. */
export function buildUser(cache: Cache, data: APIUser, old: Old): User {
  let user = cache.users.get(data.id);
  if (!user) {
    user = new User(data.id);
    if (keepsUser(cache)) keepUser(cache, user);
    old = undefined;
  }
  patchFields(user, cache._userFields, data, old);
  // The display name is often the username: hold one string, not two equal ones.
  if (user.globalName !== null && user.globalName === user.username) user.globalName = user.username;
  return user;
}

/** Whether the cache keeps (or would keep) a presence for `user`: presences on, user kept, under the limit. */
export function keepsPresence(cache: Cache, user: User): boolean {
  if (!cache.policy.presences || cache.users.get(user.id) !== user) return false;
  return user._presence !== OFFLINE || cache._presenceCount < cache.policy.maxPresences;
}

/** See {@link Cache.presence}. */
export function applyPresence(cache: Cache, data: PresenceData, old: Old): User {
  const user = userById(cache, data.user.id);
  if ('username' in data.user && data.user.username !== undefined)
    patchFields(user, cache._userFields, data.user as APIUser, undefined);
  if (!cache.policy.presences) return user;
  const presence = internPresence(data.status, data.activities, data.client_status);
  const before = user._presence;
  if (presence === before || samePresence(before, presence)) {
    // Another guild's copy of a change already applied: the same old values as that copy gave.
    if (old) {
      const previous = cache._recentPresences.before(user.id, before, cache.clock.now());
      if (previous) diffPresence(previous, before, old);
    }
    return user;
  }
  if (cache.users.get(user.id) === user) {
    if (before === OFFLINE) {
      if (cache._presenceCount >= cache.policy.maxPresences) return user;
      cache._presenceCount++;
    } else if (presence === OFFLINE) cache._presenceCount--;
  }
  if (old) diffPresence(before, presence, old);
  user._presence = presence;
  if (cache.anyoneWants('presenceUpdate')) cache._recentPresences.note(user.id, before, presence, cache.clock.now());
  return user;
}

function samePresence(a: Presence, b: Presence): boolean {
  if (sameCompactPresence(a, b)) return true;
  return a.status === b.status && a.clientStatus === b.clientStatus && sameJson(a.activities, b.activities);
}

function diffPresence(before: Presence, after: Presence, old: Record<string, unknown>): void {
  if (before.status !== after.status) old.status = before.status;
  if (!sameJson(before.activities, after.activities)) old.activities = before.activities;
  if (before.clientStatus !== after.clientStatus) old.clientStatus = before.clientStatus;
}
