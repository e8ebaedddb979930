/**
 * The options of `kokoro gateway` and `kokoro worker`: flags first, then the environment, then
 * defaults. They reach the event thread's preload (preload/cluster.ts) as JSON in
 * `KOKORO_CLUSTER_CONFIG`. No secret goes in there: tokens stay in the bot modules.
 */

/** What the cluster preload needs. */
export interface ClusterConfig {
  role: 'gateway' | 'worker';
  natsUrl?: string;
  redisUrl?: string;
  /** Key prefix in Redis (default `kokoro:`). */
  redisPrefix?: string;
  stream?: string;
  subjectPrefix?: string;
  /** Worker group (the durable consumer's name before the bot id). */
  group?: string;
  /** Worker ack wait, ms. */
  ackWait?: number;
  /** Worker: own a share of the bot's shards (leases in Redis) instead of applying every event. */
  ownShards?: boolean;
  /** Worker with `ownShards`: a shard lease's time to live, ms. */
  leaseTtl?: number;
  /** Gateway: start the embedded fake Discord on this port. */
  fakePort?: number;
  /** Worker (or gateway): use the fake Discord at this URL (`http://127.0.0.1:8787`). */
  fakeUrl?: string;
  /** Progress line every this many ms. */
  progressInterval: number;
}

/** The usage text of both commands. */
export const CLUSTER_USAGE = `usage: kokoro gateway <module...> [cluster options] [run options]
       kokoro worker <module...> [cluster options] [run options]

  gateway       run the shards of the clients the bot modules create and publish every dispatch to
                NATS JetStream; no handler runs here
  worker        run the bot modules' handlers on events taken from JetStream: workers share the
                events, each keeps the whole cache (the console and --console-socket work as with run)
  --nats URL    NATS server (env KOKORO_NATS_URL, default nats://127.0.0.1:4222)
  --redis URL   Redis (env KOKORO_REDIS_URL): gateway sessions (a restarted gateway resumes), the
                identify queue, each token's REST rate limits (every gateway and worker of a token
                shares them: no 429s), and the record of handled events (no handler runs twice);
                without it all of these stay in this process
  --redis-prefix P   key prefix in Redis (env KOKORO_REDIS_PREFIX, default kokoro:)
  --stream NAME the JetStream stream (env KOKORO_STREAM, default KOKORO_EVENTS)
  --subject-prefix P the subjects' first token (env KOKORO_SUBJECT_PREFIX, default kokoro)
  --group NAME  worker group sharing the events (env KOKORO_WORKER_GROUP, default kokoro-workers)
  --ack-wait MS a worker's unacknowledged event goes to another worker after this (default 30000)
  --own-shards  worker: own a fair share of the bot's shards (leases in Redis; needs --redis) and
                apply and handle only their events, instead of every worker applying every event:
                client.guilds then holds the guilds of its shards (env KOKORO_OWN_SHARDS=1)
  --lease-ttl MS     with --own-shards: a dead worker's shards go to the others after this (default 5000)
  --fake PORT   gateway: start the embedded fake Discord on 127.0.0.1:PORT (bots get accounts on it)
  --fake-url URL     use the fake Discord at URL (a worker next to a gateway started with --fake)
  --progress MS every MS a progress line on standard error if it changed, and every sixth
                anyway, to say the process lives (default 10000; 0: none)`;

const VALUE_FLAGS = new Set([
  '--nats',
  '--redis',
  '--redis-prefix',
  '--stream',
  '--subject-prefix',
  '--group',
  '--ack-wait',
  '--fake',
  '--fake-url',
  '--progress',
  '--lease-ttl',
]);

/**
 * Take the cluster flags out of `args` (the rest are `run`'s); throws a message for the user on a
 * bad value.
 */
export function parseClusterArgs(
  role: 'gateway' | 'worker',
  args: readonly string[],
): { config: ClusterConfig; rest: string[] } {
  const env = process.env;
  const config: ClusterConfig = { role, progressInterval: 10_000 };
  const set = (key: keyof ClusterConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') (config as unknown as Record<string, unknown>)[key] = value;
  };
  set('natsUrl', env.KOKORO_NATS_URL);
  set('redisUrl', env.KOKORO_REDIS_URL);
  set('redisPrefix', env.KOKORO_REDIS_PREFIX);
  set('stream', env.KOKORO_STREAM);
  set('subjectPrefix', env.KOKORO_SUBJECT_PREFIX);
  set('group', env.KOKORO_WORKER_GROUP);
  if (env.KOKORO_OWN_SHARDS === '1') config.ownShards = true;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--own-shards') {
      if (role !== 'worker') throw new Error('--own-shards is a worker flag');
      config.ownShards = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 && flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${CLUSTER_USAGE}`);
    const number = (what: string, min: number): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs ${what}, got "${value}"`);
      return n;
    };
    if (flag === '--nats') config.natsUrl = value;
    else if (flag === '--redis') config.redisUrl = value;
    else if (flag === '--redis-prefix') config.redisPrefix = value;
    else if (flag === '--stream') config.stream = value;
    else if (flag === '--subject-prefix') config.subjectPrefix = value;
    else if (flag === '--group') config.group = value;
    else if (flag === '--ack-wait') config.ackWait = number('a number of ms of at least 100', 100);
    else if (flag === '--fake') {
      if (role !== 'gateway')
        throw new Error('--fake starts a fake Discord: only a gateway does; a worker takes --fake-url');
      config.fakePort = number('a port number', 0);
    } else if (flag === '--fake-url') {
      if (!/^https?:\/\//.test(value)) throw new Error(`--fake-url needs an http:// URL, got "${value}"`);
      config.fakeUrl = value;
    } else if (flag === '--progress') config.progressInterval = number('a number of ms', 0);
    else if (flag === '--lease-ttl') config.leaseTtl = number('a number of ms of at least 100', 100);
  }
  if (config.ownShards && !config.redisUrl) {
    throw new Error('--own-shards keeps the shard leases in Redis: give --redis URL (or KOKORO_REDIS_URL)');
  }
  return { config, rest };
}

/** The config the preload reads. */
export function clusterConfigFromEnv(): ClusterConfig {
  const text = process.env.KOKORO_CLUSTER_CONFIG;
  if (!text) throw new Error('KOKORO_CLUSTER_CONFIG is not set: start with kokoro gateway or kokoro worker');
  return JSON.parse(text) as ClusterConfig;
}

/**
 * Which progress lines to print (`--progress`): one that differs from the last printed, and an
 * unchanged one every `quietEvery`-th time (6: a minute at the default 10 s), so a quiet process
 * still says it lives without repeating itself into its console every interval.
 */
export function progressFilter(quietEvery = 6): (line: string) => boolean {
  let last: string | undefined;
  let unchanged = 0;
  return (line) => {
    if (line !== last || ++unchanged >= quietEvery) {
      last = line;
      unchanged = 0;
      return true;
    }
    return false;
  };
}
