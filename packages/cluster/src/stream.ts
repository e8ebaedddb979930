/**
 * The NATS connection and the events stream: connect, and create the stream or bring its settings
 * up to date.
 */
import { type JetStreamManager, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ClusterError } from './errors.js';
import { type ResolvedStreamOptions, resolveStreamOptions, type StreamOptions } from './options.js';

const MS = 1_000_000;

/** Connect to NATS; a clear error when it is not there. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  } catch (error) {
    throw new ClusterError(
      `cannot connect to NATS at ${url} (${(error as Error).message}); start nats-server with JetStream (-js) or set KOKORO_NATS_URL`,
      { cause: error },
    );
  }
}

/** Create the events stream, or update its limits; returns the manager. */
export async function ensureStream(nc: NatsConnection, options: ResolvedStreamOptions): Promise<JetStreamManager> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (error) {
    throw new ClusterError(
      `NATS at ${options.natsUrl} has no JetStream (${(error as Error).message}); start nats-server with -js`,
      { cause: error },
    );
  }
  const config = {
    name: options.stream,
    subjects: [`${options.subjectPrefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: options.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: options.maxAge * MS,
    duplicate_window: options.duplicateWindow * MS,
  };
  try {
    await jsm.streams.info(options.stream);
    const { storage: _storage, ...changeable } = config;
    await jsm.streams.update(options.stream, changeable);
  } catch (error) {
    if (!isNotFound(error))
      throw new ClusterError(`stream ${options.stream}: ${(error as Error).message}`, { cause: error });
    await jsm.streams.add(config);
  }
  return jsm;
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test((error as Error)?.message ?? '');
}

/**
 * Delete the events stream (its consumers go with it): for tests and benchmarks that made a stream
 * of their own. Resolves false when there was none.
 */
export async function removeStream(options: StreamOptions = {}): Promise<boolean> {
  const resolved = resolveStreamOptions(options);
  const nc = await connectNats(resolved.natsUrl, 'kokoro-remove-stream');
  try {
    const jsm = await jetstreamManager(nc);
    return await jsm.streams.delete(resolved.stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
