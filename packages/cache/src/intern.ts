/**
 * Interning of the small values every user repeats: a presence without activities is one of a few
 * dozen combinations of status and client status, so users share one frozen presence instead of each
 * holding the strings and objects its payload brought (measured in the README).
 */
import type { GatewayActivity, GatewayPresenceClientStatus } from 'discord-api-types/v10';
import { compactPresence } from './compact-presence.js';
import type { Presence, PresenceStatus } from './entities/user.js';
import { OFFLINE } from './entities/user.js';
import { EMPTY } from './util.js';

const STATUSES: Record<string, PresenceStatus> = {
  online: 'online' as PresenceStatus,
  idle: 'idle' as PresenceStatus,
  dnd: 'dnd' as PresenceStatus,
  offline: 'offline',
  invisible: 'offline',
};

/** The shared string for a presence status (`'offline'` for unknown or missing). */
export function internStatus(status: string | undefined): PresenceStatus {
  return (status !== undefined && STATUSES[status]) || 'offline';
}

const clientStatuses = new Map<string, Readonly<GatewayPresenceClientStatus>>();

/** The shared frozen client status equal to `value` (`null` when absent or empty). */
export function internClientStatus(
  value: GatewayPresenceClientStatus | undefined | null,
): Readonly<GatewayPresenceClientStatus> | null {
  if (!value) return null;
  const desktop = value.desktop === undefined ? '' : internStatus(value.desktop);
  const mobile = value.mobile === undefined ? '' : internStatus(value.mobile);
  const web = value.web === undefined ? '' : internStatus(value.web);
  const key = `${desktop}|${mobile}|${web}`;
  if (key === '||') return null;
  let shared = clientStatuses.get(key);
  if (!shared) {
    const built: GatewayPresenceClientStatus = {};
    if (desktop) built.desktop = desktop as never;
    if (mobile) built.mobile = mobile as never;
    if (web) built.web = web as never;
    shared = Object.freeze(built);
    clientStatuses.set(key, shared);
  }
  return shared;
}

const presences = new Map<string, Presence>();

/**
 * The presence for these payload parts: shared when it has no activities, one compact object for one
 * activity (see compact-presence.ts), the payload's list otherwise.
 */
export function internPresence(
  status: string | undefined,
  activities: readonly GatewayActivity[] | undefined,
  clientStatus: GatewayPresenceClientStatus | undefined | null,
): Presence {
  const s = internStatus(status);
  const c = internClientStatus(clientStatus);
  if (activities && activities.length > 0) {
    if (activities.length === 1) {
      const compact = compactPresence(s, c, activities[0] as GatewayActivity);
      if (compact) return compact;
    }
    return Object.freeze({ status: s, activities, clientStatus: c });
  }
  if (s === 'offline' && c === null) return OFFLINE;
  const key = `${s}/${c?.desktop ?? ''}|${c?.mobile ?? ''}|${c?.web ?? ''}`;
  let shared = presences.get(key);
  if (!shared) {
    shared = Object.freeze({ status: s, activities: EMPTY, clientStatus: c });
    presences.set(key, shared);
  }
  return shared;
}

const names = new Map<string, string>();
const NAME_LIMIT = 65_536;

/**
 * One shared copy of a short name that many entities repeat (channel names such as "general", role
 * names such as "@everyone" or "Moderator"). Bounded: past the limit, new names are not interned.
 */
export function internName<T extends string | null | undefined>(name: T): T {
  if (typeof name !== 'string' || name.length > 32) return name;
  const shared = names.get(name);
  if (shared !== undefined) return shared as T;
  if (names.size < NAME_LIMIT) names.set(name, name);
  return name;
}
