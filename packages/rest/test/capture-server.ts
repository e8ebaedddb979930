/** A local HTTP server for REST tests that records each request and answers it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request; the body is read as latin1, so binary parts survive byte for byte. */
export interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local server that records requests and answers with `answer` (default: 200 echo). */
export async function captureServer(
  answer?: (req: Captured, res: ServerResponse) => void,
): Promise<{ server: Server; url: string; seen: Captured[] }> {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(captured);
      if (answer) return answer(captured, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`, seen };
}
