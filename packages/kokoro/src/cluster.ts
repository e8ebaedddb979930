/**
 * `kokoro/cluster`: @kokoro/cluster (gateway processes and workers over NATS JetStream, shared state
 * in Redis) for programs that build their own gateway or worker instead of `kokoro gateway` /
 * `kokoro worker`. A subpath of its own: `import 'kokoro'` never loads NATS or Redis.
 *
 * @module kokoro/cluster
 */
export * from '@kokoro/cluster';
