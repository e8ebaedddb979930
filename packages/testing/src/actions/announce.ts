import type { World } from '../world/world.js';

/** Dispatch an event to the bots of a guild that have `intent` (undefined: every bot of the guild). */
export function guildEvent(
  world: World,
  guildId: string,
  t: string,
  d: unknown,
  intent?: number,
  channelId?: string,
): void {
  world.dispatch({ t, d, guildId, ...(intent !== undefined ? { intent } : {}), ...(channelId ? { channelId } : {}) });
}

/** Dispatch an event to some bots only (application events, DMs, per-bot state). */
export function botEvent(
  world: World,
  botIds: readonly string[],
  t: string,
  d: unknown,
  intent?: number,
  guildId?: string,
): void {
  world.dispatch({
    t,
    d,
    recipients: botIds,
    ...(intent !== undefined ? { intent } : {}),
    ...(guildId ? { guildId } : {}),
  });
}

/** Copy `changes` onto `target`, keeping only keys in `allowed` that are present. */
export function applyChanges<T extends object>(
  target: T,
  changes: Record<string, unknown>,
  allowed: readonly string[],
): T {
  for (const key of allowed) {
    if (key in changes && changes[key] !== undefined) (target as Record<string, unknown>)[key] = changes[key];
  }
  return target;
}

/** A member without its `user`, as it rides inside other payloads. */
export function withoutUser<T extends { user?: unknown }>(member: T): Omit<T, 'user'> {
  const { user: _user, ...rest } = member;
  return rest;
}
