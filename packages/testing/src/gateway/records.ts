/**
 * What the fake gateway records for tests to inspect, and the filter that picks connections or
 * sessions for fault injection.
 */

/** Selects connections or sessions for fault injection; every given field must match. */
export interface GatewayFilter {
  /** The bot's user id. */
  botId?: string;
  /** The shard id. */
  shardId?: number;
  /** The gateway session id. */
  sessionId?: string;
  /** The fake's number for one websocket connection. */
  connectionId?: number;
}

/** One Identify the fake received and accepted. */
export interface IdentifyRecord {
  /** The bot's user id. */
  botId: string;
  /** The shard it identified as. */
  shardId: number;
  /** The shard count it gave. */
  shardCount: number;
  /** When (ms, the world's clock). */
  at: number;
  /** The session the fake started for it. */
  sessionId: string;
  /** The intents it asked for. */
  intents: number;
  /** The presence it connected with, as sent. */
  presence: unknown;
}

/** One Resume the fake received. */
export interface ResumeRecord {
  /** The session it resumed. */
  sessionId: string;
  /** The sequence it resumed from. */
  seq: number;
  /** The URL path it connected to. */
  path: string;
  /** The query string of the connection (`v=10&encoding=json&compress=...`), without `?`. */
  query: string;
  /** When (ms, the world's clock). */
  at: number;
  /** How many dispatches were replayed, or 'invalid' when answered with op 9. */
  replayed: number | 'invalid';
}

/** A payload a client sent. */
export interface ReceivedPayload {
  /** The connection it came on. */
  connectionId: number;
  /** The bot's user id, once identified. */
  botId: string | undefined;
  /** The session, once identified or resumed. */
  sessionId: string | undefined;
  /** The shard, once identified. */
  shardId: number | undefined;
  /** The opcode. */
  op: number;
  /** The payload data (token redacted). */
  d: unknown;
  /** When (ms, the world's clock). */
  at: number;
}

/** One connection that ended. */
export interface CloseRecord {
  /** The connection that ended. */
  connectionId: number;
  /** The bot's user id, if it had identified. */
  botId: string | undefined;
  /** Its session, if any. */
  sessionId: string | undefined;
  /** The close code (1006 for a drop without close frame). */
  code: number;
  /** Whether the client (or the network) ended it, rather than the fake. */
  byClient: boolean;
  /** When (ms, the world's clock). */
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
