/**
 * Loaded on the event thread by `kokoro gateway` and `kokoro worker` before the bot modules: it
 * loads @kokoro/cluster (only then: `import 'kokoro'` never loads NATS or Redis), makes the
 * connector of the role, and installs it as every client's default, so the bot modules run
 * unchanged. The configuration comes from the command line through `KOKORO_CLUSTER_CONFIG`.
 */
import { runtime, setDefaultConnector, setDefaultEndpoints } from '@kokoro/core';
import { type ClusterConfig, clusterConfigFromEnv, progressFilter } from '../cluster-config.js';

const config: ClusterConfig = clusterConfigFromEnv();
const cluster = await import('@kokoro/cluster');
const globals = globalThis as Record<string, unknown>;

if (config.fakePort !== undefined) {
  const { useFakeDiscord } = await import('../fake.js');
  const { fakeSandbox } = await import('../fake-accounts.js');
  globals.fake = await useFakeDiscord({ port: config.fakePort });
  Object.defineProperty(globalThis, 'sandbox', { get: fakeSandbox, configurable: true, enumerable: false });
} else if (config.fakeUrl !== undefined) {
  const base = config.fakeUrl.replace(/\/+$/, '');
  setDefaultEndpoints({ restUrl: `${base}/api/v10`, gatewayUrl: base.replace(/^http/, 'ws') });
}

const redis = config.redisUrl
  ? new cluster.RedisConnection({ url: config.redisUrl, ...(config.redisPrefix ? { prefix: config.redisPrefix } : {}) })
  : undefined;
if (redis) await redis.connect();
const stream = {
  ...(config.natsUrl ? { natsUrl: config.natsUrl } : {}),
  ...(config.stream ? { stream: config.stream } : {}),
  ...(config.subjectPrefix ? { subjectPrefix: config.subjectPrefix } : {}),
  // Every process of a token (gateways and workers) shares its REST limits in Redis.
  ...(redis
    ? { rateLimitStore: (token: string) => new cluster.RedisRateLimitStore({ connection: redis, token }) }
    : {}),
};

let progressLine: () => string;
let connector: InstanceType<typeof cluster.GatewayConnector> | InstanceType<typeof cluster.WorkerConnector>;
if (config.role === 'gateway') {
  const gateway = new cluster.GatewayConnector({
    ...stream,
    ...(redis
      ? {
          shards: (_client, base) => ({
            sessionStore: new cluster.RedisGatewaySessionStore({ connection: redis }),
            identifyQueue: new cluster.RedisIdentifyQueue({ connection: redis, token: base.token }),
          }),
        }
      : {}),
  });
  connector = gateway;
  progressLine = () =>
    [...gateway.progress()]
      .map(
        ([name, p]) =>
          `${name}: received ${p.received}, stored ${p.stored}, duplicates ${p.duplicates}, in ${p.messages} messages, queued ${p.queued}, in flight ${p.inFlight}`,
      )
      .join('; ');
} else {
  const worker = new cluster.WorkerConnector({
    ...stream,
    ...(config.group ? { group: config.group } : {}),
    ...(config.ackWait ? { ackWait: config.ackWait } : {}),
    ...(redis && config.ownShards
      ? {
          shardLeases: new cluster.RedisShardLeases({
            connection: redis,
            ...(config.leaseTtl ? { ttl: config.leaseTtl } : {}),
          }),
        }
      : {}),
    ...(redis
      ? {
          handled: new cluster.RedisHandledEvents(redis.redis, config.stream ?? 'KOKORO_EVENTS', {
            prefix: redis.key('handled', ''),
          }),
        }
      : {}),
  });
  connector = worker;
  progressLine = () =>
    [...worker.progress()]
      .map(
        ([name, p]) =>
          `${name}: applied ${p.applied}, handled ${p.handled}, acked ${p.acked}, redeliveries skipped ${p.skipped}, running ${p.running}${p.shards ? `, shards [${p.shards.join(',')}]` : ''}`,
      )
      .join('; ');
}
setDefaultConnector(connector);
globals.cluster = connector;
runtime.onShutdown(async () => {
  clearInterval(timer);
  await connector.close();
  await redis?.close();
});
const printable = progressFilter();
const timer =
  config.progressInterval > 0
    ? setInterval(() => {
        const line = progressLine();
        if (line && printable(line)) process.stderr.write(`kokoro ${config.role}: ${line}\n`);
      }, config.progressInterval)
    : undefined;
timer?.unref();
