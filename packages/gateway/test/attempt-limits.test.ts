/**
 * `start()` always settles: bounded attempts and time before the first READY, each refusal kind
 * named in the error; and an optional bound on reconnects after READY.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { GatewayConnectError, type Shard, ShardState } from '../src/index.js';
import { closedAfterEach, Recorder, until } from './helpers.js';

const opened = closedAfterEach();

/** Settle `promise`, advancing `clock` through each scheduled reconnect of `shard`. */
async function settleThroughBackoff(shard: Shard, clock: ManualClock, promise: Promise<unknown>): Promise<unknown> {
  let outcome: { error: unknown } | undefined;
  promise.then(
    () => {
      outcome = { error: undefined };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  while (!outcome) {
    await until(() => outcome !== undefined || shard.state === ShardState.Reconnecting, 'a reconnect or the end');
    if (!outcome) await clock.advance(shard.reconnectDelay);
  }
  return outcome.error;
}

describe('attempt limits', () => {
  it('start() rejects after startAttempts refused connections, naming the last close and reason', async () => {
    const s = await opened.setup();
    const clock = new ManualClock(0);
    s.fake.gateway.refuseConnections = true;
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { clock, startAttempts: 3 });
    const error = await settleThroughBackoff(shard, clock, shard.start());
    assert.ok(error instanceof GatewayConnectError, String(error));
    assert.equal(error.attempts, 3);
    assert.equal(error.wasReady, false);
    assert.equal(error.closeCode, 1006);
    assert.match(error.message, /shard 0: could not connect: 3 attempt\(s\) without a READY; .*close 1006/);
    assert.match(error.message, /startAttempts/);
    assert.equal(s.fake.gateway.connectionAttempts, 3);
    assert.equal(shard.state, ShardState.Closed);
    await assert.rejects(shard.join(), GatewayConnectError);
  });

  it('an HTTP error on the upgrade is named in the error', async () => {
    const s = await opened.setup();
    const server = createServer((_request, response) => response.end());
    server.on('upgrade', (_request, socket) => {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as { port: number }).port;
      const clock = new ManualClock(0);
      const shard = opened.shard(s.fake, s.bot, new Recorder(), {
        clock,
        url: `ws://127.0.0.1:${port}`,
        startAttempts: 2,
      });
      const error = await settleThroughBackoff(shard, clock, shard.start());
      assert.ok(error instanceof GatewayConnectError);
      assert.match(error.reason, /503/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a close before READY (4000) counts as a failed attempt', async () => {
    const s = await opened.setup();
    const clock = new ManualClock(0);
    s.fake.gateway.stallSessions = true;
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { clock, startAttempts: 2 });
    const started = shard.start();
    let closed = 0;
    const closer = setInterval(() => {
      closed += s.fake.gateway.closeConnections(4000, {}, 'Unknown error.');
    }, 1);
    try {
      const error = await settleThroughBackoff(shard, clock, started);
      assert.ok(error instanceof GatewayConnectError);
      assert.equal(error.closeCode, 4000);
      assert.equal(error.reason, 'Unknown error.');
      assert.ok(closed >= 2);
    } finally {
      clearInterval(closer);
    }
  });

  it('start() rejects after startTimeout without READY', async () => {
    const s = await opened.setup();
    const clock = new ManualClock(0);
    s.fake.gateway.stallSessions = true;
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { clock, startTimeout: 5000, readyTimeout: 60_000 });
    let error: unknown;
    const started = shard.start().catch((e: unknown) => {
      error = e;
    });
    await until(() => s.fake.gateway.identifies.length + s.fake.gateway.connectionAttempts > 0, 'an attempt');
    await until(() => shard.state === ShardState.Identifying, 'identifying');
    await clock.advance(5000);
    await started;
    assert.ok(error instanceof GatewayConnectError, String(error));
    assert.match(error.message, /no READY within 5000 ms/);
    assert.match(error.message, /startTimeout/);
  });

  it('after READY, maxAttempts bounds the reconnects; join() rejects with the typed error', async () => {
    const s = await opened.setup();
    const clock = new ManualClock(0);
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { clock, maxAttempts: 2 });
    await shard.start();
    s.fake.gateway.refuseConnections = true;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    const error = await settleThroughBackoff(shard, clock, shard.join());
    assert.ok(error instanceof GatewayConnectError, String(error));
    assert.equal(error.wasReady, true);
    assert.equal(error.attempts, 2);
    assert.match(error.message, /gave up reconnecting: 2 attempt\(s\) since the session was lost/);
  });

  it('without maxAttempts, reconnects go on after READY (more attempts than startAttempts)', async () => {
    const s = await opened.setup();
    const clock = new ManualClock(0);
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { clock, startAttempts: 2 });
    await shard.start();
    s.fake.gateway.refuseConnections = true;
    s.fake.gateway.dropConnections({ botId: s.bot.id });
    for (let i = 0; i < 4; i++) {
      await until(() => shard.state === ShardState.Reconnecting, 'reconnecting');
      await clock.advance(shard.reconnectDelay);
    }
    s.fake.gateway.refuseConnections = false;
    await until(() => shard.state === ShardState.Reconnecting, 'reconnecting');
    await clock.advance(shard.reconnectDelay);
    await until(() => shard.isConnected, 'back');
  });
});
