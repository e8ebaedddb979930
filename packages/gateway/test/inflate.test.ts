/**
 * The zlib-stream inflaters: the default drives node:zlib's internal handle (@kokoro/common's
 * `NativeZlib`); the fallback is node:zlib's public stream API, picked when a Node's internals do
 * not look as expected. Both must decode the same stream the same way, split messages included,
 * and a shard must work end to end on the fallback.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, createDeflate } from 'node:zlib';
import { nativeZlibAvailable } from '@kokoro/common';
import {
  createInflater,
  GatewayDecodeError,
  type Inflater,
  StreamZlibInflater,
  SyncZlibInflater,
  syncZlibAvailable,
} from '../src/index.js';
import { assertAllOnce, closedAfterEach, probe, until } from './helpers.js';

/** Compress texts as one zlib-stream (a sync flush after each) with node:zlib's public API. */
async function zlibStream(texts: string[]): Promise<Buffer[]> {
  const deflate = createDeflate();
  const frames: Buffer[] = [];
  for (const text of texts) {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', onData);
    deflate.write(text);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    frames.push(Buffer.concat(chunks));
  }
  deflate.close();
  return frames;
}

/** Feed websocket messages to an inflater; resolves with the texts once `expected` came out. */
function inflateAll(inflater: Inflater, messages: Buffer[], expected: number): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) => {
    for (const message of messages) {
      inflater.push(message, (text) => {
        texts.push(text);
        if (texts.length === expected) resolve(texts);
      });
    }
  });
}

const TEXTS = [
  JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }),
  JSON.stringify({ op: 0, t: 'READY', s: 1, d: { v: 10 } }),
  // Larger than the inflater's first output buffer (128 KiB): it must grow and go on.
  JSON.stringify({ op: 0, t: 'BIG', s: 2, d: { text: 'ジ'.repeat(100_000) } }),
  JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', s: 3, d: { content: 'after the big one' } }),
];

describe('zlib-stream inflaters', () => {
  it('this Node exposes the internals the sync inflater drives; an object without them is refused', () => {
    assert.equal(syncZlibAvailable(), true, 'node:zlib internals changed: the fallback is in use');
    assert.equal(syncZlibAvailable({}), false);
    assert.equal(nativeZlibAvailable({ _handle: null, _writeState: new Uint32Array(2) }), false);
    assert.equal(nativeZlibAvailable({ _handle: { writeSync() {} }, _writeState: [0, 0] }), false);
  });

  it('without the internals, createInflater falls back to the stream API', () => {
    const fallback = createInflater('zlib-stream', { syncAvailable: false });
    assert.ok(fallback instanceof StreamZlibInflater);
    fallback.close();
    const sync = createInflater('zlib-stream', { syncAvailable: true });
    assert.ok(sync instanceof SyncZlibInflater);
    sync.close();
  });

  for (const strategy of ['sync', 'stream'] as const) {
    it(`${strategy}: decodes every message in order, a message split in parts and one past 128 KiB`, async () => {
      const frames = await zlibStream(TEXTS);
      // The READY frame arrives as two websocket messages (the first part has no flush suffix).
      const ready = frames[1]!;
      const messages = [frames[0]!, ready.subarray(0, 3), ready.subarray(3), ...frames.slice(2)];
      const inflater = createInflater('zlib-stream', { zlib: strategy });
      assert.deepEqual(await inflateAll(inflater, messages, TEXTS.length), TEXTS);
      inflater.close();
    });
  }

  for (const strategy of ['sync', 'stream'] as const) {
    it(`${strategy}: pushBytes gives each payload's bytes, past 128 KiB too (the ETF path)`, async () => {
      const frames = await zlibStream(TEXTS);
      const inflater = createInflater('zlib-stream', { zlib: strategy });
      const got = await new Promise<string[]>((resolve) => {
        const out: string[] = [];
        for (const frame of frames) {
          inflater.pushBytes(frame, (bytes) => {
            out.push(bytes.toString('utf8')); // copied now: the bytes are reused by the next message
            if (out.length === TEXTS.length) resolve(out);
          });
        }
      });
      assert.deepEqual(got, TEXTS);
      inflater.close();
    });
  }

  it('sync: corrupt data is a GatewayDecodeError; stream: it is reported through onError', async () => {
    const corrupt = Buffer.from([1, 2, 3, 4, 5, 0, 0, 0xff, 0xff]);
    const sync = createInflater('zlib-stream', { zlib: 'sync' });
    assert.throws(() => sync.push(corrupt, () => {}), GatewayDecodeError);
    sync.close();
    const failed = new Promise<Error>((resolve) => {
      const stream = createInflater('zlib-stream', { zlib: 'stream', onError: resolve });
      stream.push(corrupt, () => {});
    });
    assert.ok((await failed) instanceof Error);
  });
});

const opened = closedAfterEach();

describe('zlib-stream fallback, end to end', () => {
  it('a shard on the stream-API inflater connects and reads every dispatch in order', async () => {
    const { rec, ...s } = await opened.started({}, { compression: 'zlib-stream', zlib: 'stream' });
    probe(s.fake, s.bot.id, 1, 50);
    await until(() => rec.probes.length === 50, 'probes 1..50');
    assertAllOnce(rec, 50);
    const connection = s.fake.gateway.connections({ botId: s.bot.id })[0]!;
    assert.equal(connection.compression, 'zlib-stream');
  });
});
