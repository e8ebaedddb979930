/**
 * Kokoro scale-out: gateway processes publish dispatches to NATS JetStream, workers consume them with
 * the same `Client` API, and shared state (identify queue, REST limits, gateway sessions) lives in Redis.
 *
 * @module @kokoro/cluster
 */
export { GatewayCommandError, StreamGateway, type StreamGatewayOptions } from './commands.js';
export { ClusterError } from './errors.js';
export {
  GatewayConnector,
  type GatewayConnectorOptions,
  type GatewayProgress,
  RESUMABLE_STOP_CODE,
} from './gateway-connector.js';
export {
  BITS_PER_KEY,
  type HandledEvents,
  LocalHandledEvents,
  RedisHandledEvents,
  type RedisHandledEventsOptions,
} from './handled-events.js';
export {
  type ConnectorOptions,
  type ResolvedStreamOptions,
  resolveStreamOptions,
  type StreamOptions,
} from './options.js';
export { DispatchPublisher, type PublisherOptions } from './publisher.js';
// Shared state in Redis (helper cluster-state).
export {
  RedisConnection,
  type RedisConnectionOptions,
  RedisScript,
  redactRedisUrl,
} from './redis/connection.js';
export { RedisReplyError, RedisUnavailableError } from './redis/errors.js';
export { RedisIdentifyQueue, type RedisIdentifyQueueOptions } from './redis/identify-queue.js';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis/rate-limit-store.js';
export { RedisGatewaySessionStore, type RedisGatewaySessionStoreOptions } from './redis/session-store.js';
export { RedisShardLeases, type RedisShardLeasesOptions, type ShardLeases } from './redis/shard-leases.js';
export { MAX_RUN, RunBatcher, type RunLimits, StoredSequences, storedOnlySessions } from './runs.js';
export { removeStream } from './stream.js';
export { StreamConnector } from './stream-connector.js';
export {
  commandSubject,
  dispatchId,
  dispatchSubject,
  type ParsedRunId,
  parseRunId,
  parseSubject,
  runId,
} from './subjects.js';
export { WorkerConnector, type WorkerConnectorOptions, type WorkerProgress } from './worker-connector.js';
