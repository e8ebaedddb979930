/**
 * What the fake gateway records for tests to inspect, and the filter that picks connections or
 * sessions for fault injection.
 */

/** Selects connections or sessions for fault injection; every given field must match. */
export interface GatewayFilter {
  botId?: string;
  shardId?: number;
  sessionId?: string;
  connectionId?: number;
}

/** One Identify the fake received and accepted. */
export interface IdentifyRecord {
  botId: string;
  shardId: number;
  shardCount: number;
  at: number;
  sessionId: string;
  intents: number;
  presence: unknown;
}

/** One Resume the fake received. */
export interface ResumeRecord {
  sessionId: string;
  seq: number;
  path: string;
  /** The query string of the connection (`v=10&encoding=json&compress=...`), without `?`. */
  query: string;
  at: number;
  /** How many dispatches were replayed, or 'invalid' when answered with op 9. */
  replayed: number | 'invalid';
}

/** A payload a client sent. */
export interface ReceivedPayload {
  connectionId: number;
  botId: string | undefined;
  sessionId: string | undefined;
  shardId: number | undefined;
  op: number;
  d: unknown;
  at: number;
}

/** One connection that ended. */
export interface CloseRecord {
  connectionId: number;
  botId: string | undefined;
  sessionId: string | undefined;
  /** The close code (1006 for a drop without close frame). */
  code: number;
  /** Whether the client (or the network) ended it, rather than the fake. */
  byClient: boolean;
  at: number;
}

/** Keep only the last `limit` entries of a record list (after a push). */
export function pushCapped(list: unknown[], limit: number): void {
  if (list.length > limit) list.splice(0, list.length - limit);
}

/** Identify and Resume data without the token. */
export function redactToken(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !('token' in data)) return data;
  return { ...(data as object), token: '[REDACTED]' };
}
