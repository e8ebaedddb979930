/**
 * `npm run bench -- gateway [--events N] [--rounds R]`: events per second read from the same
 * recorded-shape zlib-stream by Kokoro's Shard, by @discordjs/ws with zlib-sync (as its README
 * recommends), and by the floor (ws + inflate + JSON.parse); @discordjs/ws on node:zlib and the
 * floor on node:zlib's stream API are extra information. The stream is served from a worker thread
 * (gateway-feeder.ts). Each round runs every client once, the order rotated so that each client
 * goes first in turn; each figure is the median of its rounds (5 by default, at least 3). Beside
 * events/s, the CPU time this thread spent per event (connection setup included), which the other
 * processes of a busy machine disturb far less.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CompressionMethod } from '@discordjs/ws';
import { option } from './args.js';
import { type RunResult, runDiscordjs, runFloor, runKokoro } from './gateway-clients.js';

/**
 * CPU time of this thread in µs (Linux: /proc/thread-self/stat, 10 ms ticks); NaN elsewhere. The
 * feeder runs in another thread, so this is the client's own work, far less sensitive to the
 * machine's load than events per second.
 */
function threadCpuMicros(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/** The median round (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function run(args: string[]): Promise<Record<string, number>> {
  const events = option(args, 'events', 100_000);
  const rounds = Math.max(3, option(args, 'rounds', 5));
  const worker = new Worker(new URL('./gateway-feeder.js', import.meta.url), { workerData: { events } });
  const [info] = (await once(worker, 'message')) as [{ port: number; bytes: number; rawBytes: number }];
  const url = `ws://127.0.0.1:${info.port}`;
  const clients: [string, () => Promise<RunResult>][] = [
    ['kokoro', () => runKokoro(url, events)],
    ['discordjs_ws_zlib_sync', () => runDiscordjs(url, events, CompressionMethod.ZlibSync)],
    ['floor', () => runFloor(url, events, true)],
    ['discordjs_ws', () => runDiscordjs(url, events, CompressionMethod.ZlibNative)],
    ['floor_async_zlib', () => runFloor(url, events, false)],
  ];
  const eps = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = [...clients.slice(round % clients.length), ...clients.slice(0, round % clients.length)];
    for (const [name, client] of order) {
      const before = threadCpuMicros();
      const result = await client();
      cpu.get(name)!.push((threadCpuMicros() - before) / events);
      if (result.events !== events) throw new Error(`${name} read ${result.events} of ${events} events`);
      eps.get(name)!.push(result.events / result.seconds);
    }
  }
  worker.postMessage('close');
  await once(worker, 'exit');
  const figure = (name: string) => Math.round(median(eps.get(name)!));
  const kokoro = figure('kokoro');
  const discordjs = figure('discordjs_ws');
  const zlibSync = figure('discordjs_ws_zlib_sync');
  const floor = figure('floor');
  const cpuFigure = (name: string) => Number(median(cpu.get(name)!).toFixed(2));
  console.log(
    `gateway: ${events} events (${(info.rawBytes / events).toFixed(0)} B JSON each, ${(info.bytes / 1e6).toFixed(1)} MB zlib-stream), median of ${rounds} rounds`,
  );
  console.log('| client | events/s | rounds | CPU µs/event |');
  console.log('| --- | ---: | --- | ---: |');
  for (const [name] of clients) {
    console.log(
      `| ${name} | ${figure(name).toLocaleString('en-US')} | ${eps
        .get(name)!
        .map((x) => Math.round(x))
        .join(', ')} | ${cpuFigure(name)} |`,
    );
  }
  return {
    kokoro_eps: kokoro,
    discordjs_ws_zlib_sync_eps: zlibSync,
    floor_eps: floor,
    discordjs_ws_eps: discordjs,
    floor_async_zlib_eps: figure('floor_async_zlib'),
    ratio_vs_discordjs_ws_zlib_sync: Number((kokoro / zlibSync).toFixed(2)),
    ratio_vs_floor: Number((kokoro / floor).toFixed(2)),
    ratio_vs_discordjs_ws: Number((kokoro / discordjs).toFixed(2)),
    kokoro_cpu_us: cpuFigure('kokoro'),
    discordjs_ws_zlib_sync_cpu_us: cpuFigure('discordjs_ws_zlib_sync'),
    floor_cpu_us: cpuFigure('floor'),
    cpu_ratio_vs_discordjs_ws_zlib_sync: Number((cpuFigure('discordjs_ws_zlib_sync') / cpuFigure('kokoro')).toFixed(2)),
    cpu_ratio_vs_floor: Number((cpuFigure('floor') / cpuFigure('kokoro')).toFixed(2)),
  };
}
