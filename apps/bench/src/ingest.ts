/**
 * `npm run bench -- ingest`: events per second through a full client with its cache and one handler.
 *
 * The fake Discord's world (@kokoro/testing) is generated (100 guilds of 100 members, presences on)
 * and its traffic simulator plays a realistic mix (messages created, edited, deleted, typing,
 * presences, reactions, member updates); every dispatch is recorded. A feeder in a worker thread
 * (cache-feeder.ts) then plays READY, the GUILD_CREATEs and that stream to each client as fast as it
 * reads. Kokoro's `Client` and discord.js 14's `Client` each get every intent, one `messageCreate`
 * handler, and zlib-stream transport compression, as each recommends: Kokoro's default, and
 * discord.js's whenever the optional `zlib-sync` is installed (it is, in this app; without it
 * discord.js reads uncompressed). Both read the same compressed bytes (cache-feeder.ts). The clock
 * runs from a start marker message (after the guilds) to an end marker message, on the client's side.
 *
 * Options: `--events N` (60,000), `--rounds N` (3, at least 3; rounds alternate which client goes
 * first; the median round is reported).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { silentLogger } from '@kokoro/common';
import { generateWorld, makeMessage, simulateTraffic, World } from '@kokoro/testing';
import { option } from './args.js';
import { BENCH_INTENTS } from './cache-world.js';
import { median } from './stats.js';

const START = '__bench_start__';
const END = '__bench_end__';

/** Record the payloads: READY, GUILD_CREATEs, start marker, traffic, end marker. */
async function record(events: number): Promise<{ file: string; counts: Record<string, number>; streamed: number }> {
  const world = new World();
  const bot = world.createBot({ name: 'ingest', privilegedIntents: BENCH_INTENTS } as never);
  const generated = generateWorld(world, {
    guilds: 100,
    membersPerGuild: 100,
    channelsPerGuild: 10,
    rolesPerGuild: 8,
    presences: true,
    bots: [bot],
    seed: 3,
  });
  const texts: string[] = [];
  let seq = 0;
  const push = (t: string, d: unknown) => texts.push(JSON.stringify({ op: 0, t, s: ++seq, d }));
  push('READY', {
    v: 10,
    user: bot.user,
    guilds: generated.guildIds.map((id) => ({ id, unavailable: true })),
    session_id: 'ingest',
    resume_gateway_url: 'ws://127.0.0.1:1',
    shard: [0, 1],
    application: { id: bot.applicationId, flags: 0 },
  });
  for (const id of generated.guildIds) {
    push('GUILD_CREATE', world.guildCreatePayload(id, bot.id, { intents: BENCH_INTENTS, largeThreshold: 250 }));
  }
  const guildId = generated.guildIds[0] as string;
  const channelId = [...(world.guild(guildId)?.channels.keys() ?? [])][0] as string;
  const marker = (content: string, id: string) => ({
    ...makeMessage(id, channelId, world.defaultUser, content, new Date().toISOString()),
    guild_id: guildId,
  });
  push('MESSAGE_CREATE', marker(START, world.nextId()));
  const first = texts.length;
  const stop = world.onDispatch((dispatch) => push(dispatch.t, dispatch.d));
  const counts = await simulateTraffic(world, { events, seed: 5 });
  stop();
  const streamed = texts.length - first;
  push('MESSAGE_CREATE', marker(END, world.nextId()));
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-ingest-'));
  const file = join(dir, 'stream.jsonl');
  writeFileSync(file, `${texts.join('\n')}\n`);
  return { file, counts, streamed };
}

async function startFeeder(file: string): Promise<{ port: number; compressions: string[]; close(): Promise<void> }> {
  const worker = new Worker(new URL('./cache-feeder.js', import.meta.url), { workerData: { file } });
  const compressions: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (m: { port?: number; identified?: string }) => {
      if (m.port !== undefined) resolve(m.port);
      if (m.identified !== undefined) compressions.push(m.identified);
    });
    worker.once('error', reject);
  });
  return {
    port,
    compressions,
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** Wait for the markers; resolves with the seconds between them. */
function markers(): { onContent(content: string): void; done: Promise<number> } {
  let started = 0;
  let finish: (seconds: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  return {
    onContent(content) {
      if (content === START) started = performance.now();
      else if (content === END) finish((performance.now() - started) / 1000);
    },
    done,
  };
}

async function kokoro(port: number): Promise<number> {
  const { Client } = await import('@kokoro/core');
  const { Cache } = await import('@kokoro/cache');
  const clock = markers();
  const client = new Client({
    token: 'kokoro-ingest-bench',
    name: 'ingest',
    intents: BENCH_INTENTS,
    cache: new Cache(),
    restUrl: `http://127.0.0.1:${port}/api/v10`,
    gatewayUrl: `ws://127.0.0.1:${port}`,
    shardCount: 1,
    compression: 'zlib-stream',
    logger: silentLogger,
  });
  client.on('messageCreate', (_client, message) => clock.onContent(message.content));
  await client.start();
  const seconds = await clock.done;
  await client.stop();
  return seconds;
}

async function discordjs(port: number): Promise<number> {
  const { Client, GatewayIntentBits } = await import('discord.js');
  const intents = Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number');
  const clock = markers();
  const client = new Client({ intents, rest: { api: `http://127.0.0.1:${port}/api` } });
  client.on('messageCreate', (message) => clock.onContent(message.content));
  await client.login('discordjs-ingest-bench');
  const seconds = await clock.done;
  await client.destroy();
  return seconds;
}

/** Run the benchmark; see the module comment. */
export async function run(args: string[]): Promise<Record<string, number>> {
  const events = option(args, 'events', 60_000);
  const rounds = Math.max(3, option(args, 'rounds', 3));
  const { file, counts, streamed } = await record(events);
  try {
    return await play(file, counts, streamed, rounds);
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

async function play(
  file: string,
  counts: Record<string, number>,
  streamed: number,
  rounds: number,
): Promise<Record<string, number>> {
  const times = { kokoro: [] as number[], discordjs: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['kokoro', 'discordjs'] as const) : (['discordjs', 'kokoro'] as const);
    for (const name of order) {
      const feeder = await startFeeder(file);
      try {
        times[name].push(await (name === 'kokoro' ? kokoro : discordjs)(feeder.port));
        if (feeder.compressions.join() !== 'zlib-stream') {
          throw new Error(
            `${name} identified with compression ${feeder.compressions.join() || 'none'}, not zlib-stream`,
          );
        }
      } finally {
        await feeder.close();
      }
    }
  }
  const kokoroMedian = median(times.kokoro);
  const discordjsMedian = median(times.discordjs);
  const kokoroEps = streamed / kokoroMedian;
  const discordjsEps = streamed / discordjsMedian;
  const mix = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  console.log(`stream: ${streamed} events after 100 GUILD_CREATEs (${mix})`);
  const list = (values: number[]) => values.map((x) => x.toFixed(3)).join(', ');
  console.log(`zlib-stream, median of ${rounds} rounds`);
  console.log('| client                     | seconds | events/s | rounds (s) |');
  console.log('|----------------------------|--------:|---------:|------------|');
  console.log(
    `| kokoro                     | ${kokoroMedian.toFixed(3).padStart(7)} | ${Math.round(kokoroEps).toString().padStart(8)} | ${list(times.kokoro)} |`,
  );
  console.log(
    `| discord.js 14 (zlib-sync)  | ${discordjsMedian.toFixed(3).padStart(7)} | ${Math.round(discordjsEps).toString().padStart(8)} | ${list(times.discordjs)} |`,
  );
  console.log(`ratio kokoro / discord.js: ${(kokoroEps / discordjsEps).toFixed(2)}`);
  return {
    kokoro_eps: Math.round(kokoroEps),
    discordjs_eps: Math.round(discordjsEps),
    ratio: Math.round((kokoroEps / discordjsEps) * 100) / 100,
  };
}
