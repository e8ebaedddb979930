/**
 * The voice gateway (v8) side of the fake voice server: one websocket per connection, Hello on
 * open, then Identify or Resume, Select Protocol, Heartbeats, Speaking and the DAVE opcodes a client
 * sends (23, 26, 28, 31). Sessions (see voice-session.ts) outlive a websocket so that Resume works;
 * a close with any code but 4015 ends the session and takes it out of its call. What each message
 * must hold, and the close code when it does not, is Discord's (see the README's voice section).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TimerHandle } from '@kokoro/common';
import { VoiceCloseCodes, VoiceOpcodes } from 'discord-api-types/voice/v8';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeVoiceCall } from './call.js';
import { DaveOp } from './dave-group.js';
import type { VoiceServerCore } from './server-core.js';
import type { VoiceEncryptionMode } from './transport.js';
import { VoiceSession } from './voice-session.js';

/** Close codes after which a session may Resume; every other one ends it. */
const RESUMABLE = new Set<number>([VoiceCloseCodes.VoiceServerCrashed]);

/** A voice websocket and, once it identified or resumed, its session. */
interface Pending {
  ws: WebSocket;
  /** The port of the endpoint the websocket came to. */
  port: number;
  session?: VoiceSession;
  /** Closes with 4009 when no heartbeat came for two intervals. */
  timer?: TimerHandle;
}

/** The voice gateway of a `FakeVoiceServer` (server.ts). */
export class VoiceGateway {
  readonly #s: VoiceServerCore<FakeVoiceCall>;
  readonly #wss = new WebSocketServer({ noServer: true });

  constructor(server: VoiceServerCore<FakeVoiceCall>) {
    this.#s = server;
  }

  /** Close every websocket. */
  terminateAll(): void {
    for (const client of this.#wss.clients) client.terminate();
  }

  /** A websocket upgrade on the voice port: Hello, then the protocol. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const place: Pending = { ws, port };
      ws.send(
        JSON.stringify({ op: VoiceOpcodes.Hello, d: { heartbeat_interval: this.#s.options.heartbeatIntervalMs } }),
      );
      this.#watch(place);
      ws.on('message', (data, isBinary) => {
        try {
          this.#onMessage(place, data as Buffer, isBinary);
        } catch {
          this.#closeWs(place, VoiceCloseCodes.FailedToDecode, 'Failed to decode payload.');
        }
      });
      ws.on('close', () => {
        this.#s.clock.clearTimeout(place.timer);
        if (place.session && place.session.ws === ws) place.session.ws = undefined;
      });
    });
  }

  /** (Re)start the heartbeat watch: two intervals without one close the connection with 4009. */
  #watch(place: Pending): void {
    this.#s.clock.clearTimeout(place.timer);
    place.timer = this.#s.clock.setTimeout(() => {
      if (place.ws.readyState === place.ws.OPEN)
        this.#closeWs(place, VoiceCloseCodes.SessionTimeout, 'Session timed out.');
    }, 2 * this.#s.options.heartbeatIntervalMs);
  }

  #closeWs(place: Pending, code: number, reason: string): void {
    this.#s.closes.push({ userId: place.session?.userId ?? '', code });
    if (place.session && !RESUMABLE.has(code)) this.#endSession(place.session);
    place.ws.close(code, reason);
  }

  /** Close a session's websocket with `code`; every code but 4015 ends the session. */
  closeSession(session: VoiceSession, code: number, reason: string): void {
    this.#s.closes.push({ userId: session.userId, code });
    const ws = session.ws;
    if (!RESUMABLE.has(code)) this.#endSession(session);
    session.ws = undefined;
    ws?.close(code, reason);
  }

  #endSession(session: VoiceSession): void {
    const key = `${session.guildId}:${session.userId}`;
    if (this.#s.sessions.get(key) === session) this.#s.sessions.delete(key);
    this.#s.bySsrc.delete(session.ssrc);
    if (session.joined) this.#s.calls.get(session.channelId)?.removeBot(session);
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
      const dave = this.#s.calls.get(session.channelId)?.dave;
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
        this.#watch(place);
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
        this.#s.calls.get(session.channelId)?.speaking(session.userId, session.ssrc, session.speaking);
        return;
      case DaveOp.TransitionReady:
        this.#s.calls.get(session.channelId)?.dave?.ready(session.userId, Number(d.transition_id));
        return;
      case DaveOp.InvalidCommitWelcome:
        this.#s.calls.get(session.channelId)?.dave?.invalid(session.userId);
        return;
      default: {
        this.#closeWs(place, VoiceCloseCodes.UnknownOpcode, 'Unknown opcode.');
        return;
      }
    }
  }

  #identify(place: Pending, d: Record<string, unknown>): void {
    this.#s.identifies.push({ ...d, token: d.token === undefined ? undefined : '[token]' });
    if (place.session) {
      this.#closeWs(place, VoiceCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const grant = typeof d.token === 'string' ? this.#s.grants.get(d.token) : undefined;
    if (
      !grant ||
      grant.guildId !== d.server_id ||
      grant.userId !== d.user_id ||
      grant.sessionId !== d.session_id ||
      grant.port !== place.port
    ) {
      this.#closeWs(place, VoiceCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const maxDave = typeof d.max_dave_protocol_version === 'number' ? d.max_dave_protocol_version : 0;
    if (this.#s.options.dave === 'required' && maxDave < 1) {
      this.#closeWs(place, VoiceCloseCodes.EndToEndEncryptionDAVEProtocolRequired, 'E2EE/DAVE protocol required.');
      return;
    }
    const key = `${grant.guildId}:${grant.userId}`;
    const old = this.#s.sessions.get(key);
    if (old) this.closeSession(old, VoiceCloseCodes.SessionNoLongerValid, 'Session is no longer valid.');
    const session = new VoiceSession({
      ...grant,
      token: d.token as string,
      ssrc: this.#s.nextSsrc(),
      port: place.port,
      maxDaveVersion: maxDave,
    });
    session.ws = place.ws;
    place.session = session;
    this.#s.sessions.set(key, session);
    this.#s.bySsrc.set(session.ssrc, session);
    session.send(VoiceOpcodes.Ready, {
      ssrc: session.ssrc,
      ip: '127.0.0.1',
      port: place.port,
      modes: [...this.#s.options.modes],
      experiments: [],
    });
  }

  #resume(place: Pending, d: Record<string, unknown>): void {
    if (place.session) {
      this.#closeWs(place, VoiceCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const session = this.#s.sessions.get(`${d.server_id}:${this.#s.grants.get(String(d.token))?.userId}`);
    if (!session || session.sessionId !== d.session_id || session.token !== d.token || session.port !== place.port) {
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
    if (!this.#s.options.modes.includes(mode)) {
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
    const describe = (call: FakeVoiceCall | undefined) =>
      session.send(VoiceOpcodes.SessionDescription, {
        mode,
        secret_key: [...session.secretKey!],
        dave_protocol_version: call?.protocolVersionFor(session.maxDaveVersion) ?? 0,
        audio_codec: 'opus',
        video_codec: 'H264',
        media_session_id: randomBytes(16).toString('hex'),
      });
    if (session.joined) {
      describe(this.#s.calls.get(session.channelId));
      return;
    }
    session.joined = true;
    // The call (and its DAVE external sender) exists before the client hears op 4, so that its key package finds it.
    void this.#s.callOf(session.guildId, session.channelId).then((call) => {
      if (!session.joined || this.#s.sessions.get(`${session.guildId}:${session.userId}`) !== session) return;
      describe(call);
      call.addBot(session);
    });
  }

  /** A voice state changed in the world: a bot that left or moved its channel is closed with 4014. */
  voiceStateChanged(guildId: string, userId: string, channelId: string | null): void {
    const session = this.#s.sessions.get(`${guildId}:${userId}`);
    if (session && session.channelId !== channelId)
      this.closeSession(session, VoiceCloseCodes.Disconnected, 'Disconnected.');
  }
}
