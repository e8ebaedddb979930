import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { seededRandom } from '@kokoro/common';
import { request as undiciRequest } from 'undici';
import { InvalidRequestGuard, Rest, RestPool } from '../src/index.js';
import { loadTesting } from './ratelimit-harness.js';

type Fault = 'none' | '500-before' | 'reset-before' | '502-after' | 'reset-after';

/**
 * A proxy in front of the fake that breaks some exchanges: a 500 or a connection reset before the
 * request reaches Discord (nothing happened), or a 502 or a reset after Discord processed it (the
 * answer is lost, the message exists).
 */
async function faultyProxy(
  target: string,
  pick: () => Fault,
): Promise<{ server: Server; url: string; faults: Map<Fault, number> }> {
  const faults = new Map<Fault, number>();
  const origin = new URL(target).origin;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const fault = pick();
      faults.set(fault, (faults.get(fault) ?? 0) + 1);
      if (fault === '500-before') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
        return;
      }
      if (fault === 'reset-before') {
        req.socket.destroy();
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const answer = await undiciRequest(`${origin}${req.url}`, {
        method: req.method as 'GET',
        headers,
        body: chunks.length ? Buffer.concat(chunks) : null,
      });
      const body = Buffer.from(await answer.body.arrayBuffer());
      if (fault === 'reset-after') {
        req.socket.destroy();
        return;
      }
      if (fault === '502-after') {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
        return;
      }
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(answer.headers)) if (typeof v === 'string') out[k] = v;
      delete out['content-length'];
      delete out.connection;
      delete out['keep-alive'];
      res.writeHead(answer.statusCode, out);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`, faults };
}

test('under injected 5xx and connection resets no message is lost or posted twice, and order holds', async () => {
  const { FakeDiscord } = await loadTesting();
  const fake = await FakeDiscord.start({
    gateway: () => ({
      handleUpgrade: (_r: unknown, s: { end(t: string): void }) => s.end('HTTP/1.1 503 No\r\n\r\n'),
      sessionStartLimit: () => ({ total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 }),
      recommendedShards: () => 1,
      close: async () => {},
    }),
  });
  const bot = fake.addBot({ name: 'Nue' });
  const guild = fake.addGuild({ name: 'g', members: [bot] });
  const channels = [fake.addChannel(guild, { name: 'one' }), fake.addChannel(guild, { name: 'two' })];
  const random = seededRandom(42);
  const kinds: Fault[] = ['500-before', 'reset-before', '502-after', 'reset-after'];
  const proxy = await faultyProxy(fake.restUrl, () => {
    const r = random();
    return r < 0.35 ? (kinds[Math.floor((r / 0.35) * kinds.length)] as Fault) : 'none';
  });
  const pool = new RestPool({ baseUrl: proxy.url, guard: new InvalidRequestGuard() });
  const rest = new Rest({
    token: bot.token,
    pool,
    retries: 12,
    retryBackoff: 1,
    random: seededRandom(7),
    globalLimit: 10_000,
  });
  try {
    const creates = channels.flatMap((channel: { id: string }) =>
      Array.from({ length: 25 }, (_, i) =>
        rest.post<{ id: string; content: string }>(`/channels/${channel.id}/messages`, {
          content: `${channel.id}:${i}`,
        }),
      ),
    );
    const reads = Array.from({ length: 20 }, () => rest.get<{ id: string }>('/users/@me'));
    const created = await Promise.all(creates);
    const users = await Promise.all(reads);
    assert.equal(created.length, 50);
    assert.ok(users.every((u) => u.id === bot.id));
    for (const channel of channels) {
      const contents = fake.messages(channel).map((m: { content: string }) => m.content);
      assert.deepEqual(
        contents,
        Array.from({ length: 25 }, (_, i) => `${channel.id}:${i}`),
        'each message exactly once, in order',
      );
    }
    for (const kind of kinds) assert.ok((proxy.faults.get(kind) ?? 0) > 0, `fault ${kind} was injected`);
  } finally {
    await pool.close();
    proxy.server.closeAllConnections();
    proxy.server.close();
    await fake.close();
  }
});
