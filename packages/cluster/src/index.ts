/**
 * Kokoro scale-out: gateway processes publish dispatches to NATS JetStream, workers consume them with
 * the same `Client` API, and shared state (identify queue, REST limits, gateway sessions) lives in Redis.
 *
 * @packageDocumentation
 */
export const CLUSTER_PACKAGE = '@kokoro/cluster';
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
