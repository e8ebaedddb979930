import { DISCORD_EPOCH } from '@kokoro/common';

/**
 * How a request is seen by the rate limiter. Discord limits per bucket *and* per major parameter
 * (channel, guild, webhook id + token; here also interaction id + token), and names buckets per route template; so a request is
 * reduced to its template (`POST /channels/:id/messages`), its major parameter (`'1234'`), and
 * whether it is exempt from the global limit (interaction callbacks and follow-ups).
 */
export interface Route {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template with ids and tokens replaced: safe to print (`/webhooks/:id/:token`). */
  readonly template: string;
  /** `method + ' ' + template`: the key under which the bucket id is learned. */
  readonly key: string;
  /** The major parameter's value ('' if the route has none). May hold a webhook token: never print it. */
  readonly major: string;
  /** Interaction callbacks and follow-ups do not count against the global limit. */
  readonly globalExempt: boolean;
}

const SNOWFLAKE = /^\d{16,20}$/;
/** Interaction tokens are base64 of `interaction:...`. */
const INTERACTION_TOKEN_PREFIX = 'aW50ZXJhY3Rpb246';
/** Messages older than this are deleted through a separate, slower bucket. */
const OLD_MESSAGE_MS = 14 * 24 * 3600 * 1000;

/**
 * Reduce a request to its {@link Route}. `path` is relative to the API base (`/channels/1/messages`),
 * with or without a query string. `applicationId` lets webhook routes of the bot's own application
 * (interaction follow-ups) be recognised as exempt from the global limit.
 */
export function parseRoute(method: string, path: string, applicationId?: string, now = Date.now()): Route {
  const query = path.indexOf('?');
  const bare = query === -1 ? path : path.slice(0, query);
  const parts = bare.split('/');
  let major = '';
  let globalExempt = false;
  let template = '';
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    const previous = parts[i - 1] as string;
    let shown = part;
    if (i === 2 && (previous === 'channels' || previous === 'guilds')) {
      major = part;
      shown = ':id';
    } else if (i === 2 && previous === 'webhooks') {
      major = part;
      shown = ':id';
      if (part === applicationId) globalExempt = true;
    } else if (i === 3 && parts[1] === 'webhooks') {
      major = `${major}/${part}`;
      shown = ':token';
      if (part.startsWith(INTERACTION_TOKEN_PREFIX)) globalExempt = true;
    } else if (i === 2 && previous === 'interactions') {
      // Each interaction is its own resource: its id + token act as the major parameter.
      major = part;
      shown = ':id';
    } else if (i === 3 && parts[1] === 'interactions') {
      major = `${major}/${part}`;
      shown = ':token';
      globalExempt = true;
    } else if (previous === 'reactions') {
      shown = ':emoji';
    } else if (previous === 'invites' || previous === 'templates') {
      shown = ':code';
    } else if (SNOWFLAKE.test(part)) {
      shown = ':id';
    }
    template += `/${shown}`;
  }
  const upper = method.toUpperCase();
  // Deleting a message older than two weeks has its own, slower limit.
  if (upper === 'DELETE' && template === '/channels/:id/messages/:id') {
    const id = parts[4] as string;
    if (SNOWFLAKE.test(id) && now - (Number(BigInt(id) >> 22n) + DISCORD_EPOCH) > OLD_MESSAGE_MS) {
      return { method: upper, template, key: `${upper} ${template} (old)`, major, globalExempt };
    }
  }
  return { method: upper, template, key: `${upper} ${template}`, major, globalExempt };
}

/**
 * The application (bot user) id encoded in a bot token's first segment, or undefined if the token
 * does not have that shape.
 */
export function applicationIdFromToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const first = token.split('.')[0];
  if (!first) return undefined;
  try {
    const decoded = Buffer.from(first, 'base64').toString('utf8');
    return /^\d{16,20}$/.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}
