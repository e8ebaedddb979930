/**
 * `FakeVoiceServer`: Discord's voice server on loopback — voice gateway v8 over websocket (plain
 * `ws://` or `wss://` on one port: the first byte of a connection tells TLS from HTTP) and voice UDP
 * on the same port number. The fake gateway's VOICE_SERVER_UPDATE points at it, with a token it
 * granted for that bot, guild, channel and gateway session.
 *
 * A connection goes: Hello (op 8) → Identify (op 0, checked against the grant; a client offering
 * no DAVE while DAVE is required is closed 4017) → Ready (op 2: ssrc, ip, port, modes) → UDP IP
 * discovery → Select Protocol (op 1) → Session Description (op 4: mode, secret_key,
 * dave_protocol_version). Then the session is in its call: Clients Connect / Disconnect (ops
 * 11/13) tell who else is, Speaking (op 5) maps ssrcs to users, and with DAVE the call's
 * {@link DaveGroup} runs the group (ops 21–31). Heartbeats (op 3) are acknowledged (op 6) and their
 * `seq_ack` trims the Resume buffer; Resume (op 7) replays it and answers Resumed (op 9).
 *
 * Audio a bot sends is decrypted (transport, then DAVE through a simulated user of the call, who is
 * a group member) and measured per sender ({@link FakeVoiceServer.heard}); it is also forwarded to
 * the other bots of the call, sealed with each one's key. Simulated users join, leave and play tones
 * (see `users.ts`). Faults: close a session with any code, drop its UDP packets, re-key the group.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { type Clock, systemClock } from '@kokoro/common';
import { VoiceCloseCodes, VoiceOpcodes } from 'discord-api-types/voice/v8';
import { type WebSocket, WebSocketServer } from 'ws';
import type { VoiceGrant, VoiceServerSeam } from '../gateway/voice.js';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import { AudioTrack, type HeardAudio, isDaveFrame, OPUS_SILENCE_FRAME } from './audio.js';
import { FakeVoiceCall, type ToneOptions } from './call.js';
import { DaveOp } from './dave-group.js';
import { createExternalSender } from './external-sender.js';
import { FAKE_VOICE_CERTIFICATE, FAKE_VOICE_KEY } from './tls-identity.js';
import { openRtp, readRtpHeader, sealRtp, VOICE_ENCRYPTION_MODES, type VoiceEncryptionMode } from './transport.js';
import { VoiceSession } from './voice-session.js';

/** Options of the fake voice server. */
export interface FakeVoiceOptions {
  /** `'required'` (default, as Discord since 2026-03-02): clients must offer DAVE; `'off'`: transport encryption only. */
  dave?: 'required' | 'off';
  /** Add a simulated listener (the world's default user) to a call a bot joins alone, so that its DAVE audio can be heard (default true). */
  listener?: boolean;
  /** Heartbeat interval sent in Hello (default 13 750 ms). */
  heartbeatIntervalMs?: number;
  /** How long a DAVE transition waits for every member's "ready" (default 2 000 ms). */
  transitionTimeoutMs?: number;
  /** A frame later than this after its due time counts as late (default 40 ms). */
  lateAfterMs?: number;
  /** Clock of timers (transitions, simulated users' pacing); default the system clock. */
  clock?: Clock;
  /** Monotonic milliseconds for arrival times; default `performance.now`. */
  now?: () => number;
}

/** Close codes a test can inflict with {@link FakeVoiceServer.close}; those that end the session do. */
const RESUMABLE = new Set<number>([VoiceCloseCodes.VoiceServerCrashed]);

/** A voice websocket's place before Identify or Resume. */
interface Pending {
  ws: WebSocket;
  session?: VoiceSession;
}

/** Hooks of the world the voice server needs (kept narrow: the server has no world import). */
export interface VoiceWorldHooks {
  /** Put a user's voice state in `channelId` (null: leave) and dispatch VOICE_STATE_UPDATE. */
  setVoiceState(guildId: string, userId: string, channelId: string | null): void;
  /** Subscribe to voice state changes of the world: (guildId, userId, channelId or null, sessionId). */
  onVoiceState(listener: (guildId: string, userId: string, channelId: string | null, sessionId: string) => void): void;
  /** The user a call gets as its listener. */
  listenerUserId(): string;
  /** The guild of a channel, if it is a guild channel. */
  guildIdOfChannel(channelId: string): string | undefined;
}

/**
 * A stream for the TLS server over a socket whose first bytes were already read (to tell TLS from
 * plain HTTP): Node's TLS reads a net.Socket's handle directly and would miss them; over a plain
 * Duplex it reads through the stream, first bytes included.
 */
function tlsFeed(socket: Socket, first: Buffer): Duplex {
  const feed = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk, encoding, callback) => {
      socket.write(chunk, encoding, callback);
    },
    final: (callback) => {
      socket.end();
      callback();
    },
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  feed.push(first);
  socket.on('data', (data) => {
    if (!feed.push(data)) socket.pause();
  });
  socket.on('end', () => feed.push(null));
  socket.on('close', () => feed.destroy());
  socket.on('error', () => feed.destroy());
  return feed;
}

/** The fake voice server. Create with {@link FakeVoiceServer.start}. */
export class FakeVoiceServer implements VoiceServerSeam {
  readonly options: Required<Omit<FakeVoiceOptions, 'clock' | 'now'>>;
  readonly clock: Clock;
  readonly now: () => number;
  readonly #grants = new Map<string, VoiceGrant>();
  readonly #sessions = new Map<string, VoiceSession>();
  readonly #bySsrc = new Map<number, VoiceSession>();
  readonly #calls = new Map<string, FakeVoiceCall>();
  readonly #tracks = new Map<string, AudioTrack>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #net: NetServer;
  readonly #http: HttpServer;
  readonly #https: HttpsServer;
  readonly #udp: UdpSocket;
  readonly #hooks: VoiceWorldHooks;
  readonly #sockets = new Set<Socket>();
  #port = 0;
  #nextSsrc = 1000;
  #nextToken = 1;
  /** Close codes the server sent, in order (inspection). */
  readonly closes: { userId: string; code: number }[] = [];
  /** Identify payloads received, in order (inspection). */
  readonly identifies: Record<string, unknown>[] = [];

  private constructor(hooks: VoiceWorldHooks, options: FakeVoiceOptions) {
    this.#hooks = hooks;
    this.options = {
      dave: options.dave ?? 'required',
      listener: options.listener ?? true,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 13_750,
      transitionTimeoutMs: options.transitionTimeoutMs ?? 2_000,
      lateAfterMs: options.lateAfterMs ?? 40,
    };
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? (() => performance.now());
    const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head);
    this.#http = createHttpServer((_req, res) => res.writeHead(426).end());
    this.#http.on('upgrade', upgrade);
    this.#https = createHttpsServer({ cert: FAKE_VOICE_CERTIFICATE, key: FAKE_VOICE_KEY }, (_req, res) =>
      res.writeHead(426).end(),
    );
    this.#https.on('upgrade', upgrade);
    this.#net = createNetServer((socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        if (chunk[0] === 0x16) this.#https.emit('connection', tlsFeed(socket, chunk));
        else {
          socket.unshift(chunk);
          this.#http.emit('connection', socket);
          socket.resume();
        }
      });
    });
    this.#udp = createSocket('udp4');
    this.#udp.on('message', (msg, rinfo) => this.#onUdp(msg, rinfo));
    hooks.onVoiceState((guildId, userId, channelId) => this.#voiceStateChanged(guildId, userId, channelId));
  }

  /** Start a voice server on 127.0.0.1 (TCP and UDP on the same free port). */
  static async start(hooks: VoiceWorldHooks, options: FakeVoiceOptions = {}): Promise<FakeVoiceServer> {
    const server = new FakeVoiceServer(hooks, options);
    for (let attempt = 0; ; attempt++) {
      await new Promise<void>((resolve, reject) => {
        server.#net.once('error', reject);
        server.#net.listen(0, '127.0.0.1', () => resolve());
      });
      server.#port = (server.#net.address() as AddressInfo).port;
      try {
        await new Promise<void>((resolve, reject) => {
          server.#udp.once('error', reject);
          server.#udp.bind(server.#port, '127.0.0.1', () => resolve());
        });
        return server;
      } catch (error) {
        await new Promise<void>((resolve) => server.#net.close(() => resolve()));
        if (attempt >= 20) throw error;
      }
    }
  }

  /** `127.0.0.1:PORT`, the `endpoint` of VOICE_SERVER_UPDATE. */
  get endpoint(): string {
    return `127.0.0.1:${this.#port}`;
  }

  /** The port (TCP for the voice gateway, UDP for media). */
  get port(): number {
    return this.#port;
  }

  /** Record a granted voice join and return its token (called by the fake gateway on op 4). */
  grant(grant: VoiceGrant): string {
    const token = `fake-voice-${this.#nextToken++}-${randomBytes(6).toString('hex')}`;
    this.#grants.set(token, grant);
    return token;
  }

  // ---- inspection ----

  /** What the fake heard `user` (a bot or a simulated user; an id or anything with an `id`) send in a channel's call. */
  heard(channel: IdLike, user: IdLike): HeardAudio {
    return this.track(idOf(channel), idOf(user)).snapshot();
  }

  /** Forget what was heard in a channel (a test's fresh start). */
  resetHeard(channelId: string): void {
    for (const key of [...this.#tracks.keys()]) if (key.startsWith(`${channelId}:`)) this.#tracks.delete(key);
  }

  /** @internal The audio track of a sender in a call. */
  track(channelId: string, userId: string): AudioTrack {
    const key = `${channelId}:${userId}`;
    let track = this.#tracks.get(key);
    if (!track) {
      track = new AudioTrack({ lateAfterMs: this.options.lateAfterMs });
      this.#tracks.set(key, track);
    }
    return track;
  }

  /** The call of a channel, if anyone is in it. */
  call(channelId: string): FakeVoiceCall | undefined {
    return this.#calls.get(channelId);
  }

  /** A bot's voice session in a guild, if it has one. */
  session(guildId: string, userId: string): VoiceSession | undefined {
    return this.#sessions.get(`${guildId}:${userId}`);
  }

  // ---- simulated users ----

  /**
   * A simulated user joins `channelId`'s voice: its voice state is set (VOICE_STATE_UPDATE) and it
   * enters the call as a DAVE member. Resolves once it is in the call.
   */
  async join(channelId: string, userId: string): Promise<void> {
    const guildId = this.#guildOf(channelId, 'join');
    const call = await this.callOf(guildId, channelId);
    this.#hooks.setVoiceState(guildId, userId, channelId);
    call.addUser(userId);
  }

  /** A simulated user leaves `channelId`'s voice (VOICE_STATE_UPDATE with no channel). */
  leave(channelId: string, userId: string): void {
    const guildId = this.#guildOf(channelId, 'leave');
    this.#calls.get(channelId)?.removeUser(userId);
    this.#hooks.setVoiceState(guildId, userId, null);
  }

  /** A simulated user in `channelId`'s call plays a tone (see {@link ToneOptions}); resolves when it ends. */
  play(channelId: string, userId: string, tone: ToneOptions = {}): Promise<void> {
    const call = this.#calls.get(channelId);
    if (!call?.users.has(userId))
      return Promise.reject(
        new FakeDiscordError(
          `voice.play: user ${userId} is not in the call of channel ${channelId}; voice.join first.`,
        ),
      );
    return call.play(userId, tone);
  }

  /** Whether `userId` (a simulated user of `channelId`'s call) has DAVE keys: it can hear end-to-end encrypted audio. */
  hasKeys(channelId: string, userId: string): boolean {
    return this.#calls.get(channelId)?.users.get(userId)?.ready === true;
  }

  #guildOf(channelId: string, what: string): string {
    const guildId = this.#hooks.guildIdOfChannel(channelId);
    if (!guildId) throw new FakeDiscordError(`voice.${what}: unknown guild channel ${channelId}.`);
    return guildId;
  }

  // ---- faults ----

  /**
   * Close `userId`'s voice websocket in `channelId`'s call with `code` (4006, 4009, 4014, 4015,
   * 4017, 4022...). 4015 (voice server crashed) keeps the session for a Resume; every other code ends it.
   */
  closeConnection(channelId: string, userId: string, code: number, reason = 'Closed by the test.'): boolean {
    const session = [...this.#sessions.values()].find((s) => s.channelId === channelId && s.userId === userId);
    if (!session) return false;
    this.#closeSession(session, code, reason);
    return true;
  }

  /** Drop the next `count` UDP packets `userId` sends in `channelId`'s call (lost frames). */
  dropUdp(channelId: string, userId: string, count: number): void {
    const session = [...this.#sessions.values()].find((s) => s.channelId === channelId && s.userId === userId);
    if (session) session.dropUdp += count;
  }

  /** A forced DAVE re-key: the call's group is re-created (op 24 with epoch 1 to everyone). */
  rekey(channelId: string): void {
    this.#calls.get(channelId)?.dave?.recreate();
  }

  /** Stop: close every connection and the sockets. */
  async stop(): Promise<void> {
    for (const call of this.#calls.values()) call.end();
    for (const client of this.#wss.clients) client.terminate();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#net.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }

  // ---- calls ----

  /** @internal The call of a channel, made on first use. */
  async callOf(guildId: string, channelId: string): Promise<FakeVoiceCall> {
    let call = this.#calls.get(channelId);
    if (call) return call;
    const dave = this.options.dave === 'required' ? await createExternalSender() : undefined;
    call = this.#calls.get(channelId);
    if (call) return call;
    call = new FakeVoiceCall({ server: this, guildId, channelId, ...(dave ? { sender: dave } : {}) });
    this.#calls.set(channelId, call);
    return call;
  }

  /** @internal A call became empty. */
  callEnded(call: FakeVoiceCall): void {
    if (this.#calls.get(call.channelId) === call) this.#calls.delete(call.channelId);
    call.end();
  }

  /** @internal A new ssrc. */
  nextSsrc(): number {
    return this.#nextSsrc++;
  }

  /** @internal Send a datagram. */
  sendUdp(packet: Buffer, to: { address: string; port: number }): void {
    this.#udp.send(packet, to.port, to.address);
  }

  /** @internal The world's hooks. */
  get hooks(): VoiceWorldHooks {
    return this.#hooks;
  }

  // ---- websocket ----

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const place: Pending = { ws };
      ws.send(JSON.stringify({ op: VoiceOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } }));
      ws.on('message', (data, isBinary) => {
        try {
          this.#onMessage(place, data as Buffer, isBinary);
        } catch {
          this.#closeWs(place, VoiceCloseCodes.FailedToDecode, 'Failed to decode payload.');
        }
      });
      ws.on('close', () => {
        if (place.session && place.session.ws === ws) place.session.ws = undefined;
      });
    });
  }

  #closeWs(place: Pending, code: number, reason: string): void {
    this.closes.push({ userId: place.session?.userId ?? '', code });
    if (place.session && !RESUMABLE.has(code)) this.#endSession(place.session);
    place.ws.close(code, reason);
  }

  #closeSession(session: VoiceSession, code: number, reason: string): void {
    this.closes.push({ userId: session.userId, code });
    const ws = session.ws;
    if (!RESUMABLE.has(code)) this.#endSession(session);
    session.ws = undefined;
    ws?.close(code, reason);
  }

  #endSession(session: VoiceSession): void {
    const key = `${session.guildId}:${session.userId}`;
    if (this.#sessions.get(key) === session) this.#sessions.delete(key);
    this.#bySsrc.delete(session.ssrc);
    if (session.joined) this.#calls.get(session.channelId)?.removeBot(session);
    session.joined = false;
  }

  #onMessage(place: Pending, data: Buffer, isBinary: boolean): void {
    const session = place.session;
    if (isBinary) {
      if (!session?.joined) {
        this.#closeWs(place, VoiceCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      }
      const op = data[0];
      const payload = data.subarray(1);
      const dave = this.#calls.get(session.channelId)?.dave;
      if (!dave) return;
      if (op === DaveOp.KeyPackage) dave.keyPackage(session.userId, payload);
      else if (op === DaveOp.CommitWelcome) dave.commitWelcome(session.userId, payload);
      else this.#closeWs(place, VoiceCloseCodes.UnknownOpcode, 'Unknown opcode.');
      return;
    }
    const message = JSON.parse(data.toString()) as { op?: unknown; d?: Record<string, unknown> };
    const d = (message.d ?? {}) as Record<string, unknown>;
    switch (message.op) {
      case VoiceOpcodes.Identify: {
        this.#identify(place, d);
        return;
      }
      case VoiceOpcodes.Resume: {
        this.#resume(place, d);
        return;
      }
      case VoiceOpcodes.Heartbeat:
        session?.acknowledge(d.seq_ack);
        if (session) session.heartbeats++;
        place.ws.send(JSON.stringify({ op: VoiceOpcodes.HeartbeatAck, d: { t: d.t } }));
        return;
    }
    if (!session) {
      this.#closeWs(place, VoiceCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (message.op) {
      case VoiceOpcodes.SelectProtocol: {
        this.#selectProtocol(place, session, d);
        return;
      }
      case VoiceOpcodes.Speaking:
        session.speaking = typeof d.speaking === 'number' ? d.speaking : 0;
        this.#calls.get(session.channelId)?.speaking(session.userId, session.ssrc, session.speaking);
        return;
      case DaveOp.TransitionReady:
        this.#calls.get(session.channelId)?.dave?.ready(session.userId, Number(d.transition_id));
        return;
      case DaveOp.InvalidCommitWelcome:
        this.#calls.get(session.channelId)?.dave?.invalid(session.userId);
        return;
      default: {
        this.#closeWs(place, VoiceCloseCodes.UnknownOpcode, 'Unknown opcode.');
        return;
      }
    }
  }

  #identify(place: Pending, d: Record<string, unknown>): void {
    this.identifies.push({ ...d, token: d.token === undefined ? undefined : '[token]' });
    if (place.session) {
      this.#closeWs(place, VoiceCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const grant = typeof d.token === 'string' ? this.#grants.get(d.token) : undefined;
    if (!grant || grant.guildId !== d.server_id || grant.userId !== d.user_id || grant.sessionId !== d.session_id) {
      this.#closeWs(place, VoiceCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const maxDave = typeof d.max_dave_protocol_version === 'number' ? d.max_dave_protocol_version : 0;
    if (this.options.dave === 'required' && maxDave < 1) {
      this.#closeWs(place, VoiceCloseCodes.EndToEndEncryptionDAVEProtocolRequired, 'E2EE/DAVE protocol required.');
      return;
    }
    const key = `${grant.guildId}:${grant.userId}`;
    const old = this.#sessions.get(key);
    if (old) this.#closeSession(old, VoiceCloseCodes.SessionNoLongerValid, 'Session is no longer valid.');
    const session = new VoiceSession({
      ...grant,
      token: d.token as string,
      ssrc: this.nextSsrc(),
      maxDaveVersion: maxDave,
    });
    session.ws = place.ws;
    place.session = session;
    this.#sessions.set(key, session);
    this.#bySsrc.set(session.ssrc, session);
    session.send(VoiceOpcodes.Ready, {
      ssrc: session.ssrc,
      ip: '127.0.0.1',
      port: this.#port,
      modes: [...VOICE_ENCRYPTION_MODES],
      experiments: [],
    });
  }

  #resume(place: Pending, d: Record<string, unknown>): void {
    if (place.session) {
      this.#closeWs(place, VoiceCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const session = this.#sessions.get(`${d.server_id}:${this.#grants.get(String(d.token))?.userId}`);
    if (!session || session.sessionId !== d.session_id || session.token !== d.token) {
      this.#closeWs(place, VoiceCloseCodes.SessionNoLongerValid, 'Session is no longer valid.');
      return;
    }
    if (session.ws && session.ws !== place.ws) session.ws.terminate();
    session.ws = place.ws;
    place.session = session;
    session.replay(d.seq_ack);
    session.resumes++;
    session.sendUnsequenced(VoiceOpcodes.Resumed, null);
  }

  #selectProtocol(place: Pending, session: VoiceSession, d: Record<string, unknown>): void {
    const data = (d.data ?? {}) as Record<string, unknown>;
    if (d.protocol !== 'udp') {
      this.#closeWs(place, VoiceCloseCodes.UnknownProtocol, 'Unknown protocol.');
      return;
    }
    const mode = data.mode as VoiceEncryptionMode;
    if (!VOICE_ENCRYPTION_MODES.includes(mode)) {
      this.#closeWs(place, VoiceCloseCodes.UnknownEncryptionMode, 'Unknown encryption mode.');
      return;
    }
    if (typeof data.address !== 'string' || typeof data.port !== 'number') {
      this.#closeWs(place, VoiceCloseCodes.FailedToDecode, 'Failed to decode payload.');
      return;
    }
    session.mode = mode;
    session.secretKey ??= randomBytes(32);
    session.udp = { address: data.address, port: data.port };
    const describe = () =>
      session.send(VoiceOpcodes.SessionDescription, {
        mode,
        secret_key: [...session.secretKey!],
        dave_protocol_version: this.options.dave === 'required' ? 1 : 0,
        audio_codec: 'opus',
        video_codec: 'H264',
        media_session_id: randomBytes(16).toString('hex'),
      });
    if (session.joined) {
      describe();
      return;
    }
    session.joined = true;
    // The call (and its DAVE external sender) exists before the client hears op 4, so that its key package finds it.
    void this.callOf(session.guildId, session.channelId).then((call) => {
      if (!session.joined || this.#sessions.get(`${session.guildId}:${session.userId}`) !== session) return;
      describe();
      call.addBot(session);
    });
  }

  #voiceStateChanged(guildId: string, userId: string, channelId: string | null): void {
    const session = this.#sessions.get(`${guildId}:${userId}`);
    if (session && session.channelId !== channelId)
      this.#closeSession(session, VoiceCloseCodes.Disconnected, 'Disconnected.');
  }

  // ---- UDP ----

  #onUdp(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(msg.readUInt32BE(4), 4);
      reply.write(rinfo.address, 8, 'utf8');
      reply.writeUInt16BE(rinfo.port, 72);
      this.sendUdp(reply, rinfo);
      return;
    }
    if (msg.length === 8) {
      this.sendUdp(msg, rinfo); // keep-alive echo
      return;
    }
    const header = readRtpHeader(msg);
    if (!header) return;
    const session = this.#bySsrc.get(header.ssrc);
    if (!session?.joined || !session.mode || !session.secretKey) return;
    if (session.dropUdp > 0) {
      session.dropUdp--;
      return;
    }
    const track = this.track(session.channelId, session.userId);
    track.arrived(this.now(), header.sequence, header.timestamp);
    const frame = openRtp(session.mode, session.secretKey, msg);
    if (!frame) {
      track.badPackets++;
      return;
    }
    const call = this.#calls.get(session.channelId);
    if (frame.equals(OPUS_SILENCE_FRAME)) track.silenceFrames++;
    else if (isDaveFrame(frame)) {
      track.e2eeFrames++;
      const opus = call?.decryptFrom(session.userId, frame);
      if (opus) track.decoded(opus);
      else track.undecryptableFrames++;
    } else {
      track.plainFrames++;
      track.decoded(frame);
    }
    call?.forward(session, header, frame);
  }

  /** @internal Seal `frame` for `to` and send it (as the SFU forwards media). */
  forwardTo(to: VoiceSession, rtp: { sequence: number; timestamp: number; ssrc: number }, frame: Buffer): void {
    if (!to.mode || !to.secretKey || !to.udp) return;
    to.counter = (to.counter + 1) >>> 0;
    this.sendUdp(sealRtp(to.mode, to.secretKey, { ...rtp, counter: to.counter }, frame), to.udp);
  }
}
