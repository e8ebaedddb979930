/**
 * The real services the cluster tests run against: Redis (`KOKORO_REDIS_URL`, default
 * `redis://127.0.0.1:6379`) and NATS (`KOKORO_NATS_URL`, default `nats://127.0.0.1:4222`).
 *
 * Each is probed once per process with a raw TCP handshake (Redis answers `PING`, NATS greets with
 * `INFO`), bounded by a short timeout. When a service does not answer, its tests are skipped with a
 * line saying how to run them — except under `CI=true`, where a missing service fails the test: CI
 * must run them. Usage, at the top of a test:
 *
 * ```ts
 * test('two processes share one bucket', async (t) => {
 *   if (!(await requireRedis(t))) return;
 *   ...
 * });
 * ```
 *
 * Every run also gets a unique key prefix ({@link uniquePrefix}), so copies of the suite running at
 * the same time on one Redis (or one NATS) never see each other's keys, streams or subjects.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { TestContext } from 'node:test';

/** The Redis URL of the tests: `KOKORO_REDIS_URL`, default `redis://127.0.0.1:6379`. */
export function redisUrl(): string {
  return process.env.KOKORO_REDIS_URL || 'redis://127.0.0.1:6379';
}

/** The NATS URL of the tests: `KOKORO_NATS_URL`, default `nats://127.0.0.1:4222`. */
export function natsUrl(): string {
  return process.env.KOKORO_NATS_URL || 'nats://127.0.0.1:4222';
}

/** Whether this run is CI (`CI=true`): a missing service fails instead of skipping. */
export function underCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/** What a probe found: reachable, or why not. */
export type Probe = { ok: true } | { ok: false; reason: string };

const probes = new Map<string, Promise<Probe>>();

/**
 * Open a TCP connection to `url` (default port `port`), optionally write `hello`, and resolve ok on
 * the first bytes answered. Never pends longer than `timeout` ms.
 */
function probe(url: string, port: number, hello: string | undefined, timeout = 1500): Promise<Probe> {
  let host: string;
  let portNumber: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    portNumber = Number(parsed.port) || port;
  } catch {
    return Promise.resolve({ ok: false, reason: `not a URL: ${url}` });
  }
  return new Promise<Probe>((resolve) => {
    const socket = connect({ host, port: portNumber });
    const done = (result: Probe): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, reason: `no answer within ${timeout} ms` }), timeout);
    socket.once('connect', () => {
      if (hello) socket.write(hello);
    });
    socket.once('data', () => done({ ok: true }));
    socket.once('error', (error) => done({ ok: false, reason: error.message }));
    socket.once('close', () => done({ ok: false, reason: 'the connection closed without an answer' }));
  });
}

/** Whether Redis answers at {@link redisUrl} (probed once per process). */
export function redisReachable(): Promise<Probe> {
  const url = redisUrl();
  let found = probes.get(`redis ${url}`);
  if (!found) {
    found = probe(url, 6379, 'PING\r\n');
    probes.set(`redis ${url}`, found);
  }
  return found;
}

/** Whether NATS answers at {@link natsUrl} (probed once per process). */
export function natsReachable(): Promise<Probe> {
  const url = natsUrl();
  let found = probes.get(`nats ${url}`);
  if (!found) {
    found = probe(url, 4222, undefined);
    probes.set(`nats ${url}`, found);
  }
  return found;
}

async function requireService(
  t: TestContext,
  service: string,
  url: string,
  variable: string,
  found: Promise<Probe>,
): Promise<boolean> {
  const result = await found;
  if (result.ok) return true;
  const how =
    `${service} is not reachable at ${url} (${result.reason}). To run this test, start ${service} ` +
    `there or point ${variable} at one (e.g. ${variable}=${url} npm test).`;
  if (underCi()) throw new Error(`${how} Under CI=true a missing ${service} fails the test instead of skipping it.`);
  t.skip(how);
  return false;
}

/**
 * True when Redis is reachable. Otherwise skips `t` with a line saying how to run it and returns
 * false (the test must then return), or, under `CI=true`, throws so that the test fails.
 */
export function requireRedis(t: TestContext): Promise<boolean> {
  return requireService(t, 'Redis', redisUrl(), 'KOKORO_REDIS_URL', redisReachable());
}

/**
 * True when NATS is reachable. Otherwise skips `t` with a line saying how to run it and returns
 * false (the test must then return), or, under `CI=true`, throws so that the test fails.
 */
export function requireNats(t: TestContext): Promise<boolean> {
  return requireService(t, 'NATS', natsUrl(), 'KOKORO_NATS_URL', natsReachable());
}

/**
 * A name unique to this process and call (`kokoro-<label>-<pid>-<random hex>`), for NATS streams,
 * subjects and consumers, so concurrent copies of the suite never collide. Letters, digits and `-`
 * only: valid as a NATS stream or consumer name and as a subject token. `label` helps when
 * inspecting a live server; keep it to letters, digits and `-`.
 */
export function uniqueName(label = 'test'): string {
  return `kokoro-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A Redis key prefix unique to this process and call: {@link uniqueName} followed by `:`. */
export function uniquePrefix(label = 'test'): string {
  return `${uniqueName(label)}:`;
}
