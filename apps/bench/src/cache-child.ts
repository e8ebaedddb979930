/**
 * Runs in a child `node --expose-gc` process: loads one library, feeds it the payload files (one client
 * per file), collects garbage and reports the heap the library keeps, as JSON on stdout.
 *
 * `node --expose-gc cache-child.js <kokoro|discordjs> <cache options as JSON> <file>...`
 */
import { readFileSync } from 'node:fs';

type Feed = (t: string, d: unknown) => void;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) collect();
}

function eachPayload(file: string, feed: Feed): number {
  const buffer = readFileSync(file);
  let start = 0;
  let count = 0;
  for (;;) {
    const end = buffer.indexOf(10, start);
    if (end < 0) break;
    const payload = JSON.parse(buffer.toString('utf8', start, end)) as { t: string; d: unknown };
    feed(payload.t, payload.d);
    count++;
    start = end + 1;
  }
  return count;
}

async function kokoroFeeds(count: number, options: Record<string, unknown>): Promise<Feed[]> {
  const { Cache } = await import('@kokoro/cache');
  const cache = new Cache(options);
  (globalThis as { keep?: unknown }).keep = cache;
  return Array.from({ length: count }, (_, i) => {
    const owner = { id: `client-${i}`, wants: () => false };
    return (t: string, d: unknown) => {
      cache.ingest(owner, 0, t, d, false);
    };
  });
}

async function discordjsFeeds(count: number): Promise<Feed[]> {
  const { Client, GatewayIntentBits } = await import('discord.js');
  const intents = Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number');
  const clients = Array.from({ length: count }, () => new Client({ intents }));
  (globalThis as { keep?: unknown }).keep = clients;
  return clients.map((client) => {
    const ws = client.ws as unknown as { status: number; handlePacket(packet: unknown, shard: unknown): void };
    ws.status = 0; // Status.Ready: handle packets at once instead of queueing them.
    const shard = { id: 0, checkReady() {} };
    return (t: string, d: unknown) => {
      ws.handlePacket({ t, d, op: 0 }, shard);
    };
  });
}

async function main(): Promise<void> {
  const [library, options, ...files] = process.argv.slice(2);
  const feeds =
    library === 'kokoro'
      ? await kokoroFeeds(files.length, JSON.parse(options ?? '{}') as Record<string, unknown>)
      : await discordjsFeeds(files.length);
  gc();
  // The heap plus ArrayBuffer contents (typed arrays' data lives outside the JS heap).
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const started = performance.now();
  let payloads = 0;
  files.forEach((file, i) => {
    payloads += eachPayload(file, feeds[i] as Feed);
  });
  const seconds = (performance.now() - started) / 1000;
  gc();
  const after = used();
  process.stdout.write(`${JSON.stringify({ mb: (after - before) / 1048576, seconds, payloads })}\n`);
}

await main();
