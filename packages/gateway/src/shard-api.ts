/**
 * What a shard promises, apart from how it is built (hikari's `api/shard.py` beside
 * `impl/shard.py`). The options' callbacks and the state-change hook speak of this interface, not
 * of the `Shard` class, so the options, the lifecycle and the class do not import each other in a
 * circle.
 */
import type { GatewayPresenceUpdateData, GatewaySendPayload } from 'discord-api-types/v10';
import type { GuildMembersResult, RequestGuildMembersOptions } from './members.js';
import type { PresenceInput } from './presence.js';
import type { ShardState } from './shard-state.js';

/** Options of `updateVoiceState`. */
export interface VoiceStateOptions {
  /** Join muted (default false). */
  selfMute?: boolean;
  /** Join deafened (default false). */
  selfDeaf?: boolean;
}

/**
 * One move of a shard from one {@link ShardState} to another, with what caused it. The fields that
 * do not apply to a move are absent.
 */
export interface ShardStateChange {
  /** The shard that moved. */
  shardId: number;
  /** The state before. */
  from: ShardState;
  /** The state now. */
  to: ShardState;
  /**
   * The close code of the connection that ended (to `reconnecting` or `closed`): Discord's, 1006
   * when the socket dropped without a close frame, or the code the shard closed with itself
   * (4900 to resume later, 1000 from `close()`).
   */
  code?: number;
  /** Why the connection ended, in words (to `reconnecting` or `closed`). */
  reason?: string;
  /** The wait before the next attempt, in ms (to `reconnecting`). */
  delay?: number;
  /** To `ready`: a new session (`'ready'`) or the same one resumed (`'resumed'`). */
  how?: 'ready' | 'resumed';
  /** To `closed` by an error: the error that stopped the shard (also what `join()` rejects with). */
  error?: unknown;
}

/** A listener of a shard's state changes (see {@link GatewayShard.onStateChange}). */
export type ShardStateListener = (shard: GatewayShard, change: ShardStateChange) => void;

/** What one gateway shard offers (after hikari's `GatewayShard`). `Shard` implements it. */
export interface GatewayShard {
  /** This shard's id. */
  readonly id: number;
  /** Shards of the application. */
  readonly shardCount: number;
  /** The intents the shard identifies with. */
  readonly intents: number;
  /** The state of the connection lifecycle. */
  readonly state: ShardState;
  /** Milliseconds between the last heartbeat and its ACK; NaN until known. */
  readonly heartbeatLatency: number;
  /** Whether the shard is running (connected, or reconnecting by itself). */
  readonly isAlive: boolean;
  /** Whether the shard has a ready session on an open connection. */
  readonly isConnected: boolean;
  /** The last sequence number received (null before the first dispatch). */
  readonly sequence: number | null;
  /** The current session id, if any. */
  readonly sessionId: string | undefined;
  /** The bot's user id from the last READY (hikari's `get_user_id`); undefined before. */
  readonly userId: string | undefined;
  /** Connect; resolves on READY or RESUMED. */
  start(): Promise<void>;
  /** Resolves when closed by `close()`; rejects with the error that stopped the shard. */
  join(): Promise<void>;
  /** Close (1000 ends the session; another code keeps it resumable). */
  close(code?: number): Promise<void>;
  /** Send a raw payload through the send limiter. */
  send(payload: GatewaySendPayload): Promise<void>;
  /** Set the bot's presence (fields left out keep their last value). */
  updatePresence(presence: PresenceInput): Promise<void>;
  /** Join, move or leave (channelId null) a voice channel of a guild on this shard. */
  updateVoiceState(guildId: string, channelId: string | null, options?: VoiceStateOptions): Promise<void>;
  /** Ask for members of a guild on this shard; resolves with every chunk gathered. */
  requestGuildMembers(
    guild: string | { id: string },
    options?: RequestGuildMembersOptions,
  ): Promise<GuildMembersResult>;
  /** Call `listener` on every state change; returns a function that removes it. */
  onStateChange(listener: ShardStateListener): () => void;
}
