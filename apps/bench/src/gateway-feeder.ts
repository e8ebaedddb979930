/**
 * The gateway benchmark's server, run in a worker thread so its sends never compete with the
 * client's event loop: a minimal gateway that says Hello, answers Identify with READY, then streams
 * the recorded-shape events as fast as the client reads them (backpressure: the socket's buffer is
 * kept under 4 MiB). The stream is compressed once, from a fresh zlib context, and the same frames
 * are replayed to every connection: every client reads exactly the same bytes.
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
const rawBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws: WebSocket, req) => {
  const compressed = (req.url ?? '').includes('compress=zlib-stream');
  const send = (i: number) => ws.send(compressed ? frames[i]! : texts[i]!);
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
    let i = 2;
    const pump = () => {
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      while (i < frames.length) {
        send(i++);
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
