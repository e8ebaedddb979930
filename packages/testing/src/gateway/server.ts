/**
 * The fake Discord gateway (API v10, JSON, `zlib-stream` / `zstd-stream` / no transport compression).
 *
 * A connection gets Hello, then must Identify (checked as Discord does, see identify.ts) or Resume.
 * Identify opens a {@link FakeSession}: READY (unavailable stubs of the bot's guilds on that shard,
 * `session_id`, `resume_gateway_url`), then one GUILD_CREATE per guild. World events reach every
 * session that may see them (visibility.ts), numbered with the session's sequence and kept for
 * replay; a session outlives its connection for `resumeWindow` ms, so Resume replays what was missed
 * and ends with RESUMED. Tests drive faults through the methods below (see README.md beside this file).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '@kokoro/common';
import {
  type APIGatewaySessionStartLimit,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayRequestGuildMembersData,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import {
  beginFanout,
  type ClientPayload,
  type ConnectionHost,
  ConnectionState,
  GatewayConnection,
} from './connection.js';
import type { TransportCompression } from './encoder.js';
import { checkIdentify, IdentifyAccount } from './identify.js';
import { answerMemberRequest, MemberRequestLimiter } from './members.js';
import { FakeSession } from './session.js';
import { contentFor, sessionSees } from './visibility.js';
import type { GatewayWorld, GatewayWorldDispatch } from './world-view.js';

/** Options of the fake gateway. Intervals are in milliseconds; keep them short in tests. */
export interface FakeGatewayOptions {
  /** `heartbeat_interval` sent in Hello (default 41 250). */
  heartbeatInterval?: number;
  /**
   * Close a connection with 4009 (session timed out) when no heartbeat arrived for this long; off
   * unless set (a client on a paused test clock would be closed otherwise).
   */
  heartbeatTimeout?: number;
  /** How long a session stays resumable after its connection ends (default 120 000). */
  resumeWindow?: number;
  /** Dispatches kept per session for replay (default 10 000). */
  replayLimit?: number;
  /** The identify bucket window (default 5000 ms; shorter in tests). */
  identifyWindow?: number;
  /** `max_concurrency` of every bot (default 1). */
  maxConcurrency?: number;
  /** `session_start_limit.total` of every bot (default 1000). */
  sessionStartTotal?: number;
  /** Client sends allowed per connection and window before close 4008 (default 120 per 60 000). */
  sendLimit?: { count: number; window: number };
  /** Guilds per shard before close 4011 (default 2500). */
  guildsPerShard?: number;
  /** Shards `GET /gateway/bot` recommends (default: one per 1000 guilds, at least 1). */
  recommendedShards?: number;
  /** Members per GUILD_MEMBERS_CHUNK (default 1000). */
  chunkSize?: number;
  /** Interval between "all members" requests per guild (default 30 000). */
  memberRequestInterval?: number;
  /** Public gateway URL; default `ws://<Host header>`. */
  url?: string;
  /** The clock for the fake's timers; default the world's. */
  clock?: Clock;
  /** Client payloads kept in {@link FakeGateway.received} (default 10 000). */
  receivedLimit?: number;
}

/** Selects connections or sessions for fault injection; every given field must match. */
export interface GatewayFilter {
  botId?: string;
  shardId?: number;
  sessionId?: string;
  connectionId?: number;
}

/** One Identify the fake received and accepted. */
export interface IdentifyRecord {
  botId: string;
  shardId: number;
  shardCount: number;
  at: number;
  sessionId: string;
  intents: number;
  presence: unknown;
}

/** One Resume the fake received. */
export interface ResumeRecord {
  sessionId: string;
  seq: number;
  path: string;
  at: number;
  /** How many dispatches were replayed, or 'invalid' when answered with op 9. */
  replayed: number | 'invalid';
}

/** A payload a client sent. */
export interface ReceivedPayload {
  connectionId: number;
  botId: string | undefined;
  sessionId: string | undefined;
  shardId: number | undefined;
  op: number;
  d: unknown;
  at: number;
}

/** The fake gateway. See the module comment. */
export class FakeGateway implements ConnectionHost {
  readonly world: GatewayWorld;
  readonly clock: Clock;
  readonly heartbeatInterval: number;
  readonly sendLimit: { count: number; window: number };
  /** Milliseconds every outbound frame is held (fault injection: slow network). */
  frameDelay = 0;
  /** How long a session stays resumable after its connection ends. */
  resumeWindow: number;
  /** Leave Identify and Resume unanswered (fault injection: a stalled gateway node). */
  stallSessions = false;
  /** Connections accepted so far (upgrade requests), including rejected ones. */
  connectionAttempts = 0;
  /** Every accepted Identify, oldest first. */
  readonly identifies: IdentifyRecord[] = [];
  /** Every Resume, oldest first. */
  readonly resumes: ResumeRecord[] = [];
  /** Identifies that came faster than `max_concurrency` allows (answered with op 9). */
  identifyViolations = 0;
  /** Client payloads, oldest first (capped). */
  readonly received: ReceivedPayload[] = [];
  readonly #options: FakeGatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1 << 20 });
  readonly #connections = new Set<GatewayConnection>();
  readonly #paths = new WeakMap<GatewayConnection, string>();
  readonly #sessions = new Map<string, FakeSession>();
  readonly #accounts = new Map<string, IdentifyAccount>();
  readonly #memberLimiter: MemberRequestLimiter;
  readonly #unsubscribe: () => void;
  #url: string | undefined;
  #nextSession = 1;
  #closed = false;

  constructor(world: GatewayWorld, options: FakeGatewayOptions = {}) {
    this.world = world;
    this.#options = options;
    this.clock = options.clock ?? world.clock;
    this.heartbeatInterval = options.heartbeatInterval ?? 41_250;
    this.resumeWindow = options.resumeWindow ?? 120_000;
    this.sendLimit = options.sendLimit ?? { count: 120, window: 60_000 };
    this.#url = options.url;
    this.#memberLimiter = new MemberRequestLimiter(options.memberRequestInterval ?? 30_000);
    this.#unsubscribe = world.onDispatch((dispatch) => this.#fromWorld(dispatch));
  }

  /** The public gateway URL (known once set in the options or after the first connection). */
  get url(): string | undefined {
    return this.#url;
  }

  /** Accept a websocket upgrade forwarded by the HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.connectionAttempts++;
    const url = new URL(req.url ?? '/', 'ws://fake');
    this.#url ??= `ws://${req.headers.host ?? '127.0.0.1'}`;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const compress = url.searchParams.get('compress');
      const compression: TransportCompression =
        compress === 'zlib-stream' || compress === 'zstd-stream' ? compress : 'none';
      const connection = new GatewayConnection(ws, compression, this);
      this.#connections.add(connection);
      this.#paths.set(connection, url.pathname);
      if (url.searchParams.get('v') !== '10') {
        return connection.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version.');
      }
      const encoding = url.searchParams.get('encoding') ?? 'json';
      if (encoding !== 'json' || (compress !== null && compression === 'none')) {
        return connection.close(GatewayCloseCodes.DecodeError, `Unsupported encoding or compression.`);
      }
      connection.send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatInterval } });
      if (this.#options.heartbeatTimeout !== undefined)
        this.#watchHeartbeats(connection, this.#options.heartbeatTimeout);
    });
  }

  /** `session_start_limit` of a bot, as `GET /gateway/bot` reports it. */
  sessionStartLimit(botId: string): APIGatewaySessionStartLimit {
    const account = this.#account(botId);
    const now = this.clock.now();
    account.refresh(now);
    return {
      total: account.total,
      remaining: account.remaining,
      reset_after: Math.max(0, account.resetAt - now),
      max_concurrency: account.maxConcurrency,
    };
  }

  /** Change a bot's `session_start_limit` (fault injection: a nearly spent daily limit). */
  setSessionStartLimit(botId: string, limit: { total?: number; remaining?: number; resetAfter?: number }): void {
    const account = this.#account(botId);
    if (limit.total !== undefined) account.total = limit.total;
    if (limit.remaining !== undefined) account.remaining = limit.remaining;
    if (limit.resetAfter !== undefined) account.resetAt = this.clock.now() + limit.resetAfter;
  }

  /** Shards `GET /gateway/bot` recommends for a bot. */
  recommendedShards(botId: string): number {
    if (this.#options.recommendedShards !== undefined) return this.#options.recommendedShards;
    return Math.max(1, Math.ceil(this.world.guildIdsOf(botId).length / 1000));
  }

  // ---- inspection ----

  /** Open connections matching the filter. */
  connections(filter: GatewayFilter = {}): GatewayConnection[] {
    return [...this.#connections].filter((c) => c.state !== ConnectionState.Closed && this.#matches(c, filter));
  }

  /** Live (resumable) sessions matching the filter. */
  sessions(filter: GatewayFilter = {}): FakeSession[] {
    return [...this.#sessions.values()].filter(
      (s) =>
        (filter.botId === undefined || s.bot.id === filter.botId) &&
        (filter.shardId === undefined || s.shardId === filter.shardId) &&
        (filter.sessionId === undefined || s.id === filter.sessionId),
    );
  }

  /** The path a connection asked for (`/` or the resume URL's path). */
  pathOf(connection: GatewayConnection): string | undefined {
    return this.#paths.get(connection);
  }

  // ---- fault injection ----

  /** Close matching connections with `code`; 4007/4009 and the fatal codes also end their sessions. */
  closeConnections(code: number, filter: GatewayFilter = {}, reason = ''): number {
    const targets = this.connections(filter);
    for (const connection of targets) {
      if (endsSession(code) && connection.session) this.#endSession(connection.session);
      connection.close(code, reason);
    }
    return targets.length;
  }

  /** Drop matching connections without a close frame (the client sees 1006); sessions stay resumable. */
  dropConnections(filter: GatewayFilter = {}): number {
    const targets = this.connections(filter);
    for (const connection of targets) connection.drop();
    return targets.length;
  }

  /** Stop answering heartbeats on matching connections (the client should judge them zombies). */
  stopHeartbeatAcks(filter: GatewayFilter = {}): number {
    const targets = this.connections(filter);
    for (const connection of targets) connection.acking = false;
    return targets.length;
  }

  /** Answer heartbeats again. */
  resumeHeartbeatAcks(filter: GatewayFilter = {}): void {
    for (const connection of this.connections(filter)) connection.acking = true;
  }

  /** Send op 1: ask matching clients for an immediate heartbeat. */
  requestHeartbeat(filter: GatewayFilter = {}): number {
    return this.#sendTo(filter, { op: GatewayOpcodes.Heartbeat, d: null });
  }

  /** Send op 7 Reconnect. */
  sendReconnect(filter: GatewayFilter = {}): number {
    return this.#sendTo(filter, { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** Send op 9 Invalid Session; with `resumable: false` the sessions end. */
  sendInvalidSession(resumable: boolean, filter: GatewayFilter = {}): number {
    const targets = this.connections(filter);
    for (const connection of targets) {
      if (!resumable && connection.session) this.#endSession(connection.session);
      connection.send({ op: GatewayOpcodes.InvalidSession, d: resumable });
    }
    return targets.length;
  }

  /** End matching sessions now, as if their resume window had passed. */
  expireSessions(filter: GatewayFilter = {}): number {
    const targets = this.sessions(filter);
    for (const session of targets) this.#endSession(session);
    return targets.length;
  }

  /**
   * Dispatch an event straight to matching live sessions (numbered, kept for replay), bypassing
   * the world's visibility rules. Returns the sessions reached.
   */
  dispatchToSessions(t: string, d: unknown, filter: GatewayFilter = {}): number {
    const targets = this.sessions(filter);
    beginFanout();
    for (const session of targets) session.dispatch(t, d);
    return targets.length;
  }

  /** Close every connection and stop listening to the world. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    for (const connection of this.#connections) connection.drop();
    for (const session of this.#sessions.values()) session.stopExpiry(this.clock);
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  // ---- ConnectionHost ----

  /** @internal */
  handlePayload(connection: GatewayConnection, payload: ClientPayload): void {
    const session = connection.session;
    this.#record(connection, payload);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        return;
      case GatewayOpcodes.Identify:
        if (this.stallSessions) return;
        if (connection.state === ConnectionState.Ready) {
          connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        this.#identify(connection, payload.d);
        return;
      case GatewayOpcodes.Resume:
        if (this.stallSessions) return;
        if (connection.state === ConnectionState.Ready) {
          connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        this.#resume(connection, payload.d as GatewayResumeData);
        return;
    }
    if (!session || connection.state !== ConnectionState.Ready) {
      connection.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.PresenceUpdate:
        session.presence = payload.d;
        return;
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        return;
      case GatewayOpcodes.RequestGuildMembers: {
        const answers = answerMemberRequest(
          this.world,
          session,
          payload.d as GatewayRequestGuildMembersData,
          this.#memberLimiter,
          this.clock.now(),
          this.#options.chunkSize ?? 1000,
        );
        for (const answer of answers ?? []) session.dispatch(answer.t, answer.d);
        return;
      }
      default:
        connection.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
        return;
    }
  }

  /** @internal */
  connectionClosed(connection: GatewayConnection, code: number, byClient: boolean): void {
    this.#connections.delete(connection);
    const session = connection.session;
    if (!session || session.sink !== connection) return;
    session.sink = undefined;
    if (session.ended || this.#closed) return;
    if (byClient && (code === 1000 || code === 1001)) {
      this.#endSession(session);
      return;
    }
    session.startExpiry(this.clock, this.resumeWindow, () => this.#endSession(session));
  }

  // ---- protocol ----

  #identify(connection: GatewayConnection, data: unknown): void {
    const check = checkIdentify(this.world, data, this.#options.guildsPerShard ?? 2500);
    if ('close' in check) {
      connection.close(check.close, check.reason);
      return;
    }
    const { bot, intents, shardId, shardCount } = check.ok;
    const account = this.#account(bot.id);
    const now = this.clock.now();
    if (!account.spend(now)) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, 'Session start limit spent: token reset.');
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
    this.#sessions.set(session.id, session);
    this.identifies.push({ botId: bot.id, shardId, shardCount, at: now, sessionId: session.id, intents, presence });
    connection.session = session;
    connection.state = ConnectionState.Ready;
    session.sink = connection;
    const guildIds = this.world
      .guildIdsOf(bot.id)
      .filter((id) => sessionSees(this.world, session, { t: '', d: null, guildId: id }));
    session.dispatch(GatewayDispatchEvents.Ready, {
      v: 10,
      user: bot.user,
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `${this.#url}/resume`,
      shard: [shardId, shardCount],
      application: { id: bot.applicationId, flags: 0 },
    });
    for (const id of guildIds) {
      session.dispatch(GatewayDispatchEvents.GuildCreate, this.world.guildCreatePayload(id, bot.id, { intents }));
    }
  }

  #resume(connection: GatewayConnection, data: GatewayResumeData): void {
    const session = data && typeof data.session_id === 'string' ? this.#sessions.get(data.session_id) : undefined;
    const record: ResumeRecord = {
      sessionId: String(data?.session_id),
      seq: Number(data?.seq),
      path: this.#paths.get(connection) ?? '/',
      at: this.clock.now(),
      replayed: 'invalid',
    };
    this.resumes.push(record);
    const token = typeof data?.token === 'string' ? data.token.replace(/^Bot /, '') : undefined;
    const missed = session && !session.ended && token === session.bot.token ? session.since(data.seq ?? 0) : undefined;
    if (!session || !missed) {
      connection.send({ op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    session.stopExpiry(this.clock);
    const previous = session.sink;
    if (previous && previous !== connection) (previous as GatewayConnection).drop();
    connection.session = session;
    connection.state = ConnectionState.Ready;
    session.sink = connection;
    for (const dispatch of missed) connection.deliver(dispatch);
    record.replayed = missed.length;
    session.dispatch(GatewayDispatchEvents.Resumed, null);
  }

  #watchHeartbeats(connection: GatewayConnection, timeout: number): void {
    const check = () => {
      if (connection.state === ConnectionState.Closed || this.#closed) return;
      const silent = this.clock.now() - connection.lastHeartbeatAt;
      if (silent < timeout) {
        this.clock.setTimeout(check, timeout - silent);
        return;
      }
      if (connection.session) this.#endSession(connection.session);
      connection.close(GatewayCloseCodes.SessionTimedOut, 'Session timed out.');
    };
    this.clock.setTimeout(check, timeout);
  }

  #fromWorld(dispatch: GatewayWorldDispatch): void {
    beginFanout();
    for (const session of this.#sessions.values()) {
      if (session.ended || !sessionSees(this.world, session, dispatch)) continue;
      if (dispatch.t === GatewayDispatchEvents.GuildCreate && dispatch.guildId !== undefined) {
        // The world sends it with everything; each session gets it shaped by its own intents.
        const intents = session.intents;
        session.dispatch(dispatch.t, this.world.guildCreatePayload(dispatch.guildId, session.bot.id, { intents }));
        continue;
      }
      session.dispatch(dispatch.t, contentFor(session, dispatch));
    }
  }

  #endSession(session: FakeSession): void {
    session.ended = true;
    session.stopExpiry(this.clock);
    this.#sessions.delete(session.id);
  }

  #account(botId: string): IdentifyAccount {
    let account = this.#accounts.get(botId);
    if (!account) {
      account = new IdentifyAccount(
        this.#options.sessionStartTotal ?? 1000,
        this.clock.now(),
        this.#options.maxConcurrency ?? 1,
        86_400_000,
        this.#options.identifyWindow ?? 5000,
      );
      this.#accounts.set(botId, account);
    }
    return account;
  }

  #sendTo(filter: GatewayFilter, payload: object): number {
    const targets = this.connections(filter);
    for (const connection of targets) connection.send(payload);
    return targets.length;
  }

  #matches(connection: GatewayConnection, filter: GatewayFilter): boolean {
    const session = connection.session;
    if (filter.connectionId !== undefined && connection.id !== filter.connectionId) return false;
    if (filter.botId !== undefined && session?.bot.id !== filter.botId) return false;
    if (filter.shardId !== undefined && session?.shardId !== filter.shardId) return false;
    if (filter.sessionId !== undefined && session?.id !== filter.sessionId) return false;
    return true;
  }

  #record(connection: GatewayConnection, payload: ClientPayload): void {
    const session = connection.session;
    this.received.push({
      connectionId: connection.id,
      botId: session?.bot.id,
      sessionId: session?.id,
      shardId: session?.shardId,
      op: payload.op,
      d:
        payload.op === GatewayOpcodes.Identify || payload.op === GatewayOpcodes.Resume
          ? redactToken(payload.d)
          : payload.d,
      at: this.clock.now(),
    });
    const limit = this.#options.receivedLimit ?? 10_000;
    if (this.received.length > limit) this.received.splice(0, this.received.length - limit);
  }
}

function endsSession(code: number): boolean {
  return (
    code === 1000 ||
    code === 1001 ||
    code === GatewayCloseCodes.InvalidSeq ||
    code === GatewayCloseCodes.SessionTimedOut ||
    code === GatewayCloseCodes.AuthenticationFailed ||
    (code >= GatewayCloseCodes.InvalidShard && code <= GatewayCloseCodes.DisallowedIntents)
  );
}

function redactToken(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !('token' in data)) return data;
  return { ...(data as object), token: '[REDACTED]' };
}
