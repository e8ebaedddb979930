/**
 * Kokoro scale-out: gateway processes publish dispatches to NATS JetStream, workers consume them with
 * the same `Client` API, and shared state (identify queue, REST limits, gateway sessions) lives in Redis.
 *
 * @packageDocumentation
 */
export const CLUSTER_PACKAGE = '@kokoro/cluster';
