/**
 * What a close means for the session. Closing with 1000/1001 ends a session; every other close
 * leaves it resumable on Discord's side. So after a close the shard either resumes (the session may
 * still be alive: most codes, a dropped TCP connection, 1006), identifies anew (4007 invalid seq,
 * 4009 session timed out: the session is gone, a Resume would only waste a round trip), or stops for
 * good (4004, 4010-4014: retrying cannot help and Discord may lock the bot out).
 */
import { GatewayCloseCodes } from 'discord-api-types/v10';

/** What to do after a close. */
export type CloseAction = 'resume' | 'identify' | 'fatal';

const FATAL = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

/** The action a close code (from the server, or 1006 for a drop) calls for. */
export function closeAction(code: number): CloseAction {
  if (FATAL.has(code)) return 'fatal';
  if (code === GatewayCloseCodes.InvalidSeq || code === GatewayCloseCodes.SessionTimedOut) return 'identify';
  return 'resume';
}

/** The code the shard closes with when it wants to resume later (anything but 1000/1001). */
export const RESUMABLE_CLOSE = 4900;
