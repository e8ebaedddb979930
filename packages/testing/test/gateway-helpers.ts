/**
 * Test helpers for the fake gateway: a world on a loopback HTTP server forwarding upgrades to a
 * FakeGateway, and a bare gateway client that decodes zlib-stream / zstd-stream frames.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { constants, createInflate } from 'node:zlib';
import { WebSocket } from 'ws';
import { FakeGateway, type FakeGatewayOptions } from '../src/gateway/index.js';
import { World } from '../src/world/index.js';

/** A world, its fake gateway and the URL to reach it. */
export interface GatewayHarness {
  world: World;
  gateway: FakeGateway;
  url: string;
  close(): Promise<void>;
}

/** Start a fake gateway on 127.0.0.1:0. */
export async function startGateway(options: FakeGatewayOptions = {}): Promise<GatewayHarness> {
  const world = new World();
  const gateway = new FakeGateway(world, { heartbeatInterval: 50, identifyWindow: 0, ...options });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    world,
    gateway,
    url,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A gateway payload as received. */
export interface Payload {
  op: number;
  d: any;
  s?: number | null;
  t?: string | null;
}

type Decoder = (data: Buffer) => Promise<string>;

function zlibDecoder(): Decoder {
  const inflate = createInflate();
  let chunks: Buffer[] = [];
  inflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  let tail: Promise<unknown> = Promise.resolve();
  return (data) => {
    const next = tail.then(
      () =>
        new Promise<string>((resolve) => {
          inflate.write(data);
          inflate.flush(constants.Z_SYNC_FLUSH, () => {
            const text = Buffer.concat(chunks).toString();
            chunks = [];
            resolve(text);
          });
        }),
    );
    tail = next;
    return next;
  };
}

function zstdDecoder(): Decoder {
  const { DCtx } = createRequire(import.meta.url)('zstd-napi/binding') as {
    DCtx: new () => { decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number] };
  };
  const dctx = new DCtx();
  const out = Buffer.alloc(1 << 20);
  return async (data) => {
    let offset = 0;
    const parts: Buffer[] = [];
    for (;;) {
      const [, produced, consumed] = dctx.decompressStream(out, data.subarray(offset));
      offset += consumed;
      if (produced > 0) parts.push(Buffer.from(out.subarray(0, produced)));
      if (offset >= data.length && produced < out.length) break;
    }
    return Buffer.concat(parts).toString();
  };
}

/** A bare gateway client for tests: records every payload and frame. */
export class RawClient {
  readonly payloads: Payload[] = [];
  readonly frames: Buffer[] = [];
  closeCode: number | undefined;
  readonly ws: WebSocket;
  readonly closed: Promise<number>;
  #waiters: { predicate: (p: Payload) => boolean; resolve: (p: Payload) => void }[] = [];
  #decode: Decoder | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(url: string, compress: 'zlib-stream' | 'zstd-stream' | 'none' = 'zlib-stream', path = '/') {
    const query = compress === 'none' ? 'v=10&encoding=json' : `v=10&encoding=json&compress=${compress}`;
    this.ws = new WebSocket(`${url}${path}?${query}`);
    this.#decode = compress === 'zlib-stream' ? zlibDecoder() : compress === 'zstd-stream' ? zstdDecoder() : undefined;
    this.ws.on('message', (data: Buffer, isBinary) => {
      this.frames.push(data);
      const text = this.#decode && isBinary ? this.#decode(data) : Promise.resolve(data.toString());
      this.#tail = this.#tail.then(async () => this.#receive(JSON.parse(await text) as Payload));
    });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code) => {
        this.closeCode = code;
        void this.#tail.then(() => resolve(code));
      }),
    );
  }

  #receive(payload: Payload): void {
    this.payloads.push(payload);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.predicate(payload)) return true;
      waiter.resolve(payload);
      return false;
    });
  }

  /** The first payload (already received or coming) that matches. */
  next(predicate: (p: Payload) => boolean): Promise<Payload> {
    const found = this.payloads.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve }));
  }

  /** The first dispatch named `t`. */
  dispatch(t: string): Promise<Payload> {
    return this.next((p) => p.op === 0 && p.t === t);
  }

  /** Send a payload (once the socket is open). */
  send(payload: object): void {
    const text = JSON.stringify(payload);
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.once('open', () => this.ws.send(text));
    else if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  identify(token: string, intents: number, extra: object = {}): void {
    this.send({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' }, ...extra } });
  }

  /** Dispatch sequence numbers received, in order. */
  get sequences(): number[] {
    return this.payloads.filter((p) => p.op === 0).map((p) => p.s as number);
  }
}
