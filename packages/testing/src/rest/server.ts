/**
 * The HTTP side of the fake REST API: one request in, one JSON response out. Order: route lookup
 * (404/405), authentication (401), rate limit (every authenticated matched response carries
 * `X-RateLimit-*`; over a limit, 429), body parsing (JSON, form-urlencoded, or multipart with `payload_json`
 * and `files[n]`), then the route's handler. Handlers throw `HttpError` for Discord's error bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, silentLogger } from '@kokoro/common';
import type { World } from '../world/world.js';
import { HttpError, methodNotAllowed, notFound, unauthorized } from './errors.js';
import type { FakeRateLimiter } from './ratelimit/index.js';
import { isExplicit, type RestRequest, type Router } from './router.js';

/** The path prefix the fake serves REST under. */
export const API_PREFIX = '/api/v10';

/** What the REST handler needs. */
export interface RestHandlerOptions {
  world: World;
  router: Router;
  limiter: FakeRateLimiter;
  logger?: Logger;
}

/** Build the `(req, res)` listener of the fake REST API. */
export function createRestHandler(options: RestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const logger = options.logger ?? silentLogger;
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      logger.error({ err: error, method: req.method, url: req.url }, 'fake REST handler failed');
      if (!res.headersSent) send(res, 500, { message: '500: Internal Server Error', code: 0 }, {});
      else res.end();
    });
  };
}

async function handle(options: RestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Discord counts 401 and 403 answers towards the invalid-request ban: tell the limiter every status.
  res.once('finish', () => options.limiter.observe(res.statusCode));
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) return serveAttachment(options.world, url, res);
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) return sendError(res, notFound(), {});
  const found = options.router.match(method, url.pathname.slice(API_PREFIX.length));
  if (!found.route) return sendError(res, found.pathMatched ? methodNotAllowed() : notFound(), {});
  const { route, params } = found;

  const { bot, bearer } = authenticate(options.world, req.headers.authorization);
  const authorized = route.auth === 'bot' ? bot : route.auth === 'user' ? (bot ?? bearer) : true;
  if (!authorized || (req.headers.authorization?.startsWith('Bearer ') && !bearer && route.auth !== 'none')) {
    return sendError(res, unauthorized(), {});
  }

  const verdict = options.limiter.check({
    route: route.key,
    majorParameter: route.major.map((name) => params[name] ?? '').join(':'),
    botId: bot?.id ?? (bearer ? `bearer:${bearer.userId}` : undefined),
    globalExempt: route.globalExempt,
    ...sentAt(req.headers['x-fake-sent-at']),
  });
  if (verdict.limited) {
    const { retryAfter, global, scope, code } = verdict.limited;
    const body = { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(code ? { code } : {}) };
    return send(res, 429, body, { ...verdict.headers, 'x-ratelimit-scope': scope });
  }

  try {
    const { body, files } = await parseBody(req, raw);
    const reasonHeader = req.headers['x-audit-log-reason'];
    const request: RestRequest = {
      method,
      route: route.key,
      params,
      query: url.searchParams,
      body,
      files,
      headers: req.headers,
      bot,
      bearer,
      reason: typeof reasonHeader === 'string' ? safeDecode(reasonHeader) : undefined,
    };
    const result = await route.handler(request);
    if (isExplicit(result)) return send(res, result.status, result.body, verdict.headers);
    return send(res, result === undefined ? 204 : 200, result, verdict.headers);
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, error, verdict.headers);
    throw error;
  }
}

/** The `X-Fake-Sent-At` header (the fake's clock when the client sent the request), if well formed. */
function sentAt(header: string | string[] | undefined): { sentAt?: number } {
  const value = typeof header === 'string' ? Number(header) : Number.NaN;
  return Number.isFinite(value) ? { sentAt: value } : {};
}

/**
 * The CDN side: an uploaded file at `/attachments/{channel}/{attachment}/{name}`, its bytes and
 * content type, no authentication (Discord's CDN links work anywhere until they expire).
 */
function serveAttachment(world: World, url: URL, res: ServerResponse): void {
  const [, , , attachmentId, name] = url.pathname.split('/');
  const file = attachmentId ? world.stores.attachmentFiles.get(attachmentId) : undefined;
  if (!file || safeDecode(name ?? '') !== file.filename) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404: Not Found');
    return;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
  res.end(file.data);
}

function authenticate(world: World, header: string | undefined): Pick<RestRequest, 'bot' | 'bearer'> {
  if (header?.startsWith('Bot ')) return { bot: world.botByToken(header.slice(4).trim()), bearer: undefined };
  if (header?.startsWith('Bearer ')) {
    const grant = world.stores.oauthTokens.get(header.slice(7).trim());
    return { bot: undefined, bearer: grant && grant.expiresAt > world.clock.now() ? grant : undefined };
  }
  return { bot: undefined, bearer: undefined };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: RestRequest['files'] }> {
  const files: RestRequest['files'] = new Map();
  if (raw.length === 0) return { body: undefined, files };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    let body: unknown;
    // Routes without `payload_json` (sticker and soundboard uploads) send their fields as form fields.
    const fields: Record<string, string> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') {
        if (name === 'payload_json') body = parseJson(value);
        else fields[name] = value;
      } else {
        files.set(name, { name: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body: body ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files };
  }
  return { body: parseJson(raw.toString('utf8')), files };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string>): void {
  send(res, error.status, error.body, { ...headers, ...error.headers });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
