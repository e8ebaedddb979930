/**
 * One side of the multi-client benchmark, in a child `node --expose-gc`: starts `count` real clients
 * of one library against the fake (multiclient-fake.ts), each with its own token and session, all in
 * the same guilds, each with one `messageCreate` handler. Once every client is ready it prints
 * `{ "mb": memory kept by the clients }` (heap and array buffers after GC minus the same before any
 * client existed), then waits until every client has received the end marker and prints
 * `{ "cpuMs": CPU time of this process meanwhile, "messages": messages each client received }`.
 *
 * `node --expose-gc multiclient-child.js <kokoro|discordjs> <count> <port> <token>...`
 */
import { silentLogger } from '@kokoro/common';
import { BENCH_INTENTS } from './cache-world.js';

const END_MARKER = '__multiclient_end__';

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) collect();
}

/** Counts each client's messages and resolves when all have seen the end marker. */
function endings(count: number): { onMessage(index: number, content: string): void; done: Promise<number[]> } {
  const received = new Array<number>(count).fill(0);
  let ended = 0;
  let finish: (counts: number[]) => void = () => {};
  const done = new Promise<number[]>((resolve) => {
    finish = resolve;
  });
  return {
    onMessage(index, content) {
      received[index] = (received[index] as number) + 1;
      if (content === END_MARKER && ++ended === count) finish(received);
    },
    done,
  };
}

async function kokoro(count: number, port: number, tokens: string[]): Promise<{ done: Promise<number[]> }> {
  const { Client } = await import('@kokoro/core');
  const { Cache } = await import('@kokoro/cache');
  const cache = new Cache();
  const end = endings(count);
  const clients = tokens.slice(0, count).map((token, i) => {
    const client = new Client({
      token,
      name: `multi${i}`,
      intents: BENCH_INTENTS,
      cache,
      restUrl: `http://127.0.0.1:${port}/api/v10`,
      gatewayUrl: `ws://127.0.0.1:${port}`,
      compression: 'zlib-stream',
      logger: silentLogger,
      // The fake builds 1,000 GUILD_CREATEs per bot: on a loaded machine READY may take a while.
      gateway: { readyTimeout: 300_000, startTimeout: 600_000 },
      waitGuildsTimeout: 300_000,
    });
    client.on('messageCreate', (_client, message) => end.onMessage(i, message.content));
    return client;
  });
  (globalThis as { keep?: unknown }).keep = clients;
  await Promise.all(clients.map((client) => client.start()));
  // An object: an async function returning the promise itself would wait for it.
  return { done: end.done };
}

async function discordjs(count: number, port: number, tokens: string[]): Promise<{ done: Promise<number[]> }> {
  const { Client, Events, GatewayIntentBits } = await import('discord.js');
  const intents = Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number');
  const end = endings(count);
  const clients = tokens.slice(0, count).map((_token, i) => {
    const client = new Client({ intents, rest: { api: `http://127.0.0.1:${port}/api` } });
    client.on('messageCreate', (message) => end.onMessage(i, message.content));
    return client;
  });
  (globalThis as { keep?: unknown }).keep = clients;
  await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<void>((resolve, reject) => {
          client.once(Events.ClientReady, () => resolve());
          client.login(tokens[i]).catch(reject);
        }),
    ),
  );
  return { done: end.done };
}

async function main(): Promise<void> {
  const [library, countText, portText, ...tokens] = process.argv.slice(2);
  const count = Number(countText);
  const port = Number(portText);
  // Load the library first, so that its code is in the heap before the baseline.
  if (library === 'kokoro') await import('@kokoro/core');
  else await import('discord.js');
  // The JS heap and the buffers outside it (Kokoro's copy index keeps payload bytes in one), as the
  // cache bench counts.
  const memoryNow = () => {
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.arrayBuffers;
  };
  gc();
  const before = memoryNow();
  const { done } = await (library === 'kokoro' ? kokoro : discordjs)(count, port, tokens);
  gc();
  const mb = (memoryNow() - before) / 1048576;
  process.stdout.write(`${JSON.stringify({ mb })}\n`);
  const cpu = process.cpuUsage();
  const messages = await done;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000, messages })}\n`);
  process.exit(0);
}

await main();
