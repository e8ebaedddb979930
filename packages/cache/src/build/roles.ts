import type { Snowflake } from '@kokoro/common';
import type { APIRole } from 'discord-api-types/v10';
import { type Guild, writableCollection } from '../entities/guild.js';
import type { EntityRef } from '../entities/refs.js';
import type { Role } from '../entities/role.js';
import { EMPTY } from '../util.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/**
 * Members with the same roles share one array (measured: 104 bytes per member otherwise). A single
 * role's list hangs on the role itself; lists of several roles are kept per guild, keyed by the
 * sorted role ids. Deleting a role removes it from these lists in place (see GUILD_ROLE_DELETE).
 */
export function internRoles(cache: Cache, guild: Guild, ids: readonly Snowflake[]): readonly Role[] {
  if (ids.length === 0) return EMPTY;
  if (ids.length === 1) {
    const id = ids[0] as string;
    const role = guild.roles.get(id) ?? cache.role(guild, { id } as APIRole);
    role._alone ??= [role];
    return role._alone;
  }
  const key = [...ids].sort().join(',');
  let roles = guild._roleSets.get(key);
  if (!roles) {
    roles = [];
    for (const id of ids) roles.push(guild.roles.get(id) ?? cache.role(guild, { id } as APIRole));
    writableCollection(guild, '_roleSets').set(key, roles);
  }
  return roles;
}

/** Whether two role lists hold the same roles, in any order. */
export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** Remove `role` from `guild`, and from every member's list in place (the lists are shared). */
export function removeRole(guild: Guild, role: Role): void {
  guild.roles.delete(role.id);
  role._alone?.splice(0);
  const sets = writableCollection(guild, '_roleSets');
  for (const [key, roles] of sets) {
    const index = roles.indexOf(role);
    if (index < 0) continue;
    roles.splice(index, 1);
    sets.delete(key);
  }
}
