/**
 * frames.ts reads the server's frames from the socket's chunks: data frames go to the connection
 * as ranges, every other frame whole to ws's receiver, in order, however the bytes are cut. Then a
 * shard end to end on a server that writes frames by hand: fragmented messages, pings between
 * fragments, a frame of more than 64 KiB, frames cut across TCP writes, non-ASCII text, a close
 * frame, a masked frame.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createDeflate } from 'node:zlib';
import { NativeZlib } from '@kokoro/common';
import { type WebSocket, WebSocketServer } from 'ws';
import { FrameReader } from '../src/frames.js';
import { Shard, type ShardStateChange, SyncZlibInflater } from '../src/index.js';
import { until } from './helpers.js';

/** One server frame: `first` is the first byte (FIN, RSV, opcode); `mask` adds a masking key. */
function frame(first: number, payload: Buffer, mask = false): Buffer {
  const n = payload.length;
  const lengthBytes = n < 126 ? 0 : n < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  header[0] = first;
  header[1] = (mask ? 0x80 : 0) | (n < 126 ? n : n < 65_536 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(n, 2);
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(n), 2);
  if (!mask) return Buffer.concat([header, payload]);
  const key = Buffer.from([1, 2, 3, 4]);
  key.copy(header, 2 + lengthBytes);
  return Buffer.concat([header, Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)))]);
}

type Seen = ['data' | 'other', string];

/** Push `chunks` through a reader; what came out, as hex of each range or forwarded piece. */
function read(chunks: Buffer[], otherResult: (bytes: Buffer) => boolean = () => true, maxPayload?: number): Seen[] {
  const seen: Seen[] = [];
  const reader = new FrameReader(
    {
      data: (buffer, start, end) => seen.push(['data', buffer.subarray(start, end).toString('hex')]),
      other: (bytes) => {
        seen.push(['other', bytes.toString('hex')]);
        return otherResult(bytes);
      },
    },
    maxPayload,
  );
  for (const chunk of chunks) reader.push(chunk);
  return seen;
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    pieces.push(bytes.subarray(from, to));
    from = to;
  }
  return pieces;
}

const payload = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

describe('FrameReader', () => {
  const small = payload(5, 1);
  const medium = payload(300, 2); // 16-bit length
  const large = payload(70_000, 3); // 64-bit length
  const frames = [frame(0x82, small), frame(0x81, medium), frame(0x82, Buffer.alloc(0)), frame(0x82, large)];
  const expected: Seen[] = [small, medium, Buffer.alloc(0), large].map((p) => ['data', p.toString('hex')]);
  const stream = Buffer.concat(frames);

  it('gives every data frame as a range, whole or cut at any byte', () => {
    assert.deepEqual(read([stream]), expected);
    // Every single cut inside the first three frames and around the large one's header.
    const headerOfLarge = frames[0]!.length + frames[1]!.length + frames[2]!.length;
    for (let at = 1; at < headerOfLarge + 12; at++) assert.deepEqual(read(cut(stream, [at])), expected, `cut at ${at}`);
    // One byte at a time, and in uneven pieces.
    assert.deepEqual(
      read(
        cut(
          stream,
          Array.from({ length: stream.length - 1 }, (_, i) => i + 1),
        ),
      ),
      expected,
    );
    assert.deepEqual(read(cut(stream, [3, 4, 400, 1000, 1001, 50_000, stream.length - 1])), expected);
  });

  it('hands control, fragmented, masked and RSV frames to ws whole and in order', () => {
    const ping = frame(0x89, Buffer.from('hi'));
    const first = frame(0x02, payload(10, 4)); // binary, not final
    const middle = frame(0x00, payload(200, 5)); // continuation
    const last = frame(0x80, payload(3, 6)); // final continuation
    const after = frame(0x82, small);
    const masked = frame(0x82, small, true);
    const rsv = frame(0xc2, small);
    const close = frame(0x88, Buffer.from([0x0f, 0xa0]));
    const all = [after, ping, first, ping, middle, frame(0x82, medium), last, after, masked, rsv, close, after];
    const want: Seen[] = [
      ['data', small.toString('hex')],
      ['other', ping.toString('hex')],
      ['other', first.toString('hex')],
      ['other', ping.toString('hex')],
      ['other', middle.toString('hex')],
      // A new data frame inside a fragmented message is ws's to refuse (1002), not read here.
      ['other', frame(0x82, medium).toString('hex')],
      ['other', last.toString('hex')],
      ['data', small.toString('hex')],
      ['other', masked.toString('hex')],
      ['other', rsv.toString('hex')],
      ['other', close.toString('hex')],
      ['data', small.toString('hex')],
    ];
    const bytes = Buffer.concat(all);
    assert.deepEqual(read([bytes]), want);
    for (let at = 1; at < bytes.length; at += 7) assert.deepEqual(read(cut(bytes, [at])), want, `cut at ${at}`);
  });

  it('stops when ws stops reading (a close frame received): what follows is dropped', () => {
    const close = frame(0x88, Buffer.from([0x03, 0xe8]));
    const seen = read(
      [Buffer.concat([frame(0x82, small), close, frame(0x82, medium)]), frame(0x82, small)],
      () => false,
    );
    assert.deepEqual(seen, [
      ['data', small.toString('hex')],
      ['other', close.toString('hex')],
    ]);
  });

  it('gives ws everything from a frame over the payload limit on, unsplit', () => {
    const big = frame(0x82, payload(2000, 7));
    const seen = read([Buffer.concat([frame(0x82, small), big.subarray(0, 100)]), big.subarray(100)], undefined, 1000);
    assert.deepEqual(seen, [
      ['data', small.toString('hex')],
      ['other', big.subarray(0, 100).toString('hex')],
      ['other', big.subarray(100).toString('hex')],
    ]);
  });
});

describe('SyncZlibInflater.pushRange', () => {
  it('inflates messages in place inside bigger buffers, split messages and outputs over 128 KiB included', () => {
    const deflate = new NativeZlib(createDeflate());
    const texts = [
      '{"op":10,"d":{"heartbeat_interval":41250}}',
      JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', s: 1, d: { content: 'ジ ❤️ ü' } }),
      JSON.stringify({ op: 0, t: 'BIG', s: 2, d: { text: 'é'.repeat(100_000) } }),
      '{"op":11}',
    ];
    const compressed = texts.map((text) => Buffer.from(deflate.flush(Buffer.from(text)) as Buffer));
    deflate.close();
    const inflater = new SyncZlibInflater();
    const out: string[] = [];
    const onText = (text: string) => out.push(text);
    // Each message inside a buffer with bytes before and after it.
    const pad = Buffer.from([0xde, 0xad]);
    for (const message of compressed.slice(0, 2)) {
      inflater.pushRange(Buffer.concat([pad, message, pad]), pad.length, pad.length + message.length, onText);
    }
    // The big one split in two websocket messages (the first part has no flush suffix).
    const big = compressed[2]!;
    const half = big.length >> 1;
    inflater.pushRange(Buffer.concat([pad, big]), pad.length, pad.length + half, onText);
    assert.equal(out.length, 2, 'no text before the last part');
    inflater.pushRange(Buffer.concat([big, pad]), half, big.length, onText);
    inflater.pushRange(compressed[3]!, 0, compressed[3]!.length, onText);
    inflater.close();
    assert.deepEqual(out, texts);
  });
});

/** A gateway server that writes its frames by hand on the socket, zlib-stream compressed. */
class HandServer {
  readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  readonly connections: { ws: WebSocket; socket: Socket; deflate: NativeZlib; received: unknown[]; pongs: number }[] =
    [];

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async start(): Promise<void> {
    await once(this.server, 'listening');
    this.server.on('connection', (ws) => {
      const connection = {
        ws,
        socket: (ws as unknown as { _socket: Socket })._socket,
        deflate: new NativeZlib(createDeflate()),
        received: [] as unknown[],
        pongs: 0,
      };
      ws.on('message', (data) => connection.received.push(JSON.parse(String(data))));
      ws.on('pong', () => connection.pongs++);
      ws.on('close', () => connection.deflate.close());
      ws.on('error', () => {});
      this.connections.push(connection);
      this.write(connection.socket, [
        frame(0x82, this.compress(connection, { op: 10, d: { heartbeat_interval: 45_000 } })),
      ]);
    });
  }

  compress(connection: { deflate: NativeZlib }, payload: unknown): Buffer {
    return Buffer.from(connection.deflate.flush(Buffer.from(JSON.stringify(payload))) as Buffer);
  }

  write(socket: Socket, frames: Buffer[]): void {
    socket.write(Buffer.concat(frames));
  }

  /** Write `bytes` in pieces of `size`, a macrotask apart (each likely its own read on the client). */
  async trickle(socket: Socket, bytes: Buffer, size: number): Promise<void> {
    for (let at = 0; at < bytes.length; at += size) {
      socket.write(bytes.subarray(at, at + size));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  close(): void {
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }
}

describe('a shard on hand-written frames', () => {
  it('reads fragments, pings, big and cut frames and non-ASCII text; resumes after a close frame and a masked frame', async () => {
    const server = new HandServer();
    await server.start();
    const dispatches: [string, unknown, number | null][] = [];
    const changes: ShardStateChange[] = [];
    const shard = new Shard({
      token: 'hand.written.token',
      intents: 1,
      url: server.url,
      compression: 'zlib-stream',
      onDispatch: (_shard, t, d, s) => dispatches.push([t, d, s]),
      onStateChange: (_shard, change) => changes.push(change),
    });
    try {
      const started = shard.start();
      await until(
        () => server.connections[0]?.received.some((p) => (p as { op: number }).op === 2) ?? false,
        'Identify',
      );
      const first = server.connections[0]!;
      const ready = server.compress(first, {
        op: 0,
        t: 'READY',
        s: 1,
        d: {
          v: 10,
          user: { id: '1', username: 'hand', discriminator: '0', global_name: null, avatar: null, bot: true },
          guilds: [],
          session_id: 'hand-session',
          resume_gateway_url: server.url,
          shard: [0, 1],
          application: { id: '1', flags: 0 },
        },
      });
      // READY in three fragments with pings between them.
      const cuts = [7, 20];
      server.write(first.socket, [
        frame(0x89, Buffer.from('p1')),
        frame(0x02, ready.subarray(0, cuts[0])),
        frame(0x89, Buffer.from('p2')),
        frame(0x00, ready.subarray(cuts[0], cuts[1])),
        frame(0x80, ready.subarray(cuts[1])),
      ]);
      await started;
      // A big dispatch (its frame over 64 KiB: random text barely compresses), trickled in pieces.
      let x = 2_463_534_242;
      const noise = Buffer.from(
        Array.from({ length: 90_000 }, () => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return x & 0xff;
        }),
      ).toString('base64');
      const big = frame(0x82, server.compress(first, { op: 0, t: 'BIG', s: 2, d: { noise } }));
      assert.ok(big.length > 65_535 + 10);
      // Then 200 small ones and one with non-ASCII text, written at once but trickled in odd pieces.
      const small = Array.from({ length: 200 }, (_, i) =>
        frame(0x82, server.compress(first, { op: 0, t: 'MESSAGE_CREATE', s: 3 + i, d: { n: i } })),
      );
      const text = frame(
        0x81,
        server.compress(first, { op: 0, t: 'MESSAGE_CREATE', s: 203, d: { content: 'ジ ❤️ ü' } }),
      );
      await server.trickle(first.socket, Buffer.concat([big, ...small, text]), 4093);
      await until(() => dispatches.length === 203, 'the dispatches');
      assert.equal(first.pongs, 2, 'both pings answered');
      // A close frame (4000: resumable), with a dispatch after it that must not be read.
      server.write(first.socket, [
        frame(0x88, Buffer.from([0x0f, 0xa0])),
        frame(0x82, server.compress(first, { op: 0, t: 'AFTER_CLOSE', s: 204, d: {} })),
      ]);
      await until(() => server.connections[1]?.received.some((p) => (p as { op: number }).op === 6) ?? false, 'Resume');
      assert.equal(changes.find((change) => change.code !== undefined)?.code, 4000);
      const second = server.connections[1]!;
      // A masked frame is a protocol error: ws refuses it and the shard connects again (resuming).
      server.write(second.socket, [
        frame(0x82, server.compress(second, { op: 0, t: 'RESUMED', s: 204, d: {} })),
        frame(0x82, server.compress(second, { op: 0, t: 'MASKED', s: 205, d: {} }), true),
        frame(0x82, server.compress(second, { op: 0, t: 'AFTER_MASKED', s: 206, d: {} })),
      ]);
      await until(
        () => server.connections[2]?.received.some((p) => (p as { op: number }).op === 6) ?? false,
        'a second Resume',
      );

      assert.deepEqual(
        dispatches.map(([t, , s]) => [t, s]),
        [
          ['READY', 1],
          ['BIG', 2],
          ...Array.from({ length: 200 }, (_, i) => ['MESSAGE_CREATE', 3 + i]),
          ['MESSAGE_CREATE', 203],
          ['RESUMED', 204],
        ],
      );
      assert.equal((dispatches[1]![1] as { noise: string }).noise, noise);
      assert.deepEqual(dispatches[150]![1], { n: 148 });
      assert.deepEqual(dispatches[202]![1], { content: 'ジ ❤️ ü' });
    } finally {
      await shard.close();
      server.close();
    }
  });
});
