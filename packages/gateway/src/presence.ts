/**
 * Presence updates merge (hikari's rule): an update names only what changes, and a field left out
 * (or undefined) keeps its last value. Op 3 always carries the whole presence, so the merged one is
 * what is sent, what the next Identify carries, and what is restored after a reconnect.
 */
import { type GatewayPresenceUpdateData, PresenceUpdateStatus } from 'discord-api-types/v10';

/** The presence a bot has when none was set: online, no activity, not AFK. */
export const DEFAULT_PRESENCE: Readonly<GatewayPresenceUpdateData> = Object.freeze({
  since: null,
  activities: [],
  status: PresenceUpdateStatus.Online,
  afk: false,
});

/** `last` (or {@link DEFAULT_PRESENCE}) with the fields of `update` that are not undefined. */
export function mergePresence(
  last: GatewayPresenceUpdateData | undefined,
  update: Partial<GatewayPresenceUpdateData>,
): GatewayPresenceUpdateData {
  const presence: GatewayPresenceUpdateData = { ...(last ?? DEFAULT_PRESENCE) };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) (presence as unknown as Record<string, unknown>)[key] = value;
  }
  return presence;
}
