/**
 * Options of the fake gateway and their defaults. Intervals are in milliseconds; tests keep them
 * short (a few ms) so that no test waits real seconds.
 */
import type { Clock } from '@kokoro/common';
import { GatewayCloseCodes } from 'discord-api-types/v10';
import type { VoiceServerSeam } from './voice.js';

/**
 * The close code of a connection that stopped heartbeating. Discord documents the outcome (the
 * connection is closed and the client must Resume) but not the code; 4000 (unknown error, "try
 * reconnecting") is a resumable one.
 */
export const HEARTBEAT_TIMEOUT_CLOSE = GatewayCloseCodes.UnknownError;

/** Options of the fake gateway. Intervals are in milliseconds; keep them short in tests. */
export interface FakeGatewayOptions {
  /** `heartbeat_interval` sent in Hello (default 41 250). */
  heartbeatInterval?: number;
  /**
   * Close a connection when no heartbeat arrived for this long; off unless set (a client on a
   * paused test clock would be closed otherwise). Discord documents that such a client is "forced
   * to Resume": the connection closes with {@link HEARTBEAT_TIMEOUT_CLOSE} and the session stays
   * resumable.
   */
  heartbeatTimeout?: number;
  /** How long a session stays resumable after its connection ends (default 120 000). */
  resumeWindow?: number;
  /** Dispatches kept per session for replay (default 10 000). */
  replayLimit?: number;
  /** The identify bucket window (default 5000 ms; shorter in tests). */
  identifyWindow?: number;
  /** `max_concurrency` of every bot (default 1). */
  maxConcurrency?: number;
  /** `session_start_limit.total` of every bot (default 1000). */
  sessionStartTotal?: number;
  /** Client sends allowed per connection and window before close 4008 (default 120 per 60 000). */
  sendLimit?: { count: number; window: number };
  /** Guilds per shard before close 4011 (default 2500). */
  guildsPerShard?: number;
  /** Shards `GET /gateway/bot` recommends (default: one per 1000 guilds, at least 1). */
  recommendedShards?: number;
  /** Members per GUILD_MEMBERS_CHUNK (default 1000). */
  chunkSize?: number;
  /** Interval between "all members" requests per guild (default 30 000). */
  memberRequestInterval?: number;
  /** `endpoint` of the VOICE_SERVER_UPDATE answering a voice join (default: the voice server's, else `127.0.0.1:0`). */
  voiceEndpoint?: string;
  /** The voice server granting voice joins (FakeDiscord passes its `fake.voice`). */
  voiceServer?: VoiceServerSeam;
  /** Public gateway URL; default `ws://<Host header>`. */
  url?: string;
  /** The clock for the fake's timers; default the world's. */
  clock?: Clock;
  /** Client payloads kept in {@link FakeGateway.received} (default 10 000). */
  receivedLimit?: number;
}
