/**
 * Kokoro scale-out: gateway processes publish dispatches to NATS JetStream, workers consume them with
 * the same `Client` API, and shared state (identify queue, REST limits, gateway sessions) lives in Redis.
 *
 * @module @kokoro/cluster
 */
/** This package's npm name, `'@kokoro/cluster'`. */
export const CLUSTER_PACKAGE = '@kokoro/cluster';
