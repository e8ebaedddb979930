/**
 * The clients of the gateway benchmark, each timed from READY to the last event of the stream:
 * Kokoro's `Shard`, `@discordjs/ws`'s `WebSocketManager` (one shard, in this thread) with
 * `zlib-sync` (its README's recommended inflater; `node:zlib` as extra information), and the
 * floor: a bare ws client that only inflates and JSON-parses.
 */
import type { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { Shard, StreamZlibInflater, SyncZlibInflater } from '@kokoro/gateway';
import WebSocket from 'ws';

/** One timed run: events read and seconds from READY to the last one. */
export interface RunResult {
  events: number;
  seconds: number;
}

const TOKEN = 'bench.token.not-a-real-one';

/** Kokoro's Shard over zlib-stream. */
export async function runKokoro(url: string, expected: number): Promise<RunResult> {
  let count = 0;
  let start = 0;
  let finish!: (seconds: number) => void;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const shard = new Shard({
    token: TOKEN,
    intents: 1,
    url,
    compression: 'zlib-stream',
    onDispatch: (_shard, t) => {
      if (t === 'READY') {
        start = performance.now();
        return;
      }
      if (++count === expected) finish((performance.now() - start) / 1000);
    },
  });
  await shard.start();
  const seconds = await done;
  await shard.close();
  return { events: count, seconds };
}

/**
 * @discordjs/ws on zlib-stream: `CompressionMethod.ZlibSync` (the optional `zlib-sync` package its
 * README recommends; installed in this app) or `ZlibNative` (node:zlib's stream API).
 */
export async function runDiscordjs(
  url: string,
  expected: number,
  compression: CompressionMethod = CompressionMethod.ZlibSync,
): Promise<RunResult> {
  const rest = {
    get: async () => ({
      url,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    }),
  } as unknown as REST;
  const manager = new WebSocketManager({
    token: TOKEN,
    intents: 1,
    rest,
    shardCount: 1,
    compression,
  });
  let count = 0;
  let start = 0;
  const done = new Promise<number>((resolve) => {
    manager.on(WebSocketShardEvents.Dispatch, (payload) => {
      if (payload.t === 'READY') {
        start = performance.now();
        return;
      }
      if (++count === expected) resolve((performance.now() - start) / 1000);
    });
  });
  await manager.connect();
  const seconds = await done;
  await manager.destroy();
  return { events: count, seconds };
}

/** The floor: ws + inflate + JSON.parse, nothing else. `sync` drives node:zlib synchronously. */
export async function runFloor(url: string, expected: number, sync: boolean): Promise<RunResult> {
  const ws = new WebSocket(`${url}/?v=10&encoding=json&compress=zlib-stream`, { perMessageDeflate: false });
  const inflater = sync ? new SyncZlibInflater() : new StreamZlibInflater();
  let count = 0;
  let start = 0;
  const seconds = await new Promise<number>((resolve) => {
    const onText = (text: string) => {
      const payload = JSON.parse(text) as { op: number; t?: string };
      if (payload.op === 10) {
        ws.send(
          JSON.stringify({
            op: 2,
            d: { token: TOKEN, intents: 1, properties: { os: 'linux', browser: 'floor', device: 'floor' } },
          }),
        );
      } else if (payload.t === 'READY') start = performance.now();
      else if (++count === expected) resolve((performance.now() - start) / 1000);
    };
    ws.on('message', (data: Buffer) => inflater.push(data, onText));
  });
  ws.terminate();
  inflater.close();
  return { events: count, seconds };
}
