/**
 * REST benchmark: `npm run bench -- rest [--requests N] [--scale S] [--rounds R] [--models M,M] [--overhead N]`.
 *
 * 1. Throughput under Discord-like limits. The fake Discord enforces Discord's limits with bucket
 *    windows shortened `scale` times (messages 5 per 5 s per channel becomes 5 per 500 ms at scale 10)
 *    and a global limit of `50 * scale` requests per second (a "large bot" limit: windows of 1 s, so
 *    that both libraries' global limiters, whose window is a real second, face the same limit).
 *    `N` requests over a mix of routes and major parameters are fired at once; we measure the time to
 *    complete them all and the 429s the fake answered, for Kokoro and for @discordjs/rest, each with its
 *    own bot, after a warm-up (40 requests to an unlimited route). `allowed_min_s` is the least time the limits allow: the larger of the global bound and
 *    every bucket's bound ((ceil(n / limit) - 1) * window), ignoring the time to process requests.
 *
 *    **Window model.** Discord's documentation says: "All bots can make up to 50 requests per second
 *    to our API", per token, interaction endpoints exempt, and a 429 with `global: true` /
 *    `X-RateLimit-Global` over it; it does not say where the second starts. So the global limit runs
 *    under each reading (`--models`, all three by default), every library against each:
 *    `fixed` — a window opened by the first request's *arrival* (as Discord's buckets, whose
 *    `Reset-After` counts from there); `sent` — the same window opened when the client *sent* that
 *    request (the model @discordjs/rest implements; every request carries `X-Fake-Sent-At`, stamped
 *    by an undici interceptor as it is dispatched, for both libraries); `sliding` — the strictest: at
 *    most the limit arriving in any second. (`fake rate limits` tests in @kokoro/testing check each
 *    model's arithmetic, and its `useDiscordLimits` the documented figures.) Each model runs `R`
 *    rounds (3), alternating which library goes first; the tables report each library's median round.
 * 2. Overhead: sequential requests to a route without limits (no bucket headers) through Kokoro and
 *    through bare undici, interleaved in 20 rounds alternating which goes first; `overhead_vs_undici` =
 *    Kokoro's median round / undici's median round (`overhead_vs_undici_best`: the best rounds').
 */

import { REST as DiscordjsREST } from '@discordjs/rest';
import { seededRandom } from '@kokoro/common';
import { type HttpMethod, InvalidRequestGuard, Rest, RestPool } from '@kokoro/rest';
import { FakeDiscord, type GlobalWindowModel, noGateway } from '@kokoro/testing';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import { median } from './stats.js';

interface Work {
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Bucket key in the fake (bucket id | major) and its limit, for the allowed minimum. */
  bucket: string;
}

interface Limit {
  limit: number;
  windowMs: number;
}

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index !== -1 && args[index + 1] !== undefined ? Number(args[index + 1]) : fallback;
}

/** Run the benchmark; prints a table, returns the figures. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const total = option(args, '--requests', 5000);
  const scale = option(args, '--scale', 10);
  const overheadRequests = option(args, '--overhead', 6000);
  const rounds = option(args, '--rounds', 3);
  const modelsIndex = args.indexOf('--models');
  const models = (modelsIndex >= 0 ? (args[modelsIndex + 1] ?? '') : 'fixed,sent,sliding').split(
    ',',
  ) as GlobalWindowModel[];

  const fake = await FakeDiscord.start({ gateway: () => noGateway() });
  const limits: Record<string, Limit & { bucket?: string }> = {};
  fake.rest.useDiscordLimits({ scale });
  const extra: Record<string, Limit> = {
    'GET /channels/:channel_id': { limit: 5, windowMs: 1000 / scale },
    'GET /guilds/:guild_id/roles': { limit: 10, windowMs: 1000 / scale },
  };
  for (const [route, limit] of Object.entries(extra)) fake.rest.setLimit(route, limit);
  const globalPerSecond = 50 * scale;
  fake.rest.setGlobalLimit(globalPerSecond, 1000);
  fake.rest.setUnlimited('GET /users/@me');
  limits.write = { limit: 5, windowMs: 5000 / scale };
  limits.read = { limit: 5, windowMs: 1000 / scale };
  limits.channel = extra['GET /channels/:channel_id'] as Limit;
  limits.roles = extra['GET /guilds/:guild_id/roles'] as Limit;

  const kokoroBot = fake.addBot({ name: 'Kokoro' });
  const djsBot = fake.addBot({ name: 'Djs' });
  const guilds = Array.from({ length: 10 }, (_, g) => fake.addGuild({ name: `g${g}`, members: [kokoroBot, djsBot] }));
  const channels = guilds.flatMap((guild: { id: string }) =>
    Array.from({ length: 20 }, (_, c) => ({
      guild: guild.id,
      id: fake.addChannel(guild, { name: `c${c}` }).id as string,
    })),
  );

  // One message per channel and bot, to edit during the run (made with limits off).
  fake.rest.enabled = false;
  const edited = new Map<string, string>();
  for (const bot of [kokoroBot, djsBot]) {
    for (const channel of channels) {
      const res = await undiciRequest(`${fake.restUrl}/channels/${channel.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${bot.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'to edit' }),
      });
      const message = (await res.body.json()) as { id: string };
      edited.set(`${bot.id}:${channel.id}`, message.id);
    }
  }
  fake.rest.enabled = true;

  const workload = (botId: string): Work[] => {
    const random = seededRandom(2024);
    return Array.from({ length: total }, (_, i): Work => {
      const channel = channels[Math.floor(random() * channels.length)] as { guild: string; id: string };
      const r = random();
      if (r < 0.4) {
        return {
          method: 'POST',
          path: `/channels/${channel.id}/messages`,
          body: { content: `m${i}` },
          bucket: `write|${channel.id}`,
        };
      }
      if (r < 0.55) {
        const message = edited.get(`${botId}:${channel.id}`);
        return {
          method: 'PATCH',
          path: `/channels/${channel.id}/messages/${message}`,
          body: { content: `e${i}` },
          bucket: `write|${channel.id}`,
        };
      }
      if (r < 0.8) {
        return {
          method: 'GET',
          path: `/channels/${channel.id}/messages`,
          query: { limit: '1' },
          bucket: `read|${channel.id}`,
        };
      }
      if (r < 0.9) return { method: 'GET', path: `/channels/${channel.id}`, bucket: `channel|${channel.id}` };
      return { method: 'GET', path: `/guilds/${channel.guild}/roles`, bucket: `roles|${channel.guild}` };
    });
  };

  const allowedMin = (work: Work[]): number => {
    const counts = new Map<string, number>();
    for (const w of work) counts.set(w.bucket, (counts.get(w.bucket) ?? 0) + 1);
    let min = (Math.ceil(work.length / globalPerSecond) - 1) * 1000;
    for (const [key, n] of counts) {
      const limit = limits[key.split('|')[0] as string] as Limit;
      min = Math.max(min, (Math.ceil(n / limit.limit) - 1) * limit.windowMs);
    }
    return min / 1000;
  };

  // ---- throughput: each model, rounds alternating which library goes first ----
  const kokoroWork = workload(kokoroBot.id);
  const djsWork = workload(djsBot.id);
  const allowed = allowedMin(kokoroWork);
  const stamp = stampSent(() => fake.world.clock.now());
  const runKokoro = async (): Promise<Throughput> => {
    const dispatcher = new Agent({ connections: 32, keepAliveTimeout: 30_000 }).compose(stamp);
    const pool = new RestPool({ baseUrl: fake.restUrl, guard: new InvalidRequestGuard(), dispatcher });
    const kokoro = new Rest({ token: kokoroBot.token, pool, globalLimit: globalPerSecond });
    await warmUp(() => kokoro.get('/users/@me'));
    fake.rest.reset();
    const start = performance.now();
    const errors = failures(
      await Promise.allSettled(
        kokoroWork.map((w) => kokoro.request(w.method, w.path, { body: w.body, query: w.query })),
      ),
    );
    const seconds = (performance.now() - start) / 1000;
    const result = { seconds, limited: fake.rest.rateLimitedCount, global: fake.rest.stats.global, errors };
    await pool.close();
    await dispatcher.close();
    return result;
  };
  const runDjs = async (): Promise<Throughput> => {
    const dispatcher = new Agent({ connections: 32, keepAliveTimeout: 30_000 }).compose(stamp);
    const djs = new DiscordjsREST({
      api: fake.restUrl.replace(/\/v10$/, ''),
      version: '10',
      globalRequestsPerSecond: globalPerSecond,
      agent: dispatcher as never,
    }).setToken(djsBot.token);
    await warmUp(() => djs.get('/users/@me'));
    fake.rest.reset();
    const start = performance.now();
    const errors = failures(
      await Promise.allSettled(
        djsWork.map((w) =>
          djs.request({
            method: w.method as never,
            fullRoute: w.path as `/${string}`,
            ...(w.body !== undefined ? { body: w.body } : {}),
            ...(w.query ? { query: new URLSearchParams(w.query) } : {}),
          }),
        ),
      ),
    );
    const seconds = (performance.now() - start) / 1000;
    const result = { seconds, limited: fake.rest.rateLimitedCount, global: fake.rest.stats.global, errors };
    djs.clearHashSweeper();
    djs.clearHandlerSweeper();
    await dispatcher.close();
    return result;
  };
  const byModel = new Map<GlobalWindowModel, { kokoro: Throughput[]; djs: Throughput[] }>();
  for (const model of models) {
    fake.rest.setGlobalLimit(globalPerSecond, 1000, model);
    const runs = { kokoro: [] as Throughput[], djs: [] as Throughput[] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['kokoro', 'djs'] as const) : (['djs', 'kokoro'] as const);
      for (const name of order) runs[name].push(await (name === 'kokoro' ? runKokoro() : runDjs()));
    }
    byModel.set(model, runs);
  }

  // ---- overhead on an unlimited route ----
  fake.rest.setGlobalLimit(Number.POSITIVE_INFINITY);
  // A pool of its own: on `pool`, a Rest of this token would share the throughput run's limiter (500/s).
  const overheadPool = new RestPool({ baseUrl: fake.restUrl, guard: new InvalidRequestGuard() });
  const unlimited = new Rest({ token: kokoroBot.token, pool: overheadPool, globalLimit: 1e9 });
  const agent = new Agent({ connections: 32 });
  const url = `${fake.restUrl}/users/@me`;
  const headers = { authorization: `Bot ${kokoroBot.token}`, 'user-agent': 'DiscordBot (bench, 0.0.0)' };
  const bare = async () => {
    const res = await undiciRequest(url, { headers, dispatcher: agent });
    return res.body.json();
  };
  const ours = () => unlimited.get('/users/@me');
  for (let i = 0; i < 300; i++) {
    await bare();
    await ours();
  }
  // Interleaved rounds, alternating which goes first; the medians are the headline, the best rounds
  // (the least disturbed on a shared machine) are shown too.
  const kokoroRounds: number[] = [];
  const undiciRounds: number[] = [];
  const overheadRounds = 20;
  const per = Math.ceil(overheadRequests / overheadRounds);
  for (let round = 0; round < overheadRounds; round++) {
    const first = round % 2 === 0 ? bare : ours;
    const second = first === bare ? ours : bare;
    for (const fn of [first, second]) {
      const t = performance.now();
      for (let i = 0; i < per; i++) await fn();
      const microseconds = ((performance.now() - t) * 1000) / per;
      (fn === bare ? undiciRounds : kokoroRounds).push(microseconds);
    }
  }
  const best = (values: number[]) => Math.min(...values);

  await agent.close();
  await overheadPool.close();
  await fake.close();

  const result: Record<string, number> = {
    requests: total,
    scale,
    rounds,
    allowed_min_s: round3(allowed),
  };
  for (const [model, runs] of byModel) {
    const prefix = model === 'fixed' ? '' : `${model}_`;
    const k = medianRun(runs.kokoro);
    const d = medianRun(runs.djs);
    Object.assign(result, {
      [`${prefix}kokoro_s`]: round3(k.seconds),
      [`${prefix}discordjs_rest_s`]: round3(d.seconds),
      [`${prefix}kokoro_429`]: k.limited,
      [`${prefix}discordjs_rest_429`]: d.limited,
      [`${prefix}kokoro_global_429`]: k.global,
      [`${prefix}discordjs_rest_global_429`]: d.global,
      [`${prefix}kokoro_errors`]: k.errors,
      [`${prefix}discordjs_rest_errors`]: d.errors,
      [`${prefix}kokoro_efficiency`]: round3(allowed / k.seconds),
      [`${prefix}discordjs_rest_efficiency`]: round3(allowed / d.seconds),
    });
  }
  Object.assign(result, {
    kokoro_us_per_request: round3(median(kokoroRounds)),
    undici_us_per_request: round3(median(undiciRounds)),
    overhead_vs_undici: round3(median(kokoroRounds) / median(undiciRounds)),
    overhead_vs_undici_best: round3(best(kokoroRounds) / best(undiciRounds)),
  });
  printTable(result, byModel, allowed);
  return result;
}

/** One throughput run: seconds, 429s (all scopes, and global ones), failed requests. */
interface Throughput {
  seconds: number;
  limited: number;
  global: number;
  errors: number;
}

/** The median run by time (rounds are odd by default; with an even count, the slower middle one). */
function medianRun(runs: Throughput[]): Throughput {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)] as Throughput;
}

/**
 * An undici interceptor that stamps each request with `X-Fake-Sent-At` (the fake's clock as the
 * request is dispatched), for the fake's `sent` global window model.
 */
function stampSent(now: () => number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const stamp = String(now());
    const headers = options.headers;
    const stamped = Array.isArray(headers)
      ? [...headers, 'x-fake-sent-at', stamp]
      : { ...(headers as Record<string, string> | undefined), 'x-fake-sent-at': stamp };
    return dispatch({ ...options, headers: stamped as Dispatcher.DispatchOptions['headers'] }, handler);
  };
}

/** Open connections and warm the code up (an unlimited route), then let the global window pass. */
async function warmUp(call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 40; i++) await call();
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

function failures(results: PromiseSettledResult<unknown>[]): number {
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) console.error(`${failed.length} requests failed, e.g. ${String(failed[0]?.reason)}`);
  return failed.length;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function printTable(
  r: Record<string, number>,
  byModel: Map<GlobalWindowModel, { kokoro: Throughput[]; djs: Throughput[] }>,
  allowed: number,
): void {
  const lines = [
    `REST: ${r.requests} requests, Discord-like limits (windows / ${r.scale}, global ${50 * (r.scale ?? 1)}/s), median of ${r.rounds} rounds`,
    '',
    '| global window | library         | time (s) | allowed min (s) | min / time | 429s (global) | errors | rounds (s) |',
    '|---------------|-----------------|---------:|----------------:|-----------:|--------------:|-------:|------------|',
  ];
  for (const [model, runs] of byModel) {
    for (const [name, list] of [
      ['kokoro', runs.kokoro],
      ['@discordjs/rest', runs.djs],
    ] as const) {
      const m = medianRun(list);
      lines.push(
        `| ${model} | ${name} | ${round3(m.seconds)} | ${round3(allowed)} | ${round3(allowed / m.seconds)} | ${m.limited} (${m.global}) | ${m.errors} | ${list.map((x) => round3(x.seconds)).join(', ')} |`,
      );
    }
  }
  lines.push(
    '',
    '| unlimited route, sequential (median of 20 rounds) | µs / request |',
    '|---------------------------------------------------|-------------:|',
    `| bare undici                                       | ${r.undici_us_per_request} |`,
    `| kokoro                                            | ${r.kokoro_us_per_request} |`,
    `| overhead (kokoro / undici)                        | ${r.overhead_vs_undici} |`,
    `| overhead, best rounds                             | ${r.overhead_vs_undici_best} |`,
  );
  console.log(lines.join('\n'));
}
