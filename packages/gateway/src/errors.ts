/**
 * Typed gateway errors. Each says what to fix; none carries the token (KokoroError scrubs registered
 * secrets from every message).
 */
import { KokoroError } from '@kokoro/common';
import { GatewayCloseCodes, GatewayIntentBits } from 'discord-api-types/v10';

/** The privileged intents and their names, for messages. */
const PRIVILEGED: [number, string][] = [
  [GatewayIntentBits.GuildMembers, 'GUILD_MEMBERS'],
  [GatewayIntentBits.GuildPresences, 'GUILD_PRESENCES'],
  [GatewayIntentBits.MessageContent, 'MESSAGE_CONTENT'],
];

/** Names of the privileged intents set in `intents`. */
export function privilegedIntentNames(intents: number): string[] {
  return PRIVILEGED.filter(([bit]) => (intents & bit) !== 0).map(([, name]) => name);
}

function fatalMessage(closeCode: number, intents: number, shard: string): string {
  switch (closeCode) {
    case GatewayCloseCodes.AuthenticationFailed:
      return `${shard}: Discord rejected the token (close 4004 authentication failed); check the token. Not retrying.`;
    case GatewayCloseCodes.InvalidShard:
      return `${shard}: invalid shard (close 4010); the shard id must be below the shard count. Not retrying.`;
    case GatewayCloseCodes.ShardingRequired:
      return `${shard}: sharding required (close 4011); the bot is in too many guilds for this shard count, use more shards. Not retrying.`;
    case GatewayCloseCodes.InvalidAPIVersion:
      return `${shard}: invalid API version (close 4012); use gateway v10. Not retrying.`;
    case GatewayCloseCodes.InvalidIntents:
      return `${shard}: invalid intents (close 4013): ${intents} is not a valid intents bitfield. Not retrying.`;
    case GatewayCloseCodes.DisallowedIntents: {
      const names = privilegedIntentNames(intents);
      const asked = names.length > 0 ? names.join(', ') : 'none';
      return `${shard}: disallowed intents (close 4014): the privileged intents asked for (${asked}) are not enabled for this bot; enable them in the Developer Portal (Bot > Privileged Gateway Intents) or stop asking for them. Not retrying.`;
    }
    default:
      return `${shard}: fatal gateway close ${closeCode}. Not retrying.`;
  }
}

/** A close Discord means for good (4004, 4010-4014): the shard stops and never retries. */
export class GatewayFatalError extends KokoroError {
  /** Discord's close code (4004 authentication failed, 4014 disallowed intents…). */
  readonly closeCode: number;
  /** The shard that was closed. */
  readonly shardId: number;
  /** For 4014: the privileged intents that were asked for. */
  readonly privilegedIntents: string[];

  constructor(closeCode: number, intents: number, shardId: number) {
    super('KOKORO_GATEWAY_FATAL', fatalMessage(closeCode, intents, `shard ${shardId}`));
    this.closeCode = closeCode;
    this.shardId = shardId;
    this.privilegedIntents = closeCode === GatewayCloseCodes.DisallowedIntents ? privilegedIntentNames(intents) : [];
  }
}

/** Too few session starts left today: identifying now would spend the last ones. */
export class SessionStartLimitError extends KokoroError {
  /** Session starts left (`session_start_limit.remaining`). */
  readonly remaining: number;
  /** Milliseconds until Discord refills the limit. */
  readonly resetAfter: number;

  constructor(remaining: number, resetAfter: number, reserve: number) {
    super(
      'KOKORO_SESSION_START_LIMIT',
      `only ${remaining} gateway session start(s) left today (Kokoro keeps the last ${reserve} for you): not enough to identify; the limit resets in ${Math.ceil(resetAfter / 60_000)} min. Wait for it, or run fewer shards. If nothing should have identified this often, something is identifying in a loop: look for repeated closes in the logs before restarting (Discord resets the token when the limit is spent).`,
    );
    this.remaining = remaining;
    this.resetAfter = resetAfter;
  }
}

/** A payload over Discord's 4096-byte limit, refused before sending. */
export class GatewayPayloadTooLargeError extends KokoroError {
  /** The payload's size in bytes (the limit is 4096). */
  readonly size: number;

  constructor(size: number, op: number) {
    super(
      'KOKORO_GATEWAY_PAYLOAD_TOO_LARGE',
      `gateway payload (op ${op}) is ${size} bytes; Discord accepts at most 4096 and would close the connection (4002). Send less (fewer user ids, a shorter presence).`,
    );
    this.size = size;
  }
}

/**
 * A shard gave up connecting: before its first READY, after `startAttempts` attempts or
 * `startTimeout` ms; after READY, after `maxAttempts` reconnect attempts without a session.
 */
export class GatewayConnectError extends KokoroError {
  /** The shard that could not connect. */
  readonly shardId: number;
  /** Connection attempts made. */
  readonly attempts: number;
  /** Whether the shard had been ready in this run (then it was reconnecting). */
  readonly wasReady: boolean;
  /** The close code of the last attempt (Discord's, 1006 for a drop or refusal), if it had one. */
  readonly closeCode: number | undefined;
  /** Why the last attempt ended. */
  readonly reason: string;

  constructor(options: {
    shardId: number;
    attempts: number;
    wasReady: boolean;
    why: string;
    closeCode?: number;
    reason: string;
    fix: string;
  }) {
    const last = options.closeCode === undefined ? options.reason : `close ${options.closeCode} (${options.reason})`;
    super(
      'KOKORO_GATEWAY_CONNECT',
      `shard ${options.shardId}: ${options.wasReady ? 'gave up reconnecting' : 'could not connect'}: ${options.why}; the last attempt ended with ${last}. ${options.fix}`,
    );
    this.shardId = options.shardId;
    this.attempts = options.attempts;
    this.wasReady = options.wasReady;
    this.closeCode = options.closeCode;
    this.reason = options.reason;
  }
}

/** A payload could not be sent: the shard was closed. */
export class ShardClosedError extends KokoroError {
  /**
   * `what` would have happened had the shard stayed open; `how`: the shard is not running (never
   * started, closed), so a call was refused before sending.
   */
  constructor(shardId: number, what: string, how?: string) {
    super(
      'KOKORO_SHARD_CLOSED',
      how === undefined
        ? `shard ${shardId} was closed before ${what}; start it again first.`
        : `shard ${shardId} ${how}; nothing was sent. Call start() first.`,
    );
  }
}

/** A member request used an intent the shard did not identify with. */
export class MissingIntentError extends KokoroError {
  /** The missing intent's name (`GuildMembers`, `GuildPresences`). */
  readonly intent: string;

  constructor(intent: string, what: string) {
    super(
      'KOKORO_MISSING_INTENT',
      `${what} needs the ${intent} intent; add it to the client's intents (and enable it in the Developer Portal).`,
    );
    this.intent = intent;
  }
}

/** Discord refused a member request for now (RATE_LIMITED dispatch). */
export class GuildMembersRateLimitError extends KokoroError {
  /** Seconds to wait before asking again. */
  readonly retryAfter: number;
  /** The guild whose members were asked for. */
  readonly guildId: string;

  constructor(guildId: string, retryAfter: number) {
    super(
      'KOKORO_GUILD_MEMBERS_RATE_LIMITED',
      `Discord rate limited the member request for guild ${guildId}: ask again in ${retryAfter.toFixed(1)} s (one full member list per guild per 30 s).`,
    );
    this.guildId = guildId;
    this.retryAfter = retryAfter;
  }
}

/** The members of a request did not all arrive in time. */
export class GuildMembersTimeoutError extends KokoroError {
  constructor(guildId: string, ms: number) {
    super(
      'KOKORO_GUILD_MEMBERS_TIMEOUT',
      `the member chunks for guild ${guildId} did not all arrive within ${ms} ms; is the guild on this shard?`,
    );
  }
}

/** What came from the gateway could not be decoded; the connection is dropped and the session resumed. */
export class GatewayDecodeError extends KokoroError {
  constructor(what: string) {
    super(
      'KOKORO_GATEWAY_DECODE',
      `${what}; the connection is dropped and the session resumed on a new one. If it repeats, try another \`compression\`.`,
    );
  }
}

/** The transport compression asked for cannot be used on this machine. */
export class GatewayCompressionUnavailableError extends KokoroError {
  constructor(compression: string, fix: string, cause?: unknown) {
    super('KOKORO_GATEWAY_COMPRESSION_UNAVAILABLE', `${compression} cannot be used here: ${fix}`, { cause });
  }
}
