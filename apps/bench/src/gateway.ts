/**
 * `npm run bench -- gateway [--events N] [--rounds R]`: events per second read from the same
 * recorded-shape zlib-stream by Kokoro's Shard, by @discordjs/ws, and by the floor (ws + inflate +
 * JSON.parse). The stream is served from a worker thread (gateway-feeder.ts). Rounds alternate the
 * clients; each figure is the best of its rounds (other work on the machine only slows a round).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type RunResult, runDiscordjs, runFloor, runKokoro } from './gateway-clients.js';

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** The best round: on a shared machine, other work only ever slows a round down. */
function best(values: number[]): number {
  return Math.max(...values);
}

export async function run(args: string[]): Promise<Record<string, number>> {
  const events = option(args, 'events', 100_000);
  const rounds = option(args, 'rounds', 5);
  const worker = new Worker(new URL('./gateway-feeder.js', import.meta.url), { workerData: { events } });
  const [info] = (await once(worker, 'message')) as [{ port: number; bytes: number; rawBytes: number }];
  const url = `ws://127.0.0.1:${info.port}`;
  const clients: [string, () => Promise<RunResult>][] = [
    ['kokoro', () => runKokoro(url, events)],
    ['discordjs_ws', () => runDiscordjs(url, events)],
    ['floor', () => runFloor(url, events, true)],
    ['floor_async_zlib', () => runFloor(url, events, false)],
  ];
  const eps = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, client] of clients) {
      const result = await client();
      if (result.events !== events) throw new Error(`${name} read ${result.events} of ${events} events`);
      eps.get(name)!.push(result.events / result.seconds);
    }
  }
  worker.postMessage('close');
  await once(worker, 'exit');
  const figure = (name: string) => Math.round(best(eps.get(name)!));
  const kokoro = figure('kokoro');
  const discordjs = figure('discordjs_ws');
  const floor = figure('floor');
  console.log(
    `gateway: ${events} events (${(info.rawBytes / events).toFixed(0)} B JSON each, ${(info.bytes / 1e6).toFixed(1)} MB zlib-stream), best of ${rounds} rounds`,
  );
  console.log('| client | events/s | rounds |');
  console.log('| --- | ---: | --- |');
  for (const [name] of clients) {
    console.log(
      `| ${name} | ${figure(name).toLocaleString('en-US')} | ${eps
        .get(name)!
        .map((x) => Math.round(x))
        .join(', ')} |`,
    );
  }
  return {
    kokoro_eps: kokoro,
    discordjs_ws_eps: discordjs,
    floor_eps: floor,
    floor_async_zlib_eps: figure('floor_async_zlib'),
    ratio_vs_discordjs_ws: Number((kokoro / discordjs).toFixed(2)),
    ratio_vs_floor: Number((kokoro / floor).toFixed(2)),
  };
}
