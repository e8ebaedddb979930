/**
 * The bot module of `npm run bench -- cluster`, run by `kokoro run` (the single-process figure),
 * `kokoro gateway` and `kokoro worker`: its `messageCreate` handler writes the event's number (the
 * message content, 8 digits) and a newline to a file of its own, synchronously, so a record exists
 * before the handler returns and the event is acknowledged.
 */
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { silentLogger } from '@kokoro/common';
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

const out = process.env.BENCH_OUT_DIR ?? '.';

// BENCH_CPU_PROF=dir: profile this event thread (where the bots, NATS and Redis clients run; Node's
// --cpu-prof sees only the main thread) and write a .cpuprofile there every 2 s, named by pid and time.
const profDir = process.env.BENCH_CPU_PROF;
if (profDir) {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  setInterval(async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    await post('Profiler.start');
    writeFileSync(join(profDir, `event-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
  }, 2000).unref();
}
const fd = openSync(join(out, `handled-${process.pid}-${threadId}.txt`), 'a');

/** The benchmark's bot. */
export const Bench = new Client({
  name: 'Bench',
  token: process.env.BENCH_TOKEN ?? '',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  logger: silentLogger,
  waitGuildsTimeout: 5_000,
  shardCount: Number(process.env.BENCH_SHARDS ?? 1),
  ...(process.env.BENCH_REST_URL ? { restUrl: process.env.BENCH_REST_URL } : {}),
  ...(process.env.BENCH_GATEWAY_URL ? { gatewayUrl: process.env.BENCH_GATEWAY_URL } : {}),
});

Bench.on('messageCreate', (_client, message) => {
  writeSync(fd, `${message.content}\n`);
});
