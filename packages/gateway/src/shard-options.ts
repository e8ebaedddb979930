/**
 * Options of a {@link Shard} and their defaults.
 */
import type { Clock, Logger, Random } from '@kokoro/common';
import type { GatewayPresenceUpdateData, GatewayReceivePayload } from 'discord-api-types/v10';
import type { AttemptLimitOptions } from './attempt-limits.js';
import type { BackoffOptions } from './backoff.js';
import type { GatewayEncoding } from './connection.js';
import type { IdentifyQueue } from './identify-queue.js';
import type { GatewayCompression, ZlibStrategy } from './inflate.js';
import type { RawData } from './raw-dispatch.js';
import type { SendLimiterOptions } from './send-limiter.js';
import type { GatewaySessionStore } from './session-store.js';
import type { GatewayShard, ShardStateListener } from './shard-api.js';

/**
 * Options of one shard. `startAttempts` (default 8) and `startTimeout` (default 120 000 ms, identify
 * queue waits excluded) bound the attempts before the first READY of a run; `maxAttempts` (default
 * none) bounds reconnect attempts after a session was lost (see attempt-limits.ts).
 */
export interface ShardOptions extends AttemptLimitOptions {
  /** The bot token (without "Bot "). */
  token: string;
  /** The intents bitfield to identify with. */
  intents: number;
  /** This shard's id (default 0). */
  shardId?: number;
  /** Shards of the application (default 1). */
  shardCount?: number;
  /** The gateway URL from `GET /gateway/bot` (e.g. `wss://gateway.discord.gg`). */
  url: string;
  /** Transport compression (default 'zlib-stream'); `null` means none. */
  compression?: GatewayCompression | null;
  /** Payload encoding (default 'json'); 'etf' is Erlang's binary term format (etf.ts). */
  encoding?: GatewayEncoding;
  /** The `User-Agent` of the websocket upgrade (default `DiscordBot (url, version)`, as REST sends). */
  userAgent?: string;
  /** How zlib-stream is inflated (default: the fastest this Node allows). */
  zlib?: ZlibStrategy;
  /** The identify queue shared by the application's shards (default: a private one). */
  identifyQueue?: IdentifyQueue;
  /**
   * Where the session is kept beyond this shard's memory, so a new process resumes it (see
   * session-store.ts): loaded before the first connection of a run, saved at READY/RESUMED, as the
   * sequence moves (every `sessionSaveInterval`) and on a resumable `close()`, deleted when the
   * session ends. Default: none (the session lives in this shard only).
   */
  sessionStore?: GatewaySessionStore;
  /** Least time between two sequence saves to `sessionStore`, ms (default 1000). */
  sessionSaveInterval?: number;
  /** Longest wait for one `sessionStore` call, ms (default 5000); a load given up means identifying anew. */
  sessionStoreTimeout?: number;
  /** The clock of every timer: heartbeats, backoff, timeouts (tests: `ManualClock`). */
  clock?: Clock;
  /** Jitter source (the first heartbeat, backoff). */
  random?: Random;
  /** Where connections, closes and resumes are logged. */
  logger?: Logger;
  /** Identify `properties` (default: os from Node, browser and device 'kokoro'). */
  properties?: { os: string; browser: string; device: string };
  /** The presence to identify with. */
  presence?: GatewayPresenceUpdateData;
  /** `large_threshold` 50..250 (default 50). */
  largeThreshold?: number;
  /**
   * Called for every dispatch, after sequence bookkeeping. `raw` is the JSON text of `d` when the
   * shard read it before parsing (only with `onRawDispatch`; see raw-dispatch.ts).
   */
  onDispatch?: (shard: GatewayShard, t: string, d: unknown, s: number | null, raw?: string) => void;
  /**
   * Called with a JSON dispatch before it is parsed: its name, the raw JSON of `d` and its sequence.
   * `data` is text, or (on the zlib-stream path) the UTF-8 bytes of `d` in the inflater's buffer,
   * valid only during the call (`rawText(data)` gives the text). Return `true` when it was handled
   * whole (a copy another session already delivered): the shard then records its sequence only; it
   * is not parsed nor given to `onDispatch` or `onPayload`. READY, RESUMED, GUILD_MEMBERS_CHUNK and
   * RATE_LIMITED never come here. See raw-dispatch.ts.
   */
  onRawDispatch?: (shard: GatewayShard, t: string, data: RawData, s: number | null) => boolean;
  /** Called for every raw inbound payload (the raw hook). */
  onPayload?: (shard: GatewayShard, payload: GatewayReceivePayload) => void;
  /** Called on every state change (the same as `shard.onStateChange(listener)` right after construction). */
  onStateChange?: ShardStateListener;
  /**
   * Called with an error the shard survived (undecodable data: the connection is dropped and the
   * session resumed). The error that stops a shard comes with its change to `closed` instead.
   */
  onError?: (shard: GatewayShard, error: unknown) => void;
  /** Reconnect backoff. */
  backoff?: BackoffOptions;
  /** Time for a connection to open and say Hello (default 15 000 ms). */
  connectTimeout?: number;
  /** Time for READY or RESUMED to answer Identify or Resume (default 15 000 ms). */
  readyTimeout?: number;
  /** Send limit per connection (default 120 per 60 s, 5 kept for heartbeats). */
  sendLimit?: SendLimiterOptions;
  /** Wait before identifying again after op 9 `d: false` (default: random 1000..5000 ms). */
  invalidSessionDelay?: number;
  /** How long `requestGuildMembers` waits for its chunks (default 60 000 ms). */
  memberRequestTimeout?: number;
}
