/**
 * @kokoro/gateway: Discord gateway shards that survive Discord's faults (resume, identify anew,
 * zombie detection, backoff), an identify queue, a send limiter, zlib-stream/zstd-stream
 * transports, and a shard manager.
 *
 * @document ../README.md
 *
 * @module @kokoro/gateway
 */
export type { AttemptLimitOptions } from './attempt-limits.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { type CloseAction, closeAction, RESUMABLE_CLOSE } from './close-codes.js';
export { type GatewayEncoding, gatewayUrl } from './connection.js';
export {
  GatewayCompressionUnavailableError,
  GatewayConnectError,
  GatewayDecodeError,
  GatewayFatalError,
  GatewayPayloadTooLargeError,
  GuildMembersRateLimitError,
  GuildMembersTimeoutError,
  MissingIntentError,
  privilegedIntentNames,
  SessionStartLimitError,
  ShardClosedError,
} from './errors.js';
export { decodeEtf, EtfError, encodeEtf } from './etf.js';
export { Heartbeat } from './heartbeat.js';
export { type IdentifyQueue, LocalIdentifyQueue, type LocalIdentifyQueueOptions } from './identify-queue.js';
export {
  createInflater,
  type GatewayCompression,
  type Inflater,
  loadZstd,
  StreamZlibInflater,
  SyncZlibInflater,
  syncZlibAvailable,
  type ZlibStrategy,
  ZstdInflater,
} from './inflate.js';
export {
  buildMemberRequest,
  type GuildMembersResult,
  MemberRequests,
  type RequestGuildMembersOptions,
} from './members.js';
export { DEFAULT_PRESENCE, mergePresence, type PresenceInput } from './presence.js';
export { type RawBytes, type RawData, rawText } from './raw-dispatch.js';
export { SendLimiter, type SendLimiterOptions } from './send-limiter.js';
export {
  botIdFromToken,
  type GatewaySessionKey,
  type GatewaySessionStore,
  MemoryGatewaySessionStore,
  type StoredGatewaySession,
  sessionKeyString,
} from './session-store.js';
export { Shard } from './shard.js';
export type {
  GatewayShard,
  ShardStateChange,
  ShardStateListener,
  VoiceStateOptions,
} from './shard-api.js';
export { ShardManager, type ShardManagerOptions } from './shard-manager.js';
export type { ShardOptions } from './shard-options.js';
export { ShardState } from './shard-state.js';
export { sharedIdentifyQueue } from './shared-identify-queue.js';
