/**
 * The opt-in Prometheus endpoint (`kokoro run --metrics [HOST:]PORT`): an HTTP server on the main
 * thread whose `GET /metrics` asks the event thread for a snapshot in Prometheus' text format. It
 * listens on loopback unless given another host: the figures name the bots and their guild counts,
 * which is not for the whole network; put a scraper beside it or a reverse proxy with auth in front.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KokoroError } from '@kokoro/common';
import type { RuntimeHandle } from './start-runtime.js';

/** The metrics endpoint cannot listen (port taken, bad address). */
export class MetricsServerError extends KokoroError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KOKORO_METRICS', message, options);
  }
}

/** Options for {@link serveMetrics}. */
export interface MetricsServerOptions {
  /** The TCP port (0: any free port). */
  port: number;
  /** The address to listen on (default `127.0.0.1`: this machine only). */
  host?: string;
}

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** Where to scrape, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  /** Stop listening; resolves when the server is closed. */
  close(): Promise<void>;
}

/** The content type of Prometheus' text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Serve the runtime's metrics at `http://host:port/metrics`. */
export async function serveMetrics(
  handle: Pick<RuntimeHandle, 'stats'>,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const { port } = options;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new MetricsServerError(`the metrics port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found; the metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    handle.stats('prometheus').then(
      (text) => {
        response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: Error) => {
        response.writeHead(503, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${error.message}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new MetricsServerError(`cannot serve metrics on ${host}:${port}: ${error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  // Scrapes must not keep the process up once the runtime is gone.
  server.unref();
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
