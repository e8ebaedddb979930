/**
 * The fake Discord gateway (API v10, JSON or ETF, `zlib-stream` / `zstd-stream` / no transport
 * compression).
 *
 * A connection gets Hello, then must Identify (checked as Discord does, see identify.ts) or Resume.
 * Identify opens a {@link FakeSession}: READY (unavailable stubs of the bot's guilds on that shard,
 * `session_id`, `resume_gateway_url`), then one GUILD_CREATE per guild. World events reach every
 * session that may see them (visibility.ts), numbered with the session's sequence and kept for
 * replay; a session outlives its connection for `resumeWindow` ms, so Resume replays what was missed
 * and ends with RESUMED (sessions, Identify and Resume: registry.ts). This file is the server side:
 * connections, what each payload means, and the fault injection tests drive (see README.md beside
 * this file).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '@kokoro/common';
import {
  type APIGatewaySessionStartLimit,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type { World } from '../world/world.js';
import { handleCommand } from './commands.js';
import {
  beginFanout,
  type ClientPayload,
  type ConnectionHost,
  ConnectionState,
  GatewayConnection,
} from './connection.js';
import type { TransportCompression } from './frame-encoder.js';
import { MemberRequestLimiter } from './members.js';
import { type FakeGatewayOptions, HEARTBEAT_TIMEOUT_CLOSE } from './options.js';
import { BotPresences } from './presence.js';
import {
  type CloseRecord,
  type GatewayFilter,
  type IdentifyRecord,
  pushCapped,
  type ReceivedPayload,
  type ResumeRecord,
  redactToken,
} from './records.js';
import { type ConnectionPlace, endsSession, SessionRegistry } from './registry.js';
import type { FakeSession } from './session.js';
import { contentFor, sessionSees } from './visibility.js';
import { DEFAULT_VOICE_ENDPOINT, leaveVoiceOf } from './voice.js';
import type { GatewayWorld, GatewayWorldDispatch } from './world-view.js';

export { type FakeGatewayOptions, HEARTBEAT_TIMEOUT_CLOSE } from './options.js';
export type { CloseRecord, GatewayFilter, IdentifyRecord, ReceivedPayload, ResumeRecord } from './records.js';

/** The fake gateway. See the module comment. */
export class FakeGateway implements ConnectionHost {
  /** The world the sessions see. */
  readonly world: GatewayWorld;
  readonly #world: World;
  /** The clock of heartbeats and timeouts. */
  readonly clock: Clock;
  /** The `heartbeat_interval` Hello announces (ms). */
  readonly heartbeatInterval: number;
  /** The client send limit enforced per connection (Discord's: 120 per 60 s; over it closes 4008). */
  readonly sendLimit: { count: number; window: number };
  /** Milliseconds every outbound frame is held (fault injection: slow network). */
  frameDelay = 0;
  /** How long a session stays resumable after its connection ends. */
  resumeWindow: number;
  /** Leave Identify and Resume unanswered (fault injection: a stalled gateway node). */
  stallSessions = false;
  /** Connections accepted so far (upgrade requests), including rejected ones. */
  connectionAttempts = 0;
  /** Reset every new connection before the websocket opens (fault injection: Discord unreachable). */
  refuseConnections = false;
  /** Answer the next this many connections with op 7 Reconnect instead of Hello (fault injection). */
  reconnectBeforeHello = 0;
  /** Client payloads, oldest first (capped). */
  readonly received: ReceivedPayload[] = [];
  /** Every connection that ended, oldest first (capped like `received`). */
  readonly closes: CloseRecord[] = [];
  readonly #options: FakeGatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1 << 20 });
  readonly #connections = new Set<GatewayConnection>();
  readonly #places = new WeakMap<GatewayConnection, ConnectionPlace>();
  readonly #registry: SessionRegistry;
  readonly #memberLimiter: MemberRequestLimiter;
  readonly #presences: BotPresences;
  readonly #unsubscribe: () => void;
  #url: string | undefined;
  #closed = false;

  /**
   * The gateway reads the world through {@link GatewayWorld}; what a client's commands change (its
   * presence, its voice state) goes through the world's actions, as a simulated user's would.
   */
  constructor(world: World, options: FakeGatewayOptions = {}) {
    this.world = world;
    this.#world = world;
    this.#presences = new BotPresences(world);
    this.#options = options;
    this.clock = options.clock ?? world.clock;
    this.heartbeatInterval = options.heartbeatInterval ?? 41_250;
    this.resumeWindow = options.resumeWindow ?? 120_000;
    this.sendLimit = options.sendLimit ?? { count: 120, window: 60_000 };
    this.#url = options.url;
    this.#registry = new SessionRegistry(world, this.clock, options, {
      identified: (session) => this.#presences.show(session.bot.id, session.presence),
      ended: (session) => {
        if (this.#closed) return;
        leaveVoiceOf(world, session);
        if (!this.#registry.hasSession(session.bot.id)) this.#presences.offline(session.bot.id);
      },
    });
    this.#memberLimiter = new MemberRequestLimiter(options.memberRequestInterval ?? 30_000);
    this.#unsubscribe = world.onDispatch((dispatch) => this.#fromWorld(dispatch));
  }

  /** Every accepted Identify, oldest first. */
  get identifies(): IdentifyRecord[] {
    return this.#registry.identifies;
  }

  /** Every Resume, oldest first (with the path and query it came in on). */
  get resumes(): ResumeRecord[] {
    return this.#registry.resumes;
  }

  /** Identifies that came faster than `max_concurrency` allows (answered with op 9). */
  get identifyViolations(): number {
    return this.#registry.identifyViolations;
  }

  /** Bots whose token was reset for identifying with no session start left. */
  get revokedBots(): ReadonlySet<string> {
    return this.#registry.revokedBots;
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
    if (this.refuseConnections) {
      socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'ws://fake');
    this.#url ??= `ws://${req.headers.host ?? '127.0.0.1'}`;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const compress = url.searchParams.get('compress');
      const compression: TransportCompression =
        compress === 'zlib-stream' || compress === 'zstd-stream' ? compress : 'none';
      const encoding = url.searchParams.get('encoding') ?? 'json';
      const connection = new GatewayConnection(ws, compression, this, encoding === 'etf' ? 'etf' : 'json');
      this.#connections.add(connection);
      this.#places.set(connection, { path: url.pathname, query: url.search.replace(/^\?/, '') });
      if (url.searchParams.get('v') !== '10') {
        return connection.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version.');
      }
      if ((encoding !== 'json' && encoding !== 'etf') || (compress !== null && compression === 'none')) {
        return connection.close(GatewayCloseCodes.DecodeError, `Unsupported encoding or compression.`);
      }
      if (this.reconnectBeforeHello > 0) {
        // Discord may send op 7 before Hello; the client must reconnect (and resume if it can).
        this.reconnectBeforeHello--;
        connection.send({ op: GatewayOpcodes.Reconnect, d: null });
        return;
      }
      connection.send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatInterval } });
      const timeout = this.#options.heartbeatTimeout;
      // Discord: the connection is closed and the client is "forced to Resume" (the session lives).
      if (timeout !== undefined) connection.closeWhenSilent(timeout, HEARTBEAT_TIMEOUT_CLOSE, () => this.#closed);
    });
  }

  /** `session_start_limit` of a bot, as `GET /gateway/bot` reports it. */
  sessionStartLimit(botId: string): APIGatewaySessionStartLimit {
    return this.#registry.sessionStartLimit(botId);
  }

  /** Change a bot's `session_start_limit` (fault injection: a nearly spent daily limit). */
  setSessionStartLimit(botId: string, limit: { total?: number; remaining?: number; resetAfter?: number }): void {
    const account = this.#registry.account(botId);
    if (limit.total !== undefined) account.total = limit.total;
    if (limit.remaining !== undefined) account.remaining = limit.remaining;
    if (limit.resetAfter !== undefined) account.resetAt = this.clock.now() + limit.resetAfter;
  }

  /** The owner put the reset token in place: a bot whose token was revoked may identify again. */
  restoreToken(botId: string): void {
    this.#registry.restoreToken(botId);
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
    return [...this.#registry.sessions.values()].filter(
      (s) =>
        (filter.botId === undefined || s.bot.id === filter.botId) &&
        (filter.shardId === undefined || s.shardId === filter.shardId) &&
        (filter.sessionId === undefined || s.id === filter.sessionId),
    );
  }

  /** The path a connection asked for (`/` or the resume URL's path). */
  pathOf(connection: GatewayConnection): string | undefined {
    return this.#places.get(connection)?.path;
  }

  // ---- fault injection ----

  /** Close matching connections with `code`; 4007/4009 and the fatal codes also end their sessions. */
  closeConnections(code: number, filter: GatewayFilter = {}, reason = ''): number {
    const targets = this.connections(filter);
    for (const connection of targets) {
      if (endsSession(code) && connection.session) this.#registry.end(connection.session);
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

  /**
   * Send a frame the client cannot decode (bytes that are no valid compressed or JSON data, ending
   * like a zlib-stream message): the client should drop the connection and resume.
   */
  sendCorruptFrame(filter: GatewayFilter = {}): number {
    const targets = this.connections(filter);
    for (const connection of targets) connection.sendRawFrame(Buffer.from([0x7b, 0xff, 0x13, 0x37, 0, 0, 0xff, 0xff]));
    return targets.length;
  }

  /** Send op 7 Reconnect. */
  sendReconnect(filter: GatewayFilter = {}): number {
    return this.#sendTo(filter, { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** Send op 9 Invalid Session; with `resumable: false` the sessions end. */
  sendInvalidSession(resumable: boolean, filter: GatewayFilter = {}): number {
    const targets = this.connections(filter);
    for (const connection of targets) {
      if (!resumable && connection.session) this.#registry.end(connection.session);
      connection.send({ op: GatewayOpcodes.InvalidSession, d: resumable });
    }
    return targets.length;
  }

  /** End matching sessions now, as if their resume window had passed. */
  expireSessions(filter: GatewayFilter = {}): number {
    const targets = this.sessions(filter);
    for (const session of targets) this.#registry.end(session);
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
    for (const session of this.#registry.sessions.values()) session.stopExpiry(this.clock);
    this.#registry.sessions.clear();
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
        this.#registry.identify(connection, payload.d, this.#url);
        return;
      case GatewayOpcodes.Resume:
        if (this.stallSessions) return;
        if (connection.state === ConnectionState.Ready) {
          connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        this.#registry.resume(connection, payload.d as GatewayResumeData, this.#places.get(connection)!);
        return;
    }
    if (!session || connection.state !== ConnectionState.Ready) {
      connection.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    const members = { limiter: this.#memberLimiter, now: this.clock.now(), chunkSize: this.#options.chunkSize ?? 1000 };
    const voiceServer = this.#options.voiceServer;
    const voiceEndpoint = this.#options.voiceEndpoint ?? voiceServer?.endpoint ?? DEFAULT_VOICE_ENDPOINT;
    handleCommand(
      {
        world: this.#world,
        presences: this.#presences,
        members,
        voiceEndpoint,
        ...(voiceServer ? { voiceServer } : {}),
      },
      session,
      connection,
      payload,
    );
  }

  /** @internal */
  connectionClosed(connection: GatewayConnection, code: number, byClient: boolean): void {
    this.#connections.delete(connection);
    const session = connection.session;
    this.closes.push({
      connectionId: connection.id,
      botId: session?.bot.id,
      sessionId: session?.id,
      code,
      byClient,
      at: this.clock.now(),
    });
    pushCapped(this.closes, this.#options.receivedLimit ?? 10_000);
    if (!session || session.sink !== connection) return;
    session.sink = undefined;
    if (session.ended || this.#closed) return;
    if (byClient && (code === 1000 || code === 1001)) {
      this.#registry.end(session);
      return;
    }
    session.startExpiry(this.clock, this.resumeWindow, () => this.#registry.end(session));
  }

  // ---- protocol ----

  #fromWorld(dispatch: GatewayWorldDispatch): void {
    beginFanout();
    for (const session of this.#registry.sessions.values()) {
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
    pushCapped(this.received, this.#options.receivedLimit ?? 10_000);
  }
}
