/**
 * REST replay: `npm run bench -- rest-replay [--requests N] [--latency MS] [--spread MS]`.
 *
 * The load of the `rest` benchmark (same routes, channels, guilds, seed and scaled limits), replayed on a
 * manual clock: the client's `RateLimiter` talks to the fake's `FakeRateLimiter` in memory with a fixed
 * network latency (half each way). No CPU or machine noise, so it isolates what the scheduling itself
 * costs against `allowed_min_s`, and it runs in about a second. Not a substitute for `rest`: it ignores
 * the time to process requests. It runs twice: against the fake's `fixed` global window (opened by
 * the first arrival) and its `sliding` one (at most the limit arriving in any second: the strictest
 * reading of Discord's documentation). `--spread MS`: answers come back up to that much later than
 * their arrival (deterministic per request), as a loaded Discord's would; default 20.
 */
import { ManualClock, seededRandom, silentLogger } from '@kokoro/common';
import { InvalidRequestGuard, parseRoute, RateLimiter, type RawResponse, type RestJob } from '@kokoro/rest';
import { FakeRateLimiter, type GlobalWindowModel } from '@kokoro/testing';

const SCALE = 10;
const GLOBAL = 50 * SCALE;
/** Fake route -> limit, as in `rest.ts` (windows already scaled). */
const LIMITS = {
  'POST /channels/:channel_id/messages': { limit: 5, windowMs: 5000 / SCALE, bucket: 'write' },
  'PATCH /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 5000 / SCALE, bucket: 'write' },
  'GET /channels/:channel_id/messages': { limit: 5, windowMs: 1000 / SCALE, bucket: 'read' },
  'GET /channels/:channel_id': { limit: 5, windowMs: 1000 / SCALE },
  'GET /guilds/:guild_id/roles': { limit: 10, windowMs: 1000 / SCALE },
} as const;

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index !== -1 && args[index + 1] !== undefined ? Number(args[index + 1]) : fallback;
}

/** Kokoro's route key -> the fake's route name. */
function fakeRoute(key: string): string {
  return key
    .replace('/channels/:id/messages/:id', '/channels/:channel_id/messages/:message_id')
    .replace('/channels/:id', '/channels/:channel_id')
    .replace('/guilds/:id', '/guilds/:guild_id');
}

/** Run the replay under both global window models; prints one line each, returns the figures. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const total = option(args, '--requests', 10_000);
  const latency = option(args, '--latency', 4);
  const spread = option(args, '--spread', 20);
  const fixed = await replay(total, latency, spread, 'fixed');
  const sliding = await replay(total, latency, spread, 'sliding');
  return {
    requests: total,
    latency_ms: latency,
    spread_ms: spread,
    allowed_min_s: fixed.allowed_min_s,
    replay_s: fixed.replay_s,
    replay_efficiency: fixed.replay_efficiency,
    replay_429: fixed.replay_429,
    sliding_replay_s: sliding.replay_s,
    sliding_replay_efficiency: sliding.replay_efficiency,
    sliding_replay_429: sliding.replay_429,
  };
}

async function replay(
  total: number,
  latency: number,
  spread: number,
  model: GlobalWindowModel,
): Promise<Record<string, number>> {
  const clock = new ManualClock();
  const fake = new FakeRateLimiter({ clock, globalWindow: model });
  for (const [route, limit] of Object.entries(LIMITS)) fake.setLimit(route, limit);
  fake.setGlobalLimit(GLOBAL, 1000);
  let limited = 0;
  let sends = 0;
  const limiter = new RateLimiter({
    clock,
    logger: silentLogger,
    random: () => 0.5,
    globalLimit: GLOBAL,
    guard: new InvalidRequestGuard({ clock }),
    maxRateLimitWait: 60_000,
    retries: 3,
    retryBackoff: 100,
    send: (job) =>
      new Promise<RawResponse>((resolve) => {
        const late = ((sends++ * 37) % (spread + 1)) | 0;
        clock.setTimeout(() => {
          const verdict = fake.check({
            route: fakeRoute(job.route.key),
            majorParameter: job.route.major,
            botId: 'bot',
            globalExempt: false,
          });
          clock.setTimeout(
            () => {
              if (!verdict.limited) return resolve({ status: 200, headers: verdict.headers, body: null });
              limited++;
              const { retryAfter, global } = verdict.limited;
              resolve({ status: 429, headers: verdict.headers, body: { retry_after: retryAfter, global } });
            },
            latency / 2 + late,
          );
        }, latency / 2);
      }),
  });

  // The same draw as `rest.ts`: 200 channels in 10 guilds; 40 % creates, 15 % edits, 25 % reads,
  // 10 % channel reads, 10 % role reads.
  const random = seededRandom(2024);
  const channels = Array.from({ length: 200 }, (_, i) => ({
    id: String(100_000_000_000_000_000n + BigInt(i)),
    guild: String(200_000_000_000_000_000n + BigInt(Math.floor(i / 20))),
  }));
  const counts = new Map<string, number>();
  const work = Array.from({ length: total }, (): [string, string] => {
    const channel = channels[Math.floor(random() * channels.length)] as { id: string; guild: string };
    const r = random();
    const [method, path, bucket]: [string, string, string] =
      r < 0.4
        ? ['POST', `/channels/${channel.id}/messages`, `write|${channel.id}`]
        : r < 0.55
          ? ['PATCH', `/channels/${channel.id}/messages/300000000000000000`, `write|${channel.id}`]
          : r < 0.8
            ? ['GET', `/channels/${channel.id}/messages`, `read|${channel.id}`]
            : r < 0.9
              ? ['GET', `/channels/${channel.id}`, `channel|${channel.id}`]
              : ['GET', `/guilds/${channel.guild}/roles`, `roles|${channel.guild}`];
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    return [method, path];
  });
  const window: Record<string, [number, number]> = {
    write: [5, 5000 / SCALE],
    read: [5, 1000 / SCALE],
    channel: [5, 1000 / SCALE],
    roles: [10, 1000 / SCALE],
  };
  let allowed = (Math.ceil(total / GLOBAL) - 1) * 1000;
  for (const [key, n] of counts) {
    const [limit, windowMs] = window[key.split('|')[0] as string] as [number, number];
    allowed = Math.max(allowed, (Math.ceil(n / limit) - 1) * windowMs);
  }

  const start = clock.now();
  let done = 0;
  let last = 0;
  for (const [method, path] of work) {
    new Promise<RawResponse>((resolve, reject) => {
      const job: RestJob = {
        route: parseRoute(method, path, undefined, clock.now()),
        signal: undefined,
        retryable: true,
        useGlobal: true,
        state: 'queued',
        failures: 0,
        rateLimited: 0,
        slowed: false,
        onAbort: undefined,
        resolve,
        reject,
      };
      limiter.schedule(job);
    }).then(() => {
      done++;
      last = clock.now() - start;
    });
  }
  while (done < total) await clock.advance(50);
  const result = {
    replay_s: last / 1000,
    allowed_min_s: allowed / 1000,
    replay_efficiency: Math.round((allowed / last) * 1000) / 1000,
    replay_429: limited,
  };
  console.log(
    `REST replay, ${model} global window (manual clock, ${latency} ms latency, answers up to ${spread} ms late): ` +
      `${total} requests in ${result.replay_s} s; ` +
      `allowed min ${result.allowed_min_s} s (${result.replay_efficiency}); ${limited} 429s`,
  );
  return result;
}
