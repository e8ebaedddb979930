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
const fd = openSync(join(out, `handled-${process.pid}-${threadId}.txt`), 'a');

/** The benchmark's bot. */
export const Bench = new Client({
  name: 'Bench',
  token: process.env.BENCH_TOKEN ?? '',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  logger: silentLogger,
  waitGuildsTimeout: 5_000,
  ...(process.env.BENCH_REST_URL ? { restUrl: process.env.BENCH_REST_URL } : {}),
  ...(process.env.BENCH_GATEWAY_URL ? { gatewayUrl: process.env.BENCH_GATEWAY_URL } : {}),
});

Bench.on('messageCreate', (_client, message) => {
  writeSync(fd, `${message.content}\n`);
});
