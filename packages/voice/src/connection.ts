/**
 * A voice connection: one bot in one voice channel of a guild.
 *
 * Joining: op 4 on the guild's shard; Discord answers on the main gateway with our
 * VOICE_STATE_UPDATE (the voice session id) and a VOICE_SERVER_UPDATE (token, endpoint). Then the
 * voice gateway (v8): Hello, Identify (with `max_dave_protocol_version`), Ready (SSRC, UDP address,
 * modes), UDP IP discovery, Select Protocol, Session Description (key, mode, DAVE version), and,
 * with DAVE, the MLS group join. The connection is `Ready` (and `voiceJoin` resolves) once audio
 * can be sent: the session is described and the DAVE group is established (or DAVE is off).
 *
 * Faults (see close-codes.ts): a dropped socket resumes on a new socket (op 7 with `seq_ack`, the
 * server replays what we missed); 4006/4009 re-join through the main gateway; 4014 waits briefly
 * for a move; 4017 and other refusals fail once and never retry. A new VOICE_SERVER_UPDATE (region
 * change) or a move to another channel starts a new voice session. Resumes back off and are
 * bounded, so no fault makes a loop.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { Clock, Logger, TimerHandle } from '@kokoro/common';
import { VoiceOpcodes } from 'discord-api-types/voice/v8';
import { voiceCloseAction, voiceCloseMessage } from './close-codes.js';
import { VoiceConnectionStatus } from './connection-state.js';
import { DaveSession, maxDaveProtocolVersion } from './dave/dave-session.js';
import { VoiceCloseError, VoiceConnectionDestroyedError, VoiceError, VoiceJoinTimeoutError } from './errors.js';
import { VoiceGateway } from './gateway/voice-gateway.js';
import type { RawDispatch, VoiceHost } from './host.js';
import { AudioPlayer, type PlayerOptions, type PlayOptions } from './play/player.js';
import type { AudioInput } from './play/source.js';
import { chooseEncryptionMode, type EncryptionMode } from './protocol/transport-crypto.js';
import { type ReceiveOptions, VoiceReceiver } from './receive/receiver.js';
import type { PacedFrame } from './transport/pacer.js';
import type { ReceivedPacket, VoiceTransport } from './transport/transport.js';

/** Options of a voice connection (the second argument of `client.voiceJoin`). */
export interface VoiceConnectionOptions {
  /** Join muted (default false). */
  selfMute?: boolean;
  /** Join deafened (default false); a deafened bot receives no audio. */
  selfDeaf?: boolean;
  /** Offer DAVE end-to-end encryption (default true; Discord requires it, so `false` gets 4017). */
  dave?: boolean;
  /** Prefer this transport encryption mode when the server offers it (default: Discord's order). */
  encryption?: EncryptionMode;
  /** Player tuning (frames buffered ahead on the voice thread, encoding batch). */
  player?: PlayerOptions;
  /**
   * When nobody else is in the call, how long to wait for the DAVE group before counting the
   * connection ready anyway (default 2000 ms): a lone member may have no group to join, and its
   * frames are end-to-end encrypted as soon as one forms.
   */
  aloneGroupWait?: number;
  /** How long joining may take before `voiceJoin` rejects (default 15000 ms). */
  timeout?: number;
  /** Resume attempts in a row before giving up (default 5). */
  maxResumes?: number;
  /** Clock for timeouts, heartbeats and back-off (default: the system clock). */
  clock?: Clock;
  /** Builds the UDP side (default: a socket in the voice thread). */
  transport?: (address: { host: string; port: number }) => VoiceTransport;
  /** Where the connection logs (default: the client's logger). */
  logger?: Logger;
}

/** Events of a voice connection. */
export interface VoiceConnectionEvents {
  /** The status moved (see `VoiceConnectionStatus`). */
  stateChange: [from: VoiceConnectionStatus, to: VoiceConnectionStatus];
  /** Audio can be sent (and the DAVE group is joined, when DAVE is on). */
  ready: [];
  /** Something failed; the connection may go on (a resume) or end (`destroyed` follows). */
  error: [error: Error];
  /** The connection ended for good; `reason` says why. */
  destroyed: [reason: string];
  /** A user's SSRC became known or their speaking flags changed. */
  speaking: [userId: string, ssrc: number, flags: number];
  /** Users joined the call (op 11). */
  clientConnect: [userIds: string[]];
  /** A user left the call (op 13). */
  clientDisconnect: [userId: string];
  /** A DAVE transition executed. */
  transition: [transitionId: number, protocolVersion: number];
  /** The DAVE group was dropped for a new one; frames queued ahead must be encrypted again. */
  daveReset: [];
  /** An audio packet from another user, after transport decryption (still DAVE-encrypted). */
  packet: [packet: ReceivedPacket, userId: string | undefined];
  /** `count` queued frames left the socket. */
  framesSent: [count: number];
  /** The send queue ran empty. */
  drained: [];
}

interface ServerInfo {
  token: string;
  endpoint: string;
}

/** Build the voice gateway URL from VOICE_SERVER_UPDATE's endpoint. */
export function voiceGatewayUrl(endpoint: string): string {
  if (/^wss?:\/\//.test(endpoint)) {
    const url = new URL(endpoint);
    url.searchParams.set('v', '8');
    return url.toString();
  }
  const host = endpoint.replace(/:443$/, '');
  const loopback = /^(127\.|localhost(:|$)|\[::1\])/.test(host);
  return `${loopback ? 'ws' : 'wss'}://${host}/?v=8`;
}

/** One bot's connection to one voice channel. */
export class VoiceConnection extends EventEmitter<VoiceConnectionEvents> {
  /** The guild. */
  readonly guildId: string;
  /** The channel we are in (changes on a move). */
  channelId: string;
  /** The connection's state. */
  status = VoiceConnectionStatus.Signalling;
  /** Our SSRC, once Ready arrived. */
  ssrc = 0;
  /** The transport encryption mode in use. */
  mode: EncryptionMode | undefined;
  /** Users connected to the voice channel (op 11/13), other than us. */
  readonly connectedUsers = new Set<string>();
  /** SSRC -> user id (op 5 from the server). */
  readonly ssrcUsers = new Map<number, string>();
  /** Frames queued on the transport and not reported sent yet. */
  queuedFrames = 0;
  /** The DAVE side (undefined when DAVE is off). */
  dave: DaveSession | undefined;
  /** The player, once `play` was called. */
  player: AudioPlayer | undefined;

  /** The client it belongs to, as the connection sees it (sends op 4, receives voice events). */
  readonly host: VoiceHost;
  /** The options it was made with. */
  readonly options: VoiceConnectionOptions;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #unsubscribe: (() => void)[] = [];
  #sessionId: string | undefined;
  #server: ServerInfo | undefined;
  #gateway: VoiceGateway | undefined;
  #transport: VoiceTransport | undefined;
  #resumes = 0;
  #rejoins = 0;
  #timer: TimerHandle | undefined;
  #joinTimer: TimerHandle | undefined;
  #ready: { resolve(): void; reject(error: Error): void; promise: Promise<void> };
  #speaking = false;
  #receiver: VoiceReceiver | undefined;
  /** Our channel changed on the main gateway since the voice session started (a move). */
  #moved = false;

  constructor(host: VoiceHost, guildId: string, channelId: string, options: VoiceConnectionOptions, clock: Clock) {
    super();
    this.host = host;
    this.guildId = guildId;
    this.channelId = channelId;
    this.options = options;
    this.#clock = clock;
    this.#logger = options.logger ?? host.logger;
    this.#ready = deferred();
    this.#unsubscribe.push(
      host.onGatewayPayload({ t: 'VOICE_STATE_UPDATE' }, (_client, payload) => this.#onVoiceState(payload)),
      host.onGatewayPayload({ t: 'VOICE_SERVER_UPDATE' }, (_client, payload) => this.#onVoiceServer(payload)),
    );
  }

  /** Resolves when the connection is Ready; rejects if joining fails or times out. */
  get ready(): Promise<void> {
    return this.#ready.promise;
  }

  /** Round trip of the last voice heartbeat, in ms. */
  get ping(): number | undefined {
    return this.#gateway?.ping;
  }

  /** The voice session id (from our VOICE_STATE_UPDATE). */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** Send op 4 and wait for Ready. */
  async join(): Promise<this> {
    const timeout = this.options.timeout ?? 15_000;
    this.#joinTimer = this.#clock.setTimeout(() => {
      if (this.status === VoiceConnectionStatus.Ready) return;
      const step =
        this.status === VoiceConnectionStatus.Signalling
          ? 'waiting for VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE'
          : `in state "${this.status}"`;
      this.#fail(new VoiceJoinTimeoutError(step, timeout));
    }, timeout);
    try {
      await this.#sendVoiceState(this.channelId);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new VoiceError(String(error)));
    }
    await this.#ready.promise;
    return this;
  }

  /** Move to another voice channel of the same guild; resolves when Ready there. */
  async move(channel: string): Promise<void> {
    this.#assertAlive('move');
    if (channel === this.channelId) return;
    this.channelId = channel;
    this.dave?.setChannel(channel);
    this.#ready = deferred();
    this.#setStatus(VoiceConnectionStatus.Signalling);
    this.#closeSession();
    await this.#sendVoiceState(channel);
    await this.#ready.promise;
  }

  /** Leave the channel (op 4 with no channel) and release everything; idempotent. */
  async leave(): Promise<void> {
    if (this.status === VoiceConnectionStatus.Destroyed) return;
    // Discord confirms a leave with our VOICE_STATE_UPDATE without a channel; wait for it (briefly),
    // so that a join right after does not take that confirmation for its own answer.
    let unsubscribe = (): void => undefined;
    const confirmed = new Promise<void>((resolve) => {
      const timer = this.#clock.setTimeout(resolve, 2000);
      unsubscribe = this.host.onGatewayPayload({ t: 'VOICE_STATE_UPDATE' }, (_client, payload) => {
        const d = payload.d as { guild_id?: string; user_id: string; channel_id: string | null };
        if (d.guild_id === this.guildId && d.user_id === this.host.id && d.channel_id === null) {
          this.#clock.clearTimeout(timer);
          resolve();
        }
      });
    });
    this.destroy('left');
    try {
      await this.host.updateVoiceState(this.guildId, null, this.#voiceStateFlags());
      await confirmed;
    } catch (error) {
      this.#logger?.debug({ err: String(error) }, 'voice leave: op 4 could not be sent');
    } finally {
      unsubscribe();
    }
  }

  /** Release everything without telling Discord (the client is stopping). */
  destroy(reason = 'destroyed'): void {
    if (this.status === VoiceConnectionStatus.Destroyed) return;
    this.player?.stop();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#clock.clearTimeout(this.#timer);
    this.#clock.clearTimeout(this.#joinTimer);
    this.#closeSession();
    this.#setStatus(VoiceConnectionStatus.Destroyed);
    this.#ready.reject(new VoiceConnectionDestroyedError('voice join'));
    this.emit('destroyed', reason);
  }

  /**
   * Play `input` (a path, Buffer, stream or async iterable; PCM, WAV, Ogg/Opus, or anything through
   * ffmpeg): queued after what is playing. Returns the player (`volume`, `pause`, `resume`, `stop`,
   * `queue`, `finished`, events). Throws at once for bad input or a missing ffmpeg.
   */
  play(input: AudioInput, options: PlayOptions = {}): AudioPlayer {
    this.#assertAlive('play');
    this.player ??= new AudioPlayer(this, this.options.player);
    return this.player.play(input, options);
  }

  /** A stream of `user`'s audio: PCM (s16le 48 kHz stereo) or, with `{ format: 'opus' }`, Opus packets. */
  receive(user: string | { id: string }, options: ReceiveOptions = {}): Readable {
    this.#assertAlive('receive');
    this.#receiver ??= new VoiceReceiver(this, this.#clock);
    return this.#receiver.subscribe(typeof user === 'string' ? user : user.id, options);
  }

  /** Set our speaking flags (op 5); the player does this around audio. */
  setSpeaking(speaking: boolean): void {
    if (this.#speaking === speaking) return;
    this.#speaking = speaking;
    this.#gateway?.send(VoiceOpcodes.Speaking, { speaking: speaking ? 1 : 0, delay: 0, ssrc: this.ssrc });
  }

  /**
   * Queue Opus frames for sending (end-to-end encrypted here when DAVE is active). Returns false
   * when there is no transport to send on (not ready); the frames are then dropped.
   */
  sendFrames(frames: readonly PacedFrame[]): boolean {
    const transport = this.#transport;
    if (!transport || !this.mode || this.status === VoiceConnectionStatus.Destroyed) return false;
    const dave = this.dave;
    const out = dave
      ? frames.map((frame) => ({ payload: dave.encrypt(frame.payload), samples: frame.samples }))
      : frames;
    this.queuedFrames += out.length;
    transport.push(out);
    return true;
  }

  /** Take back the frames not sent yet (still end-to-end encrypted as queued). */
  async takeQueuedFrames(): Promise<PacedFrame[]> {
    const frames = (await this.#transport?.flush()) ?? [];
    // Sends are reported before the flush answers, so what is left was pushed after it.
    this.queuedFrames = Math.max(0, this.queuedFrames - frames.length);
    return frames;
  }

  /** Whether frames can be queued now. */
  get canSend(): boolean {
    return this.status === VoiceConnectionStatus.Ready || this.status === VoiceConnectionStatus.Resuming;
  }

  /** Pacing figures of the current transport. */
  async transportStats() {
    return (await this.#transport?.stats()) ?? { sent: 0, late: 0, resyncs: 0, maxLateMs: 0 };
  }

  // ---- main gateway side ----

  #voiceStateFlags() {
    return { selfMute: this.options.selfMute ?? false, selfDeaf: this.options.selfDeaf ?? false };
  }

  async #sendVoiceState(channel: string): Promise<void> {
    await this.host.updateVoiceState(this.guildId, channel, this.#voiceStateFlags());
  }

  #onVoiceState(payload: RawDispatch): void {
    const d = payload.d as { guild_id?: string; user_id: string; channel_id: string | null; session_id: string };
    if (d.guild_id !== this.guildId || d.user_id !== this.host.id) return;
    if (d.channel_id === null) {
      // While signalling, a null channel is the answer to an earlier leave of this guild.
      if (this.status === VoiceConnectionStatus.Signalling) return;
      if (this.status !== VoiceConnectionStatus.Destroyed) this.destroy('disconnected from the channel');
      return;
    }
    const sessionChanged = this.#sessionId !== undefined && this.#sessionId !== d.session_id;
    this.#sessionId = d.session_id;
    if (d.channel_id !== this.channelId) {
      this.#moved = true;
      this.channelId = d.channel_id;
      this.dave?.setChannel(d.channel_id);
    }
    if (sessionChanged && this.#server) this.#connect(false);
    else this.#maybeConnect();
  }

  #onVoiceServer(payload: RawDispatch): void {
    const d = payload.d as { guild_id: string; token: string; endpoint: string | null };
    if (d.guild_id !== this.guildId) return;
    if (!d.endpoint) {
      // The voice server is being reallocated: the next update has the new one.
      this.#closeSession();
      this.#server = undefined;
      return;
    }
    const changed = this.#server !== undefined;
    this.#server = { token: d.token, endpoint: d.endpoint };
    if (changed) this.#connect(false);
    else this.#maybeConnect();
  }

  #maybeConnect(): void {
    if (this.#sessionId && this.#server && !this.#gateway) this.#connect(false);
  }

  // ---- voice gateway side ----

  #connect(resume: boolean): void {
    const server = this.#server;
    if (!server || !this.#sessionId || this.status === VoiceConnectionStatus.Destroyed) return;
    const previous = this.#gateway;
    const sequence = resume ? (previous?.sequence ?? -1) : -1;
    if (!resume) this.#closeSession();
    else previous?.close(4000, 'resuming');
    this.#moved = false;
    this.#clock.clearTimeout(this.#timer);
    this.#setStatus(resume ? VoiceConnectionStatus.Resuming : VoiceConnectionStatus.Connecting);
    const gateway: VoiceGateway = new VoiceGateway({
      url: voiceGatewayUrl(server.endpoint),
      clock: this.#clock,
      sequence,
      logger: this.#logger,
      handlers: {
        open: () => {
          if (this.#gateway !== gateway) return;
          if (resume) {
            gateway.send(VoiceOpcodes.Resume, {
              server_id: this.guildId,
              session_id: this.#sessionId,
              token: server.token,
              seq_ack: gateway.sequence,
            });
          } else {
            gateway.send(VoiceOpcodes.Identify, {
              server_id: this.guildId,
              user_id: this.host.id,
              session_id: this.#sessionId,
              token: server.token,
              max_dave_protocol_version: this.options.dave === false ? 0 : maxDaveProtocolVersion(),
            });
          }
        },
        payload: (op, d) => {
          if (this.#gateway === gateway) this.#onPayload(op, d);
        },
        binary: (op, payload) => {
          if (this.#gateway === gateway) this.#onBinary(op, payload);
        },
        close: (code, reason) => {
          if (this.#gateway === gateway) this.#onClose(code, reason);
        },
      },
    });
    this.#gateway = gateway;
  }

  #onPayload(op: number, d: unknown): void {
    this.#logger?.trace({ op }, 'voice gateway payload');
    switch (op) {
      case VoiceOpcodes.Ready:
        this.#onReady(d as { ssrc: number; ip: string; port: number; modes: string[] });
        return;
      case VoiceOpcodes.SessionDescription:
        this.#onSessionDescription(d as { mode: EncryptionMode; secret_key: number[]; dave_protocol_version?: number });
        return;
      case VoiceOpcodes.Resumed:
        this.#resumes = 0;
        if (this.#transport && this.mode) this.#becomeReadyIfGroupJoined();
        return;
      case VoiceOpcodes.Speaking: {
        const speaking = d as { user_id: string; ssrc: number; speaking: number };
        this.ssrcUsers.set(speaking.ssrc, speaking.user_id);
        this.emit('speaking', speaking.user_id, speaking.ssrc, speaking.speaking);
        return;
      }
      case VoiceOpcodes.ClientsConnect: {
        const ids = (d as { user_ids: string[] }).user_ids;
        for (const id of ids) this.connectedUsers.add(id);
        this.emit('clientConnect', ids);
        return;
      }
      case VoiceOpcodes.ClientDisconnect: {
        const id = (d as { user_id: string }).user_id;
        this.connectedUsers.delete(id);
        for (const [ssrc, user] of this.ssrcUsers) if (user === id) this.ssrcUsers.delete(ssrc);
        this.emit('clientDisconnect', id);
        return;
      }
      case VoiceOpcodes.DavePrepareTransition: {
        const t = d as { transition_id: number; protocol_version: number };
        this.dave?.prepareTransition(t.transition_id, t.protocol_version);
        return;
      }
      case VoiceOpcodes.DaveExecuteTransition:
        this.dave?.executeTransition((d as { transition_id: number }).transition_id);
        return;
      case VoiceOpcodes.DavePrepareEpoch: {
        const e = d as { epoch: number; protocol_version: number };
        this.#ensureDave(e.protocol_version);
        this.dave?.prepareEpoch(e.epoch, e.protocol_version);
        return;
      }
      default:
        return;
    }
  }

  #onBinary(op: number, payload: Buffer): void {
    const dave = this.dave;
    this.#logger?.trace({ op, bytes: payload.length }, 'voice gateway binary message');
    if (!dave) return;
    try {
      switch (op) {
        case VoiceOpcodes.DaveMlsExternalSender:
          dave.setExternalSender(payload);
          return;
        case VoiceOpcodes.DaveMlsProposals:
          dave.processProposals(payload, this.connectedUsers);
          return;
        case VoiceOpcodes.DaveMlsAnnounceCommitTransition:
          dave.processCommit(payload);
          return;
        case VoiceOpcodes.DaveMlsWelcome:
          dave.processWelcome(payload);
          return;
        default:
          return;
      }
    } catch (error) {
      this.#logger?.warn({ err: String(error), op }, 'DAVE message could not be processed');
    }
  }

  #onReady(d: { ssrc: number; ip: string; port: number; modes: string[] }): void {
    this.ssrc = d.ssrc;
    this.#setStatus(VoiceConnectionStatus.Handshaking);
    let mode: EncryptionMode;
    try {
      mode = chooseEncryptionMode(d.modes, this.options.encryption);
    } catch (error) {
      this.#fail(error as Error);
      return;
    }
    this.#transport?.close();
    const factory = this.options.transport;
    const transport = factory ? factory({ host: d.ip, port: d.port }) : undefined;
    if (!transport) {
      this.#fail(new VoiceError('no voice transport factory'));
      return;
    }
    this.#transport = transport;
    transport.on('sent', (count) => {
      if (this.#transport !== transport) return;
      this.queuedFrames = Math.max(0, this.queuedFrames - count);
      this.emit('framesSent', count);
    });
    transport.on('drained', () => {
      if (this.#transport === transport) this.emit('drained');
    });
    transport.on('packet', (packet) => this.emit('packet', packet, this.ssrcUsers.get(packet.ssrc)));
    transport.on('error', (error) => this.#logger?.warn({ err: error.message }, 'voice UDP error'));
    const gateway = this.#gateway;
    transport.discover(d.ssrc).then(
      ({ address, port }) => {
        if (this.#gateway !== gateway || this.#transport !== transport) return;
        gateway?.send(VoiceOpcodes.SelectProtocol, { protocol: 'udp', data: { address, port, mode } });
      },
      (error: Error) => {
        if (this.#transport === transport) this.#fail(error);
      },
    );
  }

  #onSessionDescription(d: { mode: EncryptionMode; secret_key: number[]; dave_protocol_version?: number }): void {
    this.mode = d.mode;
    this.#transport?.configure({ ssrc: this.ssrc, mode: d.mode, secretKey: d.secret_key });
    this.#setStatus(VoiceConnectionStatus.JoiningGroup);
    this.#ensureDave(d.dave_protocol_version ?? 0, true);
    this.#becomeReadyIfGroupJoined();
    if (this.status === VoiceConnectionStatus.JoiningGroup) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = this.#clock.setTimeout(() => {
        if (this.status === VoiceConnectionStatus.JoiningGroup && this.connectedUsers.size === 0) {
          this.#becomeReady();
        }
      }, this.options.aloneGroupWait ?? 2000);
    }
  }

  /** Create the DAVE side (when DAVE is on); `fresh` re-creates it for a new voice session. */
  #ensureDave(protocolVersion: number, fresh = false): void {
    if (this.options.dave === false) return;
    if (this.dave && !fresh) return;
    this.dave?.destroy();
    const outbox = {
      binary: (op: number, payload: Buffer) => this.#gateway?.sendBinary(op, payload),
      json: (op: number, d: unknown) => this.#gateway?.send(op, d),
    };
    this.dave = new DaveSession(protocolVersion, this.host.id, this.channelId, outbox, {
      transitioned: (id, version) => {
        this.emit('transition', id, version);
        this.#becomeReadyIfGroupJoined();
      },
      debug: (message) => this.#logger?.debug(`DAVE: ${message}`),
      reset: () => this.emit('daveReset'),
    });
  }

  #becomeReadyIfGroupJoined(): void {
    if (!this.mode || this.status === VoiceConnectionStatus.Destroyed) return;
    const dave = this.dave;
    if (dave && dave.protocolVersion > 0 && !dave.active) return;
    this.#becomeReady();
  }

  #becomeReady(): void {
    if (this.status === VoiceConnectionStatus.Ready) return;
    this.#clock.clearTimeout(this.#timer);
    this.#resumes = 0;
    this.#rejoins = 0;
    this.#clock.clearTimeout(this.#joinTimer);
    this.#setStatus(VoiceConnectionStatus.Ready);
    this.#ready.resolve();
    this.emit('ready');
  }

  #onClose(code: number, reason: string): void {
    if (this.status === VoiceConnectionStatus.Destroyed) return;
    const action = voiceCloseAction(code);
    this.#logger?.debug({ code, reason, action }, 'voice gateway closed');
    switch (action) {
      case 'fatal':
        this.#fail(new VoiceCloseError(code, voiceCloseMessage(code)));
        return;
      case 'disconnected':
        this.#closeSession();
        if (this.#moved && code === 4014 && this.#server && this.#sessionId) {
          // Moved to another channel: a new voice session on the same server.
          this.#connect(false);
          return;
        }
        this.#setStatus(VoiceConnectionStatus.Disconnected);
        // A move or a new server follows a 4014 quickly; otherwise we were removed.
        this.#timer = this.#clock.setTimeout(() => {
          if (this.status === VoiceConnectionStatus.Disconnected) this.destroy(`disconnected (${code})`);
        }, 5000);
        return;
      case 'rejoin':
        if (++this.#rejoins > 3) {
          this.#fail(new VoiceCloseError(code, 'the voice session kept being invalidated; giving up'));
          return;
        }
        this.#closeSession();
        this.#sessionId = undefined;
        this.#server = undefined;
        this.#setStatus(VoiceConnectionStatus.Signalling);
        void this.#sendVoiceState(this.channelId).catch((error: unknown) => this.#fail(error as Error));
        return;
      case 'resume': {
        if (!this.#transport || !this.mode) {
          // Nothing to resume yet: start the session again.
          if (++this.#resumes > (this.options.maxResumes ?? 5)) {
            this.#fail(new VoiceCloseError(code, 'the voice gateway kept closing while connecting'));
            return;
          }
          this.#retryLater(() => this.#connect(false));
          return;
        }
        if (++this.#resumes > (this.options.maxResumes ?? 5)) {
          this.#fail(
            new VoiceCloseError(code, `the voice gateway closed ${this.#resumes - 1} times in a row; giving up`),
          );
          return;
        }
        this.#setStatus(VoiceConnectionStatus.Resuming);
        this.#retryLater(() => this.#connect(true));
        return;
      }
    }
  }

  /** Back off: 0 ms for the first retry, then 1 s, 2 s, 4 s... */
  #retryLater(action: () => void): void {
    const attempt = Math.max(this.#resumes, this.#rejoins);
    const delay = attempt <= 1 ? 0 : Math.min(1000 * 2 ** (attempt - 2), 15_000);
    this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(action, delay);
  }

  /** Close the voice socket and UDP of the current session. */
  #closeSession(): void {
    const gateway = this.#gateway;
    this.#gateway = undefined;
    gateway?.close(1000);
    this.#transport?.close();
    this.#transport = undefined;
    this.mode = undefined;
    this.queuedFrames = 0;
    this.#speaking = false;
  }

  #fail(error: Error): void {
    if (this.status === VoiceConnectionStatus.Destroyed) return;
    const joining = this.status !== VoiceConnectionStatus.Ready;
    this.#ready.reject(error);
    if (!joining || this.listenerCount('error') > 0) {
      if (this.listenerCount('error') > 0) this.emit('error', error);
      else this.#logger?.error({ err: error.message }, 'voice connection failed');
    }
    this.destroy(error.message);
    void this.host.updateVoiceState(this.guildId, null, this.#voiceStateFlags()).catch(() => undefined);
  }

  #assertAlive(what: string): void {
    if (this.status === VoiceConnectionStatus.Destroyed) throw new VoiceConnectionDestroyedError(what);
  }

  #setStatus(status: VoiceConnectionStatus): void {
    const from = this.status;
    if (from === status) return;
    this.status = status;
    this.emit('stateChange', from, status);
  }
}

function deferred(): { resolve(): void; reject(error: Error): void; promise: Promise<void> } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { resolve, reject, promise };
}
