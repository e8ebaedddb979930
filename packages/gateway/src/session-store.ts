/**
 * Where a shard keeps its session outside its own memory, so that another process (a restarted
 * gateway process, a new deploy) can resume it instead of identifying anew.
 *
 * A session on Discord's side outlives the connection that opened it: closed with any code but
 * 1000/1001, it stays resumable for a while, and a Resume with its id and last sequence replays what
 * was missed. So a shard given a {@link GatewaySessionStore} loads the stored session before its
 * first connection and resumes it (falling back to Identify through the identify queue when Discord
 * answers op 9); it saves the session id and resume URL at READY and the sequence as dispatches
 * arrive — throttled, since a stale sequence only means a few dispatches replayed twice, which
 * consumers de-duplicate by (bot, shard, session, sequence) — and once more when it stops with a
 * resumable close; it deletes the session when the session ends (op 9, 4007/4009, a 1000/1001 close).
 *
 * Sessions are keyed by the bot's user id (decoded from the token's first segment, never the token),
 * the shard id and the shard count: a session of a 4-shard layout is no use to an 8-shard one.
 */
import { createHash } from 'node:crypto';

/** Which session: the bot (its user id, not its token), the shard and the shard count. */
export interface GatewaySessionKey {
  /** The bot's user id (see {@link botIdFromToken}). */
  botId: string;
  /** The shard id. */
  shardId: number;
  /** Shards of the application when the session was opened. */
  shardCount: number;
}

/** What is stored of a session: enough to send a Resume to the right place. */
export interface StoredGatewaySession {
  /** `session_id` from READY. */
  sessionId: string;
  /** The last sequence received (0 before the first dispatch). */
  sequence: number;
  /** `resume_gateway_url` from READY. */
  resumeUrl: string;
}

/**
 * A store of gateway sessions shared by the processes that may run a shard. Implementations must
 * settle every call (bounded by their own timeout); a failure is logged by the shard, which then
 * identifies anew (load) or goes on (save, delete).
 */
export interface GatewaySessionStore {
  /** The stored session of `key`, or undefined. */
  load(key: GatewaySessionKey): Promise<StoredGatewaySession | undefined>;
  /** Store (replace) the session of `key`. */
  save(key: GatewaySessionKey, session: StoredGatewaySession): Promise<void>;
  /** Forget the session of `key` (it ended). */
  delete(key: GatewaySessionKey): Promise<void>;
}

/**
 * The in-memory {@link GatewaySessionStore}: sessions survive a `ShardManager` stopped and made
 * anew in the same process (not a process restart; for that use a shared store such as
 * `RedisGatewaySessionStore` from @kokoro/cluster). Without any store a shard keeps its session in
 * its own memory only, as it always did.
 */
export class MemoryGatewaySessionStore implements GatewaySessionStore {
  readonly #sessions = new Map<string, StoredGatewaySession>();

  /** Sessions stored now (for inspection and tests). */
  get size(): number {
    return this.#sessions.size;
  }

  /** See {@link GatewaySessionStore.load}. */
  load(key: GatewaySessionKey): Promise<StoredGatewaySession | undefined> {
    const found = this.#sessions.get(sessionKeyString(key));
    return Promise.resolve(found ? { ...found } : undefined);
  }

  /** See {@link GatewaySessionStore.save}. */
  save(key: GatewaySessionKey, session: StoredGatewaySession): Promise<void> {
    this.#sessions.set(sessionKeyString(key), { ...session });
    return Promise.resolve();
  }

  /** See {@link GatewaySessionStore.delete}. */
  delete(key: GatewaySessionKey): Promise<void> {
    this.#sessions.delete(sessionKeyString(key));
    return Promise.resolve();
  }
}

/** `botId/shardId/shardCount`: a key as one string (no secret in it). */
export function sessionKeyString(key: GatewaySessionKey): string {
  return `${key.botId}/${key.shardId}/${key.shardCount}`;
}

/**
 * The bot's user id, decoded from the first segment of its token (base64 of the id). A token of
 * another shape gives `t-` and a SHA-256 digest prefix of it instead: stable per token, and the token
 * cannot be read back from it.
 */
export function botIdFromToken(token: string): string {
  const bare = token.replace(/^Bot\s+/i, '');
  const first = bare.split('.')[0] ?? '';
  const decoded = first ? Buffer.from(first, 'base64').toString('utf8') : '';
  if (/^\d{15,21}$/.test(decoded)) return decoded;
  return `t-${createHash('sha256').update(bare).digest('hex').slice(0, 24)}`;
}
