/**
 * The sessions of the fake gateway and the accounting behind them: what Identify and Resume do.
 *
 * Identify is checked (identify.ts), then counted against the bot's `session_start_limit` and its
 * `max_concurrency` bucket. Discord documents both outcomes: an Identify faster than the bucket
 * allows gets op 9 Invalid Session; and when the daily limit is hit, "all active sessions for the
 * app will be terminated, the bot token will be reset". So an Identify with no session start left
 * revokes the token here: every connection of the bot closes with 4004 (authentication failed),
 * every session of the bot ends, and the old token fails from then on (`restoreToken` plays the
 * owner putting the new token in place). An accepted Identify opens a session: READY, then one
 * GUILD_CREATE per guild the session may see. Resume looks the session up by id and token and
 * replays what the client missed, then RESUMED; an unknown or ended session (or another bot's
 * token) gets op 9 `d: false`; a sequence the session cannot replay from (ahead of it, or older
 * than what it kept) closes 4007 and ends the session.
 */
import type { Clock } from '@kokoro/common';
import {
  type APIGatewaySessionStartLimit,
  type APIUser,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayResumeData,
  type UserFlags,
} from 'discord-api-types/v10';
import { ConnectionState, type GatewayConnection } from './connection.js';
import { checkIdentify, IdentifyAccount } from './identify.js';
import type { FakeGatewayOptions } from './options.js';
import type { IdentifyRecord, ResumeRecord } from './records.js';
import { FakeSession } from './session.js';
import { sessionSees } from './visibility.js';
import type { GatewayBot, GatewayWorld } from './world-view.js';

/** What the gateway does when a session starts (after its GUILD_CREATEs) or ends. */
export interface SessionHooks {
  identified(session: FakeSession): void;
  ended(session: FakeSession): void;
}

/** Where a connection came in. */
export interface ConnectionPlace {
  path: string;
  query: string;
}

/** Sessions, identify accounting and the handshakes of the fake gateway. */
export class SessionRegistry {
  /** Live (resumable) sessions by id. */
  readonly sessions = new Map<string, FakeSession>();
  /** Every accepted Identify, oldest first. */
  readonly identifies: IdentifyRecord[] = [];
  /** Every Resume, oldest first. */
  readonly resumes: ResumeRecord[] = [];
  /** Identifies that came faster than `max_concurrency` allows (answered with op 9). */
  identifyViolations = 0;
  /** Bots whose token was reset because they identified with no session start left. */
  readonly revokedBots = new Set<string>();
  readonly #world: GatewayWorld;
  readonly #clock: Clock;
  readonly #options: FakeGatewayOptions;
  readonly #accounts = new Map<string, IdentifyAccount>();
  readonly #hooks: SessionHooks | undefined;
  #nextSession = 1;

  constructor(world: GatewayWorld, clock: Clock, options: FakeGatewayOptions, hooks?: SessionHooks) {
    this.#world = world;
    this.#clock = clock;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** `session_start_limit` of a bot, as `GET /gateway/bot` reports it. */
  sessionStartLimit(botId: string): APIGatewaySessionStartLimit {
    const account = this.account(botId);
    const now = this.#clock.now();
    account.refresh(now);
    return {
      total: account.total,
      remaining: account.remaining,
      reset_after: Math.max(0, account.resetAt - now),
      max_concurrency: account.maxConcurrency,
    };
  }

  /** The identify account of a bot (made on first use). */
  account(botId: string): IdentifyAccount {
    let account = this.#accounts.get(botId);
    if (!account) {
      account = new IdentifyAccount(
        this.#options.sessionStartTotal ?? 1000,
        this.#clock.now(),
        this.#options.maxConcurrency ?? 1,
        86_400_000,
        this.#options.identifyWindow ?? 5000,
      );
      this.#accounts.set(botId, account);
    }
    return account;
  }

  /** Op 2 on `connection`; `url` is the gateway's public URL (for `resume_gateway_url`). */
  identify(connection: GatewayConnection, data: unknown, url: string | undefined): void {
    const check = checkIdentify(this.#world, data, this.#options.guildsPerShard ?? 2500);
    if ('close' in check) {
      connection.close(check.close, check.reason);
      return;
    }
    const { bot, intents, shardId, shardCount } = check.ok;
    if (this.revokedBots.has(bot.id)) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const account = this.account(bot.id);
    const now = this.#clock.now();
    if (!account.spend(now)) {
      this.#revoke(bot.id);
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Session start limit reached: token reset.');
      return;
    }
    if (!account.takeBucket(shardId, now)) {
      this.identifyViolations++;
      connection.send({ op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    const presence = (data as { presence?: unknown }).presence;
    const session = new FakeSession({
      id: `fake-session-${this.#nextSession++}-${bot.id.slice(-6)}`,
      bot,
      intents,
      shardId,
      shardCount,
      presence,
      replayLimit: this.#options.replayLimit ?? 10_000,
    });
    this.sessions.set(session.id, session);
    this.identifies.push({ botId: bot.id, shardId, shardCount, at: now, sessionId: session.id, intents, presence });
    connection.session = session;
    connection.state = ConnectionState.Ready;
    session.sink = connection;
    const guildIds = this.#world
      .guildIdsOf(bot.id)
      .filter((id) => sessionSees(this.#world, session, { t: '', d: null, guildId: id }));
    session.dispatch(GatewayDispatchEvents.Ready, {
      v: 10,
      user: readyUser(bot),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `${url}/resume`,
      shard: [shardId, shardCount],
      application: { id: bot.applicationId, flags: 0 },
    });
    for (const id of guildIds) {
      session.dispatch(GatewayDispatchEvents.GuildCreate, this.#world.guildCreatePayload(id, bot.id, { intents }));
    }
    this.#hooks?.identified(session);
  }

  /** Op 6 on `connection`, which came in at `place`. */
  resume(connection: GatewayConnection, data: GatewayResumeData, place: ConnectionPlace): void {
    const session = data && typeof data.session_id === 'string' ? this.sessions.get(data.session_id) : undefined;
    const record: ResumeRecord = {
      sessionId: String(data?.session_id),
      seq: Number(data?.seq),
      path: place.path,
      query: place.query,
      at: this.#clock.now(),
      replayed: 'invalid',
    };
    this.resumes.push(record);
    const token = typeof data?.token === 'string' ? data.token.replace(/^Bot /, '') : undefined;
    const bot = token === undefined ? undefined : this.#world.botByToken(token);
    if (bot && this.revokedBots.has(bot.id)) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (!session || session.ended || token !== session.bot.token) {
      connection.send({ op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    const missed = session.since(data.seq ?? 0);
    if (!missed) {
      // 4007: "the sequence sent when resuming the session was invalid; reconnect and start a new session".
      this.end(session);
      connection.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
      return;
    }
    session.stopExpiry(this.#clock);
    const previous = session.sink;
    if (previous && previous !== connection) (previous as GatewayConnection).drop();
    connection.session = session;
    connection.state = ConnectionState.Ready;
    session.sink = connection;
    for (const dispatch of missed) connection.deliver(dispatch);
    record.replayed = missed.length;
    session.dispatch(GatewayDispatchEvents.Resumed, null);
  }

  /** End a session: it can no longer be resumed. */
  end(session: FakeSession): void {
    session.ended = true;
    session.stopExpiry(this.#clock);
    if (this.sessions.delete(session.id)) this.#hooks?.ended(session);
  }

  /** Whether the bot has a live session left. */
  hasSession(botId: string): boolean {
    for (const session of this.sessions.values()) if (session.bot.id === botId) return true;
    return false;
  }

  /** The owner put the reset token back in place: the bot may identify again. */
  restoreToken(botId: string): void {
    this.revokedBots.delete(botId);
  }

  /** The daily limit was hit: the token is reset and every session of the bot terminated. */
  #revoke(botId: string): void {
    this.revokedBots.add(botId);
    for (const session of [...this.sessions.values()]) {
      if (session.bot.id !== botId) continue;
      const sink = session.sink as GatewayConnection | undefined;
      this.end(session);
      sink?.close(GatewayCloseCodes.AuthenticationFailed, 'Session start limit reached: token reset.');
    }
  }
}

/**
 * The bot's user as READY carries it: the public user plus what only its owner sees (`verified`,
 * `mfa_enabled` (the owner's, true here as in `GET /users/@me`), `email` (null for a bot), `flags`).
 */
export function readyUser(bot: GatewayBot): APIUser {
  return {
    ...bot.user,
    bot: true,
    verified: true,
    mfa_enabled: bot.user.mfa_enabled ?? true,
    email: null,
    flags: bot.user.flags ?? bot.user.public_flags ?? (0 as UserFlags),
  };
}

/** Whether a close code ends the session it closes (the rest leave it resumable). */
export function endsSession(code: number): boolean {
  return (
    code === 1000 ||
    code === 1001 ||
    code === GatewayCloseCodes.InvalidSeq ||
    code === GatewayCloseCodes.SessionTimedOut ||
    code === GatewayCloseCodes.AuthenticationFailed ||
    (code >= GatewayCloseCodes.InvalidShard && code <= GatewayCloseCodes.DisallowedIntents)
  );
}
