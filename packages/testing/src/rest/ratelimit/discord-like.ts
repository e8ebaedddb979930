/** The limits `FakeRateLimiter.useDiscordLimits` applies: Discord's, as far as they are known, in real time. */

/** A bucket's limit. */
export interface BucketLimit {
  /** Requests per window. */
  limit: number;
  /** The window's length (ms). */
  windowMs: number;
  /** A bucket id shared with other routes; defaults to one derived from the route. */
  bucket?: string;
}

/** A hidden, tighter limit of one route (per bot and major parameter). */
export interface Sublimit {
  /** Requests per window. */
  limit: number;
  /** The window's length (ms). */
  windowMs: number;
}

/** Discord-like limits for `FakeRateLimiter.useDiscordLimits`: route -> limit (windows in real ms). */
export const DISCORD_LIKE_LIMITS: Readonly<Record<string, BucketLimit>> = {
  'POST /channels/:channel_id/messages': { limit: 5, windowMs: 5000, bucket: 'message-write' },
  'PATCH /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 5000, bucket: 'message-write' },
  'DELETE /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 1000 },
  'GET /channels/:channel_id/messages': { limit: 5, windowMs: 1000, bucket: 'message-read' },
  'GET /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 1000, bucket: 'message-read' },
  'PUT /channels/:channel_id/messages/:message_id/reactions/:emoji/@me': {
    limit: 1,
    windowMs: 250,
    bucket: 'reactions',
  },
  'DELETE /channels/:channel_id/messages/:message_id/reactions/:emoji/@me': {
    limit: 1,
    windowMs: 250,
    bucket: 'reactions',
  },
  'PATCH /channels/:channel_id': { limit: 5, windowMs: 5000 },
  'GET /users/@me': { limit: 5, windowMs: 5000 },
  'PATCH /guilds/:guild_id/members/:user_id': { limit: 10, windowMs: 10_000 },
};

/** Discord-like sublimits: renaming a channel, 2 per 10 minutes. */
export const DISCORD_LIKE_SUBLIMITS: Readonly<Record<string, Sublimit>> = {
  'PATCH /channels/:channel_id': { limit: 2, windowMs: 600_000 },
};
