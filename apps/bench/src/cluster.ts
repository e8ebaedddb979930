/**
 * `npm run bench -- cluster`: events end to end through one gateway process, NATS JetStream and
 * worker processes, against one process, in the same run; then the same with a worker killed and the
 * gateway process restarted mid-run.
 *
 * The fake Discord (in this process) sends `--events` MESSAGE_CREATEs (20,000) to the bot's session
 * (`dispatchToSessions`: numbered, and replayed on a resume like any dispatch). The bot module
 * (cluster-bot.ts) writes each event's number to a file of its process before its handler returns.
 * An event is done when its number is in a file; the time is from the first event sent until every
 * number is in a file.
 *
 * - **single**: `kokoro run cluster-bot.js`: one process, the bot's own shard, cache and handler.
 * - **cluster**: `kokoro gateway cluster-bot.js` (the shard, publishing to JetStream) and `--workers`
 *   (4) `kokoro worker cluster-bot.js` (each applies every event to its cache and runs the handlers of
 *   its share), with Redis for the gateway session and the record of handled events.
 * - **faults**: as cluster; at 30% of the events sent one worker is killed (SIGKILL), at 50% the gateway
 *   process is stopped (SIGTERM) and a new one started; the fake keeps sending meanwhile. `lost`:
 *   numbers in no file; `duplicated`: numbers in more than one record; `identifies_after_restart`:
 *   IDENTIFYs the fake received after the restart (0: the new process resumed the session).
 *
 * Options: `--events N` (20,000), `--workers N` (4), `--ack-wait MS` (2,000: how soon the killed
 * worker's events go to another), `--rounds N` (3: rounds of single and cluster, alternating which
 * goes first; `ratio` is the median round's, `ratios` lists every round's). Needs NATS with
 * JetStream (`KOKORO_NATS_URL`, default 127.0.0.1:4222) and Redis (`KOKORO_REDIS_URL`, default
 * 127.0.0.1:6379).
 *
 * Also reported: the CPU time per event of each process over the measured window (from /proc, Linux;
 * load-robust, unlike events/s). For diagnosis: `BENCH_CLUSTER_PROGRESS=MS` (the children's progress
 * lines, timed), `BENCH_NODE_ARGS` (flags for the children's Node), `BENCH_CPU_PROF=DIR` (CPU
 * profiles of the children's event threads, see cluster-bot.ts), `BENCH_THREADS=1` (each worker's
 * CPU by thread over the window: the event thread, then V8's platform threads, which compile and
 * collect garbage), `BENCH_CLUSTER_FAULTS=N` (only the fault run, N times: how often a kill leaves
 * duplicates).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeStream } from 'kokoro/cluster';
import type { FakeDiscord } from 'kokoro/testing';
import { option } from './args.js';
import { cpuMs, pidOf, threadCpu } from './proc.js';
import { median, middleIndex } from './stats.js';

const BIN = fileURLToPath(new URL('../../../../packages/kokoro/dist/src/bin.js', import.meta.url));
const BOT = fileURLToPath(new URL('./cluster-bot.js', import.meta.url));

/** With BENCH_CLUSTER_PROGRESS: the children's progress lines that changed, timed from the phase's first event. */
let progressLog: string[] | undefined;
let progressEpoch = 0;
const lastLine = new Map<number, string>();

interface Child {
  process: ChildProcess;
  output: string;
  /** Its last progress line. */
  progress: string;
  exited: Promise<unknown>;
}

async function start(command: string[], env: Record<string, string>): Promise<Child> {
  // BENCH_NODE_ARGS: extra Node flags for the children (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...command, '--no-repl'], {
    env: { ...process.env, ...env, KOKORO_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state: Child = {
    process: child,
    output: '',
    progress: '',
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    state.output = (state.output + text).slice(-20_000);
    for (const line of text.split('\n')) if (line.startsWith('kokoro worker:')) state.progress = line;
    if (progressLog) {
      for (const line of text.split('\n')) {
        if (!line.startsWith('kokoro gateway:') && !line.startsWith('kokoro worker:')) continue;
        const body = `${child.pid} ${line.slice('kokoro '.length)}`;
        if (lastLine.get(child.pid!) === body) continue;
        lastLine.set(child.pid!, body);
        progressLog.push(`${((performance.now() - progressEpoch) / 1000).toFixed(2).padStart(6)} s ${body}`);
      }
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const started = Date.now();
  while (!state.output.includes('kokoro: running Bench')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command[0]} exited:\n${state.output}`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`${command[0]} did not start in 120 s:\n${state.output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return state;
}

async function stop(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
  await child.exited;
  clearTimeout(timer);
}

/** Every record of the phase's files: how often each number was handled. */
function records(dir: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line === '') continue;
      const n = Number(line);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * With BENCH_THREADS: a function that prints each child's CPU by thread since this call, largest
 * first (the event thread, then V8's platform threads, which compile and collect garbage).
 */
function threadMeter(children: Child[]): ((phase: string) => void) | undefined {
  if (!process.env.BENCH_THREADS) return undefined;
  const before = children.map((child) => threadCpu(child.process.pid));
  return (phase) =>
    children.forEach((child, i) => {
      const rows = [...threadCpu(child.process.pid)]
        .map(([tid, t]) => ({
          name: tid === child.process.pid ? 'main' : `${t.comm}/${tid}`,
          ms: t.ms - (before[i]!.get(tid)?.ms ?? 0),
        }))
        .filter((row) => row.ms > 0)
        .sort((a, b) => b.ms - a.ms);
      console.log(`  ${phase} process ${i}, CPU ms by thread: ${rows.map((r) => `${r.name} ${r.ms}`).join(', ')}`);
    });
}

/** This process's CPU ms so far (user + system), from one reading. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU ms of named processes between `begin()` and `end()`, per event. */
function cpuMeter(given: Record<string, (number | undefined)[]>): { end(events: number): Record<string, number> } {
  // `<name>_sys`: the part spent in the kernel (socket writes and reads: every syscall on a loopback
  // socket also runs the receiver's side of TCP).
  const pids: Record<string, (number | undefined)[]> = { ...given };
  for (const [name, list] of Object.entries(given)) if (name !== 'bench') pids[`${name}_sys`] = list;
  const read = () =>
    Object.fromEntries(
      Object.entries(pids).map(([name, list]) => [
        name,
        list.map((pid) => (name === 'bench' ? ownCpuMs() : cpuMs(pid, name.endsWith('_sys') ? 'sys' : 'all'))),
      ]),
    );
  const before = read();
  return {
    end(events) {
      const after = read();
      const out: Record<string, number> = {};
      for (const name of Object.keys(pids)) {
        let sum = 0;
        let known = false;
        after[name]!.forEach((value, i) => {
          const was = before[name]![i];
          if (value !== undefined && was !== undefined) {
            sum += value - was;
            known = true;
          }
        });
        if (known) out[name] = Math.round((sum / events) * 1000) / 1000;
      }
      return out;
    },
  };
}

interface PhaseResult {
  /** CPU ms per event by process (bench: this process, with the fake Discord; nats and redis are shared with other users). */
  cpu?: Record<string, number>;
  seconds: number;
  eps: number;
  lost: number;
  duplicated: number;
  identifiesAfterRestart?: number;
  replayed?: number;
}

interface World {
  fake: FakeDiscord;
  botId: string;
  token: string;
  /** A message in each channel, and the shard of its guild. */
  templates: { message: Record<string, unknown>; shardId: number }[];
}

/**
 * Send events `from..to-1` to the bot's sessions, a channel after another (so every shard has its
 * share), yielding to the event loop between chunks.
 */
async function send(world: World, from: number, to: number, at?: (n: number) => void): Promise<void> {
  const base = BigInt(world.templates[0]!.message.id as string);
  for (let n = from; n < to; n++) {
    const { message, shardId } = world.templates[n % world.templates.length]!;
    world.fake.gateway.dispatchToSessions(
      'MESSAGE_CREATE',
      { ...message, id: String(base + BigInt(n + 1)), content: String(n).padStart(8, '0') },
      { botId: world.botId, shardId },
    );
    at?.(n);
    if (n % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Seconds from `startedAt` (wall clock, ms) until the last record was written: the latest
 * modification time of the phase's files (the kernel's clock tick, a few ms), not when the polling
 * of `waitDone` (every 100 ms) saw it, which made a half-second run up to a fifth longer.
 */
function secondsSince(dir: string, startedAt: number): number {
  let last = 0;
  for (const name of readdirSync(dir)) last = Math.max(last, statSync(join(dir, name)).mtimeMs);
  return Math.max(0.001, (last - startedAt) / 1000);
}

/** The wall clock in ms, finer than Date.now(). */
function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

async function waitDone(dir: string, events: number, timeout: number): Promise<void> {
  const started = Date.now();
  while (records(dir).size < events) {
    if (Date.now() - started > timeout) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const events = option(args, 'events', 20_000);
  const workerCount = option(args, 'workers', 4);
  const ackWait = option(args, 'ack-wait', 2_000);
  const shards = option(args, 'shards', 4);
  const rounds = Math.max(1, option(args, 'rounds', 3));
  const { FakeDiscord } = await import('kokoro/testing');
  const { shardIdForGuild } = await import('@kokoro/common');
  const fake = await FakeDiscord.start({
    gatewayOptions: { heartbeatInterval: 30_000, replayLimit: events * 2 + 1000, maxConcurrency: shards },
  });
  const bot = fake.addBot({ name: 'Bench' });
  const user = fake.addUser({ username: 'alice' });
  // Two guilds on every shard (a guild's shard comes from its id, which comes from the time: guilds
  // made in one millisecond share a shard, so they are made a little apart until each shard has two).
  const perShard = new Map<number, number>();
  const templates: World['templates'] = [];
  for (let tries = 0; templates.length < shards * 2; tries++) {
    if (tries > 2000) throw new Error(`could not make guilds on all ${shards} shards`);
    const guild = fake.addGuild({ name: `Bench Guild ${tries}`, members: [bot, user] });
    const shardId = shardIdForGuild(guild.id, shards);
    if ((perShard.get(shardId) ?? 0) < 2) {
      perShard.set(shardId, (perShard.get(shardId) ?? 0) + 1);
      const channel = fake.addChannel(guild, { name: 'general' });
      const message = (await fake.userSays(channel, 'template')) as unknown as Record<string, unknown>;
      templates.push({ message, shardId });
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const world: World = { fake, botId: bot.id, token: bot.token, templates };
  const stream = `KOKORO_BENCH_${process.pid}`;
  const prefix = `kbench${process.pid}`;
  const root = mkdtempSync(join(tmpdir(), 'kokoro-bench-cluster-'));
  const timeout = Math.max(120_000, events * 10);
  const natsPid = pidOf('nats-server');
  const redisPid = pidOf('redis-server');
  const env = (dir: string) => ({
    BENCH_OUT_DIR: dir,
    BENCH_TOKEN: bot.token,
    BENCH_SHARDS: String(shards),
    BENCH_REST_URL: fake.restUrl,
    BENCH_GATEWAY_URL: fake.gatewayUrl,
  });
  const clusterFlags = (phase: string) => [
    '--stream',
    `${stream}_${phase}`,
    '--subject-prefix',
    `${prefix}${phase}`,
    '--redis-prefix',
    `${prefix}${phase}:`,
    '--redis',
    process.env.KOKORO_REDIS_URL ?? 'redis://127.0.0.1:6379',
    '--progress',
    '0',
  ];

  const single = async (): Promise<PhaseResult> => {
    const dir = mkdtempSync(join(root, 'single-'));
    const child = await start(['run', BOT], env(dir));
    const meter = cpuMeter({ bench: [0], single: [child.process.pid], nats: [natsPid], redis: [redisPid] });
    const threads = threadMeter([child]);
    const startedAt = wallNow();
    await send(world, 0, events);
    await waitDone(dir, events, timeout);
    const seconds = secondsSince(dir, startedAt);
    const cpu = meter.end(events);
    threads?.('single');
    await stop(child);
    fake.gateway.expireSessions({ botId: world.botId });
    return { ...summarize(records(dir), events, seconds), cpu };
  };

  const cluster = async (phase: 'clean' | 'shared' | 'faults', round = 0): Promise<PhaseResult> => {
    const dir = mkdtempSync(join(root, `${phase}-`));
    // A stream, subjects and Redis keys of its own per phase and round.
    const name = `${phase}${round}`;
    const flags = clusterFlags(name);
    const progress = ['--progress', process.env.BENCH_CLUSTER_PROGRESS ?? '200'];
    let gateway = await start(['gateway', BOT, ...flags, ...progress], env(dir));
    const workers: Child[] = [];
    const own = phase === 'shared' ? [] : ['--own-shards'];
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        await start(['worker', BOT, ...flags, ...progress, ...own, '--ack-wait', String(ackWait)], env(dir)),
      );
    }
    if (own.length > 0) {
      // Measure the steady state: wait until the workers shared the shards out (each owns some).
      const began = Date.now();
      const owned = () =>
        workers.map((w) => /shards \[([\d,]*)\]/.exec(w.progress)?.[1]?.split(',').filter(Boolean).length ?? 0);
      while (!owned().every((n) => n > 0) || owned().reduce((a, b) => a + b, 0) !== shards) {
        if (Date.now() - began > 60_000) throw new Error(`the workers did not share the shards out: ${owned()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    let identifiesAtRestart = 0;
    const resumesBefore = fake.gateway.resumes.length;
    let restarted: Promise<void> | undefined;
    const meter = cpuMeter({
      bench: [0],
      gateway: [gateway.process.pid],
      workers: workers.map((w) => w.process.pid),
      nats: [natsPid],
      redis: [redisPid],
    });
    const threads = threadMeter(workers);
    const startedAt = wallNow();
    if (process.env.BENCH_CLUSTER_PROGRESS) {
      progressLog = [];
      progressEpoch = performance.now();
    }
    await send(world, 0, events, (n) => {
      if (phase !== 'faults') return;
      // With one worker there is no other to take its events: only the gateway is restarted.
      if (n === Math.floor(events * 0.3) && workers.length > 1) workers.at(-1)!.process.kill('SIGKILL');
      if (n === Math.floor(events * 0.5)) {
        restarted = (async () => {
          identifiesAtRestart = fake.gateway.identifies.length;
          await stop(gateway);
          gateway = await start(['gateway', BOT, ...flags], env(dir));
        })();
      }
    });
    await restarted;
    await waitDone(dir, events, timeout);
    const seconds = secondsSince(dir, startedAt);
    const result: PhaseResult = { ...summarize(records(dir), events, seconds) };
    if (phase !== 'faults') result.cpu = meter.end(events);
    threads?.(phase);
    if (progressLog) {
      console.log(`  ${phase}: progress lines that changed, from the first event sent`);
      for (const line of progressLog.filter((l) => Number(l.slice(0, 7)) >= 0)) console.log(`  ${line}`);
      progressLog = [];
    }
    if (phase === 'faults') {
      result.identifiesAfterRestart = fake.gateway.identifies.length - identifiesAtRestart;
      const resumes = fake.gateway.resumes.slice(resumesBefore);
      result.replayed = resumes.reduce((sum, r) => sum + (typeof r.replayed === 'number' ? r.replayed : 0), 0);
    }
    for (const child of [gateway, ...workers]) await stop(child);
    // The stopped gateway's session stays resumable: end it, so the next phase's sends skip it.
    fake.gateway.expireSessions({ botId: world.botId });
    await removeStream({ stream: `${stream}_${name}` }).catch(() => false);
    return result;
  };

  try {
    if (process.env.BENCH_CLUSTER_FAULTS) {
      // Diagnosis only: the fault run, BENCH_CLUSTER_FAULTS times (duplicates depend on where the kill lands).
      const runs: { lost: number; duplicated: number; identifies_after_restart?: number }[] = [];
      for (let i = 0; i < Number(process.env.BENCH_CLUSTER_FAULTS); i++) {
        const faults = await cluster('faults', i);
        runs.push({
          lost: faults.lost,
          duplicated: faults.duplicated,
          identifies_after_restart: faults.identifiesAfterRestart,
        });
        console.log(`  fault run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
      }
      return { faults: runs };
    }
    // `--rounds` (3) rounds of the single process and the cluster, alternating which goes first; the
    // headline is the median of the rounds' ratios, shown with the round that gave it.
    const singles: PhaseResult[] = [];
    const cleans: PhaseResult[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const which of round % 2 === 0 ? ['single', 'cluster'] : ['cluster', 'single']) {
        if (which === 'single') {
          const one = await single();
          singles.push(one);
          console.log(
            `  round ${round + 1}, single process: ${one.eps.toFixed(0)} events/s (${one.seconds.toFixed(2)} s)`,
          );
        } else {
          const clean = await cluster('clean', round);
          cleans.push(clean);
          console.log(
            `  round ${round + 1}, cluster: ${clean.eps.toFixed(0)} events/s (${clean.seconds.toFixed(2)} s)`,
          );
        }
      }
    }
    const ratios = cleans.map((clean, i) => clean.eps / singles[i]!.eps);
    const byRatio = ratios.map((ratio, i) => ({ ratio, i })).sort((a, b) => a.ratio - b.ratio);
    const middle = byRatio[middleIndex(byRatio.length)]!.i;
    const one = singles[middle]!;
    const clean = cleans[middle]!;
    if (process.env.BENCH_CLUSTER_QUICK) {
      // Diagnosis only: the single process and the cluster, no other phase.
      console.log(
        `CPU per event, single: ${JSON.stringify(one.cpu)}\nCPU per event, cluster: ${JSON.stringify(clean.cpu)}`,
      );
      return { single_eps: Math.round(one.eps), cluster_eps: Math.round(clean.eps), ratio: ratios[middle], ratios };
    }
    const shared = await cluster('shared');
    console.log(
      `  cluster, every worker applying every event: ${shared.eps.toFixed(0)} events/s (${shared.seconds.toFixed(2)} s)`,
    );
    const faults = await cluster('faults');
    console.log(
      `  cluster with a worker killed and the gateway restarted: ${faults.eps.toFixed(0)} events/s, lost ${faults.lost}, duplicated ${faults.duplicated}, identifies after restart ${faults.identifiesAfterRestart}`,
    );
    console.log(
      `\n${events} MESSAGE_CREATEs over ${templates.length} guilds on ${shards} shards, 1 gateway process, ${workerCount} worker processes, JetStream (file storage)`,
    );
    console.log(
      '| run                                       | events/s | seconds | lost | duplicated | identifies after restart |',
    );
    console.log(
      '|--------------------------------------------|---------:|--------:|-----:|-----------:|-------------------------:|',
    );
    const row = (name: string, r: PhaseResult) =>
      console.log(
        `| ${name.padEnd(42)} | ${r.eps.toFixed(0).padStart(8)} | ${r.seconds.toFixed(2).padStart(7)} | ${String(r.lost).padStart(4)} | ${String(r.duplicated).padStart(10)} | ${String(r.identifiesAfterRestart ?? '-').padStart(24)} |`,
      );
    row(`single process (median round, ${middle + 1})`, one);
    row('cluster (workers own shards), same round', clean);
    row('cluster, every worker caches all', shared);
    row('cluster, worker killed, gateway restart', faults);
    const fmt = (cpu: Record<string, number> | undefined) =>
      Object.entries(cpu ?? {})
        .map(([name, ms]) => `${name} ${(ms * 1000).toFixed(0)} µs`)
        .join(', ');
    console.log(`\nCPU per event, single: ${fmt(one.cpu)}`);
    console.log(`CPU per event, cluster: ${fmt(clean.cpu)}`);
    console.log(`CPU per event, cluster (every worker caches all): ${fmt(shared.cpu)}`);
    const r1 = (value: number) => Math.round(value);
    const micro = (cpu: Record<string, number> | undefined) =>
      Object.fromEntries(Object.entries(cpu ?? {}).map(([name, ms]) => [name, Math.round(ms * 1000)]));
    return {
      events,
      workers: workerCount,
      shards,
      rounds,
      single_eps: r1(one.eps),
      cluster_eps: r1(clean.eps),
      ratio: Math.round(ratios[middle]! * 1000) / 1000,
      ratios: ratios.map((ratio) => Math.round(ratio * 1000) / 1000),
      single_eps_median: r1(median(singles.map((r) => r.eps))),
      cluster_eps_median: r1(median(cleans.map((r) => r.eps))),
      faults_eps: r1(faults.eps),
      lost: faults.lost,
      duplicated: faults.duplicated,
      identifies_after_restart: faults.identifiesAfterRestart,
      replayed_on_resume: faults.replayed,
      single_lost: one.lost,
      cluster_lost: clean.lost,
      cluster_duplicated: clean.duplicated,
      cpu_us_per_event_single: micro(one.cpu),
      cpu_us_per_event_cluster: micro(clean.cpu),
      shared_cache_eps: r1(shared.eps),
      shared_cache_ratio: Math.round((shared.eps / one.eps) * 1000) / 1000,
      cpu_us_per_event_shared_cache: micro(shared.cpu),
    };
  } finally {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function summarize(counts: Map<number, number>, events: number, seconds: number): PhaseResult {
  let duplicated = 0;
  for (const count of counts.values()) if (count > 1) duplicated += count - 1;
  let lost = 0;
  for (let n = 0; n < events; n++) if (!counts.has(n)) lost++;
  return { seconds, eps: events / seconds, lost, duplicated };
}
