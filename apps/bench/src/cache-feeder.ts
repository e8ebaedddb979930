/**
 * The ingest benchmark's Discord, in a worker thread so that its sends never compete with the
 * client's event loop: `GET /api[/v10]/gateway/bot`, and a gateway that says Hello, answers Identify
 * with READY, the GUILD_CREATEs and the recorded event stream, as fast as the client reads
 * (the socket's buffer is kept under 4 MiB), and acknowledges heartbeats. A client that asks for
 * `compress=zlib-stream` (discord.js does whenever zlib-sync is installed; Kokoro by default) gets
 * the same messages as one zlib-stream, compressed once from a fresh context when the feeder starts,
 * so every such client reads the same bytes; its heartbeats then go unacknowledged (an ACK would
 * break the shared compression context; a round is far shorter than one heartbeat interval).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createDeflate } from 'node:zlib';
import { NativeZlib } from '@kokoro/common';
import { type WebSocket, WebSocketServer } from 'ws';

interface FeederData {
  /** JSONL: the READY payload text first, then every dispatch text to stream after it. */
  file: string;
}

const { file } = workerData as FeederData;
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const hello = JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } });
const ack = JSON.stringify({ op: 11 });
/** The zlib-stream frames: Hello, then every line; made on the first compressed connection. */
let frames: Buffer[] | undefined;
function zlibFrames(): Buffer[] {
  if (!frames) {
    const deflate = new NativeZlib(createDeflate());
    frames = [hello, ...lines].map((text) => Buffer.from(deflate.flush(Buffer.from(text)) as Buffer));
    deflate.close();
  }
  return frames;
}

const server = createServer((req, res) => {
  if (req.url?.endsWith('/gateway/bot')) {
    const port = (server.address() as { port: number }).port;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
      }),
    );
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: '404: Not Found', code: 0 }));
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws: WebSocket, req) => {
  const compressed = (req.url ?? '').includes('compress=zlib-stream') ? zlibFrames() : undefined;
  ws.send(compressed ? (compressed[0] as Buffer) : hello);
  ws.on('message', (data: Buffer) => {
    const payload = JSON.parse(data.toString()) as { op: number };
    if (payload.op === 1) {
      if (!compressed) ws.send(ack);
      return;
    }
    if (payload.op !== 2) return;
    parentPort?.postMessage({ identified: compressed ? 'zlib-stream' : 'none' });
    let i = 0;
    const socket = (ws as unknown as { _socket: Socket })._socket;
    const pump = () => {
      while (i < lines.length) {
        if (compressed) ws.send(compressed[++i] as Buffer);
        else ws.send(lines[i++] as string);
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
server.listen(0, '127.0.0.1', () => {
  parentPort?.postMessage({ port: (server.address() as { port: number }).port });
});
parentPort?.on('message', (message) => {
  if (message === 'close') {
    for (const client of wss.clients) client.terminate();
    server.close(() => process.exit(0));
  }
});
