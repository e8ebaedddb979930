/**
 * The fake REST API's route table. A route is a method and a template such as
 * `/channels/:channel_id/messages/:message_id`; matching fills `params`. The major parameter (the
 * one Discord splits rate limits by: channel, guild, or webhook id + token) is read from the
 * template once, so the rate limiter gets `route` (method + template) and `majorParameter` for
 * every request. Growing the API is one `router.add(...)` per route.
 */
import type { OAuthGrant } from '../world/stores.js';
import type { FakeBot } from '../world/world.js';

/**
 * Who a route accepts: a bot token (default); a bot or an OAuth2 bearer token ('user'); or anyone
 * ('none', 'optional': webhooks with a token, interaction callbacks, the OAuth2 token endpoint).
 */
export type RouteAuth = 'bot' | 'user' | 'none' | 'optional';

/** A parsed request handed to a route handler. */
export interface RestRequest {
  /** The HTTP method. */
  method: string;
  /** The matched route: `GET /channels/:channel_id/messages`. */
  route: string;
  /** The path parameters by name (`channel_id`…). */
  params: Record<string, string>;
  /** The query string. */
  query: URLSearchParams;
  /** The JSON body (or `payload_json` of a multipart body), undefined without body. */
  body: unknown;
  /** Files of a multipart body, by part name (`files[0]`...). */
  files: Map<string, { name: string; type: string; data: Buffer }>;
  /** The request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The authenticated bot, when the request carried a valid bot token. */
  bot: FakeBot | undefined;
  /** The OAuth2 grant, when the request carried a valid bearer token. */
  bearer: OAuthGrant | undefined;
  /** The `X-Audit-Log-Reason`, decoded. */
  reason: string | undefined;
}

/** What a handler returns: a JSON value (200), or an explicit status and body (204 has none). */
export type RestResult = unknown | { status: number; body?: unknown; raw: true };

/** A route handler. Throw `HttpError` for an error response. */
export type RouteHandler = (request: RestRequest) => RestResult | Promise<RestResult>;

/** A route of the table. */
export interface Route {
  /** The HTTP method. */
  method: string;
  /** The path template (`/channels/:channel_id/messages`). */
  template: string;
  /** `METHOD template`, the key the rate limiter uses. */
  key: string;
  /** What answers it. */
  handler: RouteHandler;
  /** Which credentials it takes: `bot` (a bot token), `user` (an OAuth2 bearer), `none`, or `optional`. */
  auth: RouteAuth;
  /** The parameter names of the major parameter (`channel_id`, `guild_id`, or `webhook_id` + `webhook_token`). */
  major: readonly string[];
  /** Exempt from the global limit (interaction callbacks and follow-ups). */
  globalExempt: boolean;
  /** The template split on `/`, for matching. */
  segments: readonly string[];
}

/** A response with an explicit status (204 No Content, 201 Created...). */
export function respond(status: number, body?: unknown): RestResult {
  return { status, body, raw: true };
}

/** Whether a handler result is an explicit response. */
export function isExplicit(result: unknown): result is { status: number; body?: unknown; raw: true } {
  return (
    typeof result === 'object' && result !== null && (result as { raw?: unknown }).raw === true && 'status' in result
  );
}

const MAJOR = ['channel_id', 'guild_id', 'webhook_id'];

/** The route table; see the module comment. */
export class Router {
  readonly #routes: Route[] = [];

  /** Add a route. Options: `auth` (default 'bot'), `globalExempt`. */
  add(
    method: string,
    template: string,
    handler: RouteHandler,
    options: { auth?: RouteAuth; globalExempt?: boolean } = {},
  ): void {
    const segments = template.split('/').filter(Boolean);
    const first = segments.find((s) => s.startsWith(':') && MAJOR.includes(s.slice(1)))?.slice(1);
    const major =
      first === 'webhook_id' && segments.includes(':webhook_token')
        ? ['webhook_id', 'webhook_token']
        : first
          ? [first]
          : [];
    this.#routes.push({
      method,
      template,
      key: `${method} ${template}`,
      handler,
      auth: options.auth ?? 'bot',
      major,
      globalExempt: options.globalExempt ?? false,
      segments,
    });
  }

  /** Every route, in the order added. */
  get routes(): readonly Route[] {
    return this.#routes;
  }

  /**
   * Find the route for a path (below `/api/v10`). Literal segments win over parameters, so
   * `/users/@me` is not `/users/:user_id`. `pathMatched` tells a 405 from a 404.
   */
  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { route: undefined; pathMatched: boolean } {
    const parts = path.split('/').filter(Boolean).map(safeDecode);
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    let pathMatched = false;
    for (const route of this.#routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = parts[i]!;
        else if (seg === parts[i]) score++;
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      if (!best || score > best.score) best = { route, params, score };
    }
    return best ? { route: best.route, params: best.params } : { route: undefined, pathMatched };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
