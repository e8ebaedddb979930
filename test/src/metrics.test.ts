// Metrics: what clients count (events, 429s, slow handlers), the `.stats` table, and the
// Prometheus endpoint of `kokoro run --metrics`, read back with a strict parser.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import {
  Cache,
  Client,
  type Clock,
  collectMetrics,
  formatPrometheus,
  formatStats,
  GatewayIntentBits,
  lagMonitor,
  Rest,
  RestPool,
  systemClock,
} from 'kokoro';
import { captureLogs, fixture, KOKORO_BIN, ROOT, runKokoro, waitFor } from './helpers.js';
import { parsePrometheus, sampleValue } from './prometheus-text.js';

test('the lag monitor names the event whose handler blocked the event thread; events are counted per shard', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const { logger, lines } = captureLogs('warn');
  // The client's clock, moved forward by the handler: as if it had blocked for 250 ms.
  let offset = 0;
  const clock: Clock = {
    now: () => systemClock.now() + offset,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
  };
  const bot = fake.addBot({ name: 'Laggy', privilegedIntents: GatewayIntentBits.MessageContent });
  const guild = fake.addGuild({ name: 'G', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'c' });
  const Laggy = new Client({
    name: 'Laggy',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
    logger,
    clock,
  });
  const seen: string[] = [];
  Laggy.on('messageCreate', (_client, message) => {
    if (message.content === 'block') offset += 250;
    seen.push(message.content);
  });
  const before = lagMonitor.thresholdMs;
  lagMonitor.thresholdMs = 100;
  try {
    await Laggy.start();
    await fake.userSays(channel, 'quick');
    await fake.userSays(channel, 'block');
    await waitFor(() => seen.length === 2, 'both messages');
    assert.equal(Laggy.metrics.slowEvents.get('messageCreate'), 1, 'only the blocking delivery');
    const warning = lines.map((line) => JSON.parse(line)).find((line) => line.event === 'messageCreate');
    assert.ok(warning, `a warning: ${lines.join('')}`);
    assert.match(
      warning.msg,
      /the messageCreate handlers of Laggy blocked the event thread for 250 ms \(threshold 100 ms\)/,
    );

    const snapshot = collectMetrics({ cache: Laggy.cache });
    const mine = snapshot.clients.find((client) => client.client === 'Laggy');
    assert.ok(mine);
    assert.equal(mine.shards.length, 1);
    assert.ok(mine.shards[0]!.events >= 4, `READY, GUILD_CREATE and two messages: ${mine.shards[0]!.events}`);
    assert.equal(mine.shards[0]!.state, 'ready');
    assert.ok(mine.rest.requests >= 1, 'GET /gateway/bot at least');
    assert.equal(snapshot.cache.guilds, 1);
    assert.equal(snapshot.cache.channels, 1);
    const table = formatStats(snapshot);
    assert.match(table, /^Laggy\s+0\s+ready\s+\d+/m);
    assert.match(table, /events over the 100 ms lag threshold: Laggy messageCreate x1/);
    const { samples } = parsePrometheus(formatPrometheus(snapshot));
    assert.equal(sampleValue(samples, 'kokoro_slow_events_total', { client: 'Laggy', event: 'messageCreate' }), 1);
    assert.equal(sampleValue(samples, 'kokoro_cache_entities', { kind: 'guilds' }), 1);
  } finally {
    lagMonitor.thresholdMs = before;
    await Laggy.destroy();
    await pool.close();
    await fake.close();
  }
});

test('REST requests and 429s by scope are counted on the rate limiter', async () => {
  const answers = [
    { status: 429, scope: 'shared' },
    { status: 429, scope: 'user' },
    { status: 200, scope: undefined },
  ];
  const http = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = answers.shift() ?? { status: 200, scope: undefined };
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (answer.scope) Object.assign(headers, { 'x-ratelimit-scope': answer.scope, 'retry-after': '0' });
      response.writeHead(answer.status, headers);
      response.end(
        answer.status === 429 ? JSON.stringify({ message: 'slow down', retry_after: 0, global: false }) : '{}',
      );
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const rest = new Rest({
    token: 'MTA5ODc2NTQzMjEwOTg3NjU0.GxYzAb.metrics-test-token',
    baseUrl: `http://127.0.0.1:${port}/api/v10`,
  });
  try {
    await rest.get('/users/@me');
    assert.equal(rest.limiter.counters.requests, 3);
    assert.deepEqual(rest.limiter.counters.rateLimited, { user: 1, global: 0, shared: 1 });
    assert.equal(rest.limiter.queued, 0);
  } finally {
    await rest.close();
    await new Promise((resolve) => http.close(resolve));
  }
});

test('kokoro run --metrics serves Prometheus text on loopback; .stats prints the same figures', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'kokoro-metrics-')), 'c.sock');
  const child = spawn(
    process.execPath,
    [KOKORO_BIN, 'run', '--fake', fixture('two-bots.ts'), '--no-repl', '--metrics', '0', '--console-socket', path],
    { cwd: ROOT, env: { ...process.env, KOKORO_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => /kokoro: running /.test(stderr) || child.exitCode !== null, 'the runtime', 60_000);
    const url = /kokoro: metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stderr)?.[1];
    assert.ok(url, `the endpoint's address, on loopback: ${stderr}`);

    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheus(await response.text());
    assert.equal(types.get('kokoro_gateway_events_total'), 'counter');
    assert.equal(types.get('kokoro_rest_queue_depth'), 'gauge');
    for (const client of ['One', 'Two']) {
      assert.ok(sampleValue(samples, 'kokoro_gateway_events_total', { client, shard: '0' }) >= 2);
      assert.equal(sampleValue(samples, 'kokoro_gateway_reconnects_total', { client, shard: '0' }), 0);
      assert.ok(sampleValue(samples, 'kokoro_rest_requests_total', { client }) >= 1);
      assert.equal(sampleValue(samples, 'kokoro_rest_queue_depth', { client }), 0);
      for (const scope of ['user', 'global', 'shared']) {
        assert.equal(sampleValue(samples, 'kokoro_rest_rate_limited_total', { client, scope }), 0);
      }
      assert.ok(sampleValue(samples, 'kokoro_gateway_events_per_second', { client, shard: '0' }) >= 0);
    }
    assert.equal(sampleValue(samples, 'kokoro_cache_entities', { kind: 'guilds' }), 1);
    assert.ok(sampleValue(samples, 'kokoro_cache_entities', { kind: 'members' }) >= 2, 'the two bots at least');
    assert.ok(sampleValue(samples, 'kokoro_event_loop_lag_seconds', { stat: 'max' }) >= 0);
    assert.equal((await fetch(url.replace('/metrics', '/other'))).status, 404);

    const attached = await runKokoro(['attach', path, '--no-history'], ['.stats']);
    assert.equal(attached.code, 0, attached.stderr);
    const out = attached.stdout;
    assert.match(out, /client\s+shard\s+state\s+events\s+events\/s\s+latency\s+reconnects/);
    assert.match(out, /^One\s+0\s+ready\s+\d+\s+[\d.]+\s+(?:\d+ ms|-)\s+0$/m);
    assert.match(out, /^Two\s+0\s+ready\s+/m);
    assert.match(out, /client\s+REST requests\s+queued\s+429 user\s+429 global\s+429 shared/);
    assert.match(out, /^cache: guilds 1, channels 1, users \d+, members \d+/m);
    assert.match(out, /^event loop lag: mean [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/m);
    assert.match(out, /^events over the 100 ms lag threshold: none$/m);
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  }
});
