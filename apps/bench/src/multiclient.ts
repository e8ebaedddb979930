/**
 * `npm run bench -- multiclient`: what more bots cost, with real clients.
 *
 * A fake Discord (@kokoro/testing, in its own process: multiclient-fake.ts) holds a generated world of
 * 1,000 guilds (100 members with presences, 20 channels, 10 roles each) and four bots in every guild,
 * each with its own token. In a child process (multiclient-child.ts), 1, 2 or 4 real Kokoro `Client`s
 * (each its own token, shard, session, REST limiter and `messageCreate` handler; one shared cache, as
 * a Kokoro runtime has) or 1 or 4 discord.js 14 `Client`s (each its own cache, as discord.js is built;
 * zlib-stream through zlib-sync, as it recommends) connect and load every guild. Then:
 *
 * - **memory**: heap after GC, minus the heap before the first client, once every client is ready;
 * - **ingest**: the fake posts `--messages` messages (50,000) in channels spread over the guilds; every
 *   client's session receives each through its own zlib-stream. The CPU time of the clients' process
 *   from ready to the last client's end marker is measured; `ingest_4_over_1` is 4 clients' CPU time
 *   over one client's (4 would be "each copy costs as much as the first").
 *
 * Each case starts a fresh fake. Rounds (`--rounds`, at least 3) alternate the order of the cases;
 * the median of each figure is reported.
 *
 * Options: `--guilds N` (1,000), `--members N` per guild (100), `--messages N` (50,000), `--rounds N` (3),
 * `--no-2` (leave out the 2-client Kokoro case, which no goal uses: a shorter run; the JSON then lacks
 * `kokoro_2_mb`), `--only kokoro|discordjs` (one library's cases, for quick checks; the JSON then lacks
 * the other's).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { option } from './args.js';
import { median } from './stats.js';

interface Case {
  name: string;
  library: 'kokoro' | 'discordjs';
  clients: number;
}

interface Figures {
  mb: number;
  cpuMs: number;
}

const CASES: readonly Case[] = [
  { name: 'kokoro 1', library: 'kokoro', clients: 1 },
  { name: 'kokoro 2', library: 'kokoro', clients: 2 },
  { name: 'kokoro 4', library: 'kokoro', clients: 4 },
  { name: 'discord.js 1', library: 'discordjs', clients: 1 },
  { name: 'discord.js 4', library: 'discordjs', clients: 4 },
];

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The lines a child prints, one at a time. */
function lines(child: ChildProcess): () => Promise<string> {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let ended = false;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  child.on('exit', () => {
    ended = true;
    for (const next of waiting.splice(0)) next('');
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (ended) return Promise.resolve('');
    return new Promise((resolve) => waiting.push(resolve));
  };
}

function expectJson<T>(line: string, what: string, stderr: () => string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${what} printed ${JSON.stringify(line)}; stderr: ${stderr()}`);
  }
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  });
  return () => text;
}

async function runCase(c: Case, guilds: number, members: number, messages: number): Promise<Figures> {
  const fake = spawn(
    process.execPath,
    ['--max-old-space-size=8192', here('./multiclient-fake.js'), `${guilds}`, `${members}`],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const fakeErr = collect(fake);
  const fakeLine = lines(fake);
  try {
    const { port, tokens } = expectJson<{ port: number; tokens: string[] }>(await fakeLine(), 'the fake', fakeErr);
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=8192',
        here('./multiclient-child.js'),
        c.library,
        `${c.clients}`,
        `${port}`,
        ...tokens,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const childErr = collect(child);
    const childLine = lines(child);
    const { mb } = expectJson<{ mb: number }>(await childLine(), c.name, childErr);
    fake.stdin?.write(`stream ${messages}\n`);
    const { cpuMs, messages: received } = expectJson<{ cpuMs: number; messages: number[] }>(
      await childLine(),
      c.name,
      childErr,
    );
    for (const count of received)
      if (count !== messages + 1) throw new Error(`${c.name}: a client received ${count} of ${messages + 1} messages`);
    await fakeLine();
    return { mb, cpuMs };
  } finally {
    fake.stdin?.write('close\n');
    setTimeout(() => fake.kill(), 5000).unref();
  }
}

/** Run the benchmark; see the module comment. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const guilds = option(args, 'guilds', 1000);
  const members = option(args, 'members', 100);
  const messages = option(args, 'messages', 50_000);
  const rounds = Math.max(3, option(args, 'rounds', 3));
  const onlyAt = args.indexOf('--only');
  const cases = CASES.filter(
    (c) => (onlyAt < 0 || c.library === args[onlyAt + 1]) && !(args.includes('--no-2') && c.clients === 2),
  );
  const results = new Map<string, Figures[]>(CASES.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      const figures = await runCase(c, guilds, members, messages);
      results.get(c.name)?.push(figures);
      console.log(`  round ${round + 1}: ${c.name}: ${figures.mb.toFixed(1)} MB, ${figures.cpuMs.toFixed(0)} ms CPU`);
    }
  }
  const mb = (name: string) => median((results.get(name) ?? []).map((f) => f.mb));
  const cpu = (name: string) => median((results.get(name) ?? []).map((f) => f.cpuMs));
  console.log(
    `\n${guilds} guilds of ${members} members shared by the clients; ${messages} messages to every client (zlib-stream); median of ${rounds} rounds`,
  );
  console.log('| library                   | clients | kept (MB)      | vs 1 client | ingest CPU (ms) | vs 1 client |');
  console.log('|---------------------------|--------:|---------------:|------------:|----------------:|------------:|');
  for (const c of cases) {
    const base = c.library === 'kokoro' ? 'kokoro 1' : 'discord.js 1';
    const label = c.library === 'kokoro' ? 'kokoro (shared cache)' : 'discord.js 14 (zlib-sync)';
    console.log(
      `| ${label.padEnd(25)} | ${String(c.clients).padStart(7)} | ${mb(c.name).toFixed(1).padStart(14)} | ${(mb(c.name) / mb(base)).toFixed(2).padStart(11)} | ${cpu(c.name).toFixed(0).padStart(15)} | ${(cpu(c.name) / cpu(base)).toFixed(2).padStart(11)} |`,
    );
  }
  const r1 = (value: number) => Math.round(value * 10) / 10;
  const r3 = (value: number) => Math.round(value * 1000) / 1000;
  // The same ratios per round (each round's 4 clients over its 1 client), to show the spread.
  const perRound = (four: string, one: string) =>
    (results.get(four) ?? []).map((f, i) => r3(f.cpuMs / ((results.get(one) ?? [])[i]?.cpuMs ?? Number.NaN)));
  console.log(
    `ingest 4 over 1 per round: kokoro ${perRound('kokoro 4', 'kokoro 1').join(', ')}; discord.js ${perRound('discord.js 4', 'discord.js 1').join(', ')}`,
  );
  const ran = (name: string) => (results.get(name) ?? []).length > 0;
  const figures: Record<string, unknown> = {
    kokoro_1_mb: r1(mb('kokoro 1')),
    kokoro_2_mb: r1(mb('kokoro 2')),
    kokoro_4_mb: r1(mb('kokoro 4')),
    discordjs_1_mb: r1(mb('discord.js 1')),
    discordjs_4_mb: r1(mb('discord.js 4')),
    growth_4_over_1: r3(mb('kokoro 4') / mb('kokoro 1')),
    clients: 'real',
    ingest_4_over_1: r3(cpu('kokoro 4') / cpu('kokoro 1')),
    discordjs_ingest_4_over_1: r3(cpu('discord.js 4') / cpu('discord.js 1')),
  };
  // A case left out (--no-2, --only) gives no figure rather than NaN.
  if (!ran('kokoro 2')) delete figures.kokoro_2_mb;
  if (!ran('kokoro 1'))
    for (const key of ['kokoro_1_mb', 'kokoro_4_mb', 'growth_4_over_1', 'ingest_4_over_1']) delete figures[key];
  if (!ran('discord.js 1'))
    for (const key of ['discordjs_1_mb', 'discordjs_4_mb', 'discordjs_ingest_4_over_1']) delete figures[key];
  return figures;
}
