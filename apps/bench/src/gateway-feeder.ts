/**
 * The gateway benchmark's server, run in a worker thread so its sends never compete with the
 * client's event loop: a minimal gateway that says Hello, answers Identify with READY, then streams
 * the recorded-shape events as fast as the client reads them (backpressure: the socket's buffer is
 * kept under 4 MiB). The stream is compressed once, from a fresh zlib context, and the same frames
 * are replayed to every connection: every client reads exactly the same bytes.
 *
 * The events are framed once too (server frames: unmasked, FIN, binary) and written to the socket
 * in 64 KiB slices of that one buffer, not through `ws.send` per message: a send per message cost
 * the feeder about as much CPU per event as the fastest clients spend reading it, so the feeder,
 * not the client, set the pace (the clients' threads were partly idle).
 */

import { parentPort, workerData } from 'node:worker_threads';
import { type WebSocket, WebSocketServer } from 'ws';
import { buildEventStream, zlibStreamFrames } from './gateway-stream.js';

interface FeederData {
  events: number;
}

const { events } = workerData as FeederData;
const hello = JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } });
const ready = JSON.stringify({
  op: 0,
  t: 'READY',
  s: 1,
  d: {
    v: 10,
    user: { id: '1', username: 'bench', discriminator: '0', global_name: null, avatar: null, bot: true },
    guilds: [],
    session_id: 'bench-session',
    resume_gateway_url: 'ws://127.0.0.1:1',
    shard: [0, 1],
    application: { id: '1', flags: 0 },
  },
});
const texts = [hello, ready, ...buildEventStream(events)];
const frames = await zlibStreamFrames(texts);
const bytes = frames.reduce((sum, f) => sum + f.length, 0);

/** The websocket header of an unmasked, final, binary server frame of `length` bytes. */
function frameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x82, length]);
  if (length < 65_536) {
    const header = Buffer.alloc(4);
    header[0] = 0x82;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x82;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** The events (frames 2 and on) as one buffer of websocket frames. */
const framed = Buffer.concat(frames.slice(2).flatMap((frame) => [frameHeader(frame.length), frame]));
const SLICE = 64 * 1024;
const rawBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws: WebSocket, req) => {
  if (!(req.url ?? '').includes('compress=zlib-stream')) {
    ws.close(4000, 'this feeder serves only compress=zlib-stream');
    return;
  }
  const send = (i: number) => ws.send(frames[i]!);
  send(0);
  ws.on('message', (data: Buffer) => {
    const payload = JSON.parse(data.toString()) as { op: number };
    if (payload.op === 1) {
      // ACK through the same stream would break the shared compression context; the benchmark
      // runs shorter than one heartbeat interval.
      return;
    }
    if (payload.op !== 2) return;
    send(1);
    // ws writes READY to the socket synchronously (no permessage-deflate), so the raw frames follow it.
    const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
    let offset = 0;
    const pump = () => {
      while (offset < framed.length) {
        socket.write(framed.subarray(offset, offset + SLICE));
        offset += SLICE;
        if (socket.writableLength > 4 * 1024 * 1024) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  ws.on('error', () => {});
});
wss.on('listening', () => {
  const port = (wss.address() as { port: number }).port;
  parentPort!.postMessage({ port, bytes, rawBytes, frames: frames.length });
});
parentPort!.on('message', (message) => {
  if (message === 'close') {
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
  }
});
