/**
 * `FakeVoiceServer`: Discord's voice server on loopback — voice gateway v8 over websocket (plain
 * `ws://` or `wss://` on one port, endpoint.ts; the protocol is voice-gateway.ts) and voice UDP on
 * the same port number (media.ts). The fake gateway's VOICE_SERVER_UPDATE points at it, with a
 * token it granted for that bot, guild, channel and gateway session.
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
 * (simulated-user.ts, call.ts). Faults: close a session with any code, drop its UDP packets, re-key the group.
 */
import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '@kokoro/common';
import type { VoiceGrant, VoiceServerSeam } from '../gateway/voice.js';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import { AudioTrack, type HeardAudio } from './audio.js';
import { FakeVoiceCall, type ToneOptions } from './call.js';
import { VoiceEndpoint } from './endpoint.js';
import { createExternalSender } from './external-sender.js';
import { VoiceMedia } from './media.js';
import type { FakeVoiceOptions, VoiceWorldHooks } from './options.js';
import type { VoiceServerCore } from './server-core.js';
import { VOICE_ENCRYPTION_MODES } from './transport.js';
import { VoiceGateway } from './voice-gateway.js';
import type { VoiceSession } from './voice-session.js';

export type { FakeVoiceOptions, VoiceWorldHooks } from './options.js';

/** The fake voice server. Create with {@link FakeVoiceServer.start}. */
export class FakeVoiceServer implements VoiceServerSeam, VoiceServerCore<FakeVoiceCall> {
  /** Its options, defaults filled in. */
  readonly options: Required<Omit<FakeVoiceOptions, 'clock' | 'now'>>;
  /** The clock of heartbeats, timeouts and DAVE transitions. */
  readonly clock: Clock;
  /** Monotonic milliseconds used for arrival times (`FakeVoiceOptions.now`). */
  readonly now: () => number;
  /** @internal Granted joins by token, with the port of the endpoint each is valid on. */
  readonly grants = new Map<string, VoiceGrant & { port: number }>();
  /** @internal Bots' sessions by `guildId:userId`. */
  readonly sessions = new Map<string, VoiceSession>();
  /** @internal Sessions by ssrc. */
  readonly bySsrc = new Map<number, VoiceSession>();
  /** @internal Calls by channel id. */
  readonly calls = new Map<string, FakeVoiceCall>();
  readonly #tracks = new Map<string, AudioTrack>();
  #decodingTracks = 0;
  readonly #hooks: VoiceWorldHooks;
  readonly #gateway: VoiceGateway;
  readonly #media: VoiceMedia;
  #endpoint: VoiceEndpoint | undefined;
  /** Endpoints opened for region changes, by port. */
  readonly #regions = new Map<number, VoiceEndpoint>();
  /** RTP packets received on each endpoint (by port), for inspection. */
  readonly #rtpByPort = new Map<number, number>();
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
      modes: options.modes ?? VOICE_ENCRYPTION_MODES,
      listener: options.listener ?? true,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 13_750,
      transitionTimeoutMs: options.transitionTimeoutMs ?? 2_000,
      lateAfterMs: options.lateAfterMs ?? 40,
      decode: options.decode ?? true,
    };
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? (() => performance.now());
    this.#gateway = new VoiceGateway(this);
    this.#media = new VoiceMedia(this);
    hooks.onVoiceState((guildId, userId, channelId) => this.#gateway.voiceStateChanged(guildId, userId, channelId));
  }

  /** Start a voice server on 127.0.0.1 (TCP and UDP on the same free port). */
  static async start(hooks: VoiceWorldHooks, options: FakeVoiceOptions = {}): Promise<FakeVoiceServer> {
    const server = new FakeVoiceServer(hooks, options);
    server.#endpoint = await server.#open();
    return server;
  }

  #open(): Promise<VoiceEndpoint> {
    let port = 0;
    return VoiceEndpoint.open({
      upgrade: (req, socket, head) => this.#gateway.upgrade(req, socket, head, port),
      datagram: (message, from) => this.#media.datagram(message, from, port),
    }).then((endpoint) => {
      port = endpoint.port;
      return endpoint;
    });
  }

  /** `127.0.0.1:PORT`, the `endpoint` of VOICE_SERVER_UPDATE. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The port (TCP for the voice gateway, UDP for media). */
  get port(): number {
    return this.#endpoint?.port ?? 0;
  }

  /**
   * Record a granted voice join and return its token (called by the fake gateway on op 4). The
   * token is valid on the endpoint of `port` (default: this server's first endpoint).
   */
  grant(grant: VoiceGrant, port = this.port): string {
    const token = `fake-voice-${this.#nextToken++}-${randomBytes(6).toString('hex')}`;
    this.grants.set(token, { ...grant, port });
    return token;
  }

  // ---- inspection ----

  /** What the fake heard `user` (a bot or a simulated user) send in `channelId`'s call. */
  heard(channel: IdLike, user: IdLike): HeardAudio {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    return this.track(channelId, userId).snapshot();
  }

  /** RTP packets the endpoint on `port` received (the first endpoint, or one a region change opened). */
  rtpReceivedOn(port: number): number {
    return this.#rtpByPort.get(port) ?? 0;
  }

  /** @internal Count an RTP packet received on `port`. */
  countRtp(port: number): void {
    this.#rtpByPort.set(port, (this.#rtpByPort.get(port) ?? 0) + 1);
  }

  /** Forget what was heard in a channel (a test's fresh start). */
  resetHeard(channel: IdLike): void {
    const channelId = idOf(channel);
    for (const [key, track] of [...this.#tracks]) {
      if (!key.startsWith(`${channelId}:`)) continue;
      this.#tracks.delete(key);
      if (track.decode) this.#decodingTracks--;
    }
  }

  /** @internal The audio track of a sender in a call. */
  track(channelId: string, userId: string): AudioTrack {
    const key = `${channelId}:${userId}`;
    let track = this.#tracks.get(key);
    if (!track) {
      const { decode } = this.options;
      const decoding = decode === true || (typeof decode === 'number' && this.#decodingTracks < decode);
      if (decoding) this.#decodingTracks++;
      track = new AudioTrack({ lateAfterMs: this.options.lateAfterMs, decode: decoding });
      this.#tracks.set(key, track);
    }
    return track;
  }

  /** The call of a channel, if anyone is in it. */
  call(channel: IdLike): FakeVoiceCall | undefined {
    const channelId = idOf(channel);
    return this.calls.get(channelId);
  }

  /** A bot's voice session in a guild, if it has one. */
  session(guild: IdLike, user: IdLike): VoiceSession | undefined {
    const [guildId, userId] = [idOf(guild), idOf(user)];
    return this.sessions.get(`${guildId}:${userId}`);
  }

  // ---- simulated users ----

  /**
   * A simulated user joins `channelId`'s voice: its voice state is set (VOICE_STATE_UPDATE) and it
   * enters the call as a DAVE member. Resolves once it is in the call.
   */
  async join(channel: IdLike, user: IdLike): Promise<void> {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    const guildId = this.#guildOf(channelId, 'join');
    const call = await this.callOf(guildId, channelId);
    this.#hooks.setVoiceState(guildId, userId, channelId);
    call.addUser(userId);
  }

  /** A simulated user leaves `channelId`'s voice (VOICE_STATE_UPDATE with no channel). */
  leave(channel: IdLike, user: IdLike): void {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    const guildId = this.#guildOf(channelId, 'leave');
    this.calls.get(channelId)?.removeUser(userId);
    this.#hooks.setVoiceState(guildId, userId, null);
  }

  /** A simulated user in `channelId`'s call plays a tone (see {@link ToneOptions}); resolves when it ends. */
  play(channel: IdLike, user: IdLike, tone: ToneOptions = {}): Promise<void> {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    const call = this.calls.get(channelId);
    if (!call?.users.has(userId))
      return Promise.reject(
        new FakeDiscordError(
          `voice.play: user ${userId} is not in the call of channel ${channelId}; voice.join first.`,
        ),
      );
    return call.play(userId, tone);
  }

  /** Whether `userId` (a simulated user of `channelId`'s call) has DAVE keys: it can hear end-to-end encrypted audio. */
  hasKeys(channel: IdLike, user: IdLike): boolean {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    return this.calls.get(channelId)?.users.get(userId)?.ready === true;
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
  closeConnection(channel: IdLike, user: IdLike, code: number, reason = 'Closed by the test.'): boolean {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    const session = [...this.sessions.values()].find((s) => s.channelId === channelId && s.userId === userId);
    if (!session) return false;
    this.#gateway.closeSession(session, code, reason);
    return true;
  }

  /** Drop the next `count` UDP packets `userId` sends in `channelId`'s call (lost frames). */
  dropUdp(channel: IdLike, user: IdLike, count: number): void {
    const [channelId, userId] = [idOf(channel), idOf(user)];
    const session = [...this.sessions.values()].find((s) => s.channelId === channelId && s.userId === userId);
    if (session) session.dropUdp += count;
  }

  /**
   * Move a bot's voice session in `guild` to another voice server, as Discord does when it
   * reallocates a call to another server or region: the bot's gateway session gets a new
   * VOICE_SERVER_UPDATE with the endpoint of another port of this fake (opened on first use; region
   * changes alternate between the two) and a token valid there only. The client is expected to
   * connect there (Identify, IP discovery, select protocol) and carry on; its old voice websocket
   * ends when it closes it or when the new session identifies. Resolves to the new endpoint
   * (`127.0.0.1:PORT`); rejects if the bot has no voice session in `guild`.
   */
  async changeRegion(guild: IdLike, user: IdLike): Promise<string> {
    const [guildId, userId] = [idOf(guild), idOf(user)];
    const session = this.session(guildId, userId);
    if (!session)
      throw new FakeDiscordError(`voice.changeRegion: user ${userId} has no voice session in guild ${guildId}.`);
    let port = [...this.#regions.keys()].find((p) => p !== session.port);
    if (session.port !== this.port) port = this.port;
    if (port === undefined) {
      const endpoint = await this.#open();
      this.#regions.set(endpoint.port, endpoint);
      port = endpoint.port;
    }
    const grant = { guildId, channelId: session.channelId, userId, sessionId: session.sessionId };
    const token = this.grant(grant, port);
    const endpoint = `127.0.0.1:${port}`;
    const dispatched = this.#hooks.dispatchToSession?.(session.sessionId, 'VOICE_SERVER_UPDATE', {
      token,
      guild_id: guildId,
      endpoint,
    });
    if (!dispatched)
      throw new FakeDiscordError(
        `voice.changeRegion: the gateway session ${session.sessionId} of user ${userId} is gone; no VOICE_SERVER_UPDATE could be sent.`,
      );
    return endpoint;
  }

  /** A forced DAVE re-key: the call's group is re-created (op 24 with epoch 1 to everyone). */
  rekey(channel: IdLike): void {
    this.calls.get(idOf(channel))?.dave?.recreate();
  }

  /** Downgrade the call to transport encryption only (op 21 with protocol 0, then op 22). */
  downgrade(channel: IdLike): void {
    this.calls.get(idOf(channel))?.dave?.downgrade();
  }

  /** Upgrade the call back to DAVE (op 24 with epoch 1: a new group). */
  upgrade(channel: IdLike): void {
    this.calls.get(idOf(channel))?.dave?.recreate();
  }

  /** Stop: close every connection and the sockets. */
  async stop(): Promise<void> {
    for (const call of this.calls.values()) call.end();
    this.#gateway.terminateAll();
    await this.#endpoint?.close();
    for (const endpoint of this.#regions.values()) await endpoint.close();
    this.#regions.clear();
  }

  // ---- calls ----

  /** @internal The call of a channel, made on first use. */
  async callOf(guildId: string, channelId: string): Promise<FakeVoiceCall> {
    let call = this.calls.get(channelId);
    if (call) return call;
    const dave = this.options.dave !== 'off' ? await createExternalSender() : undefined;
    call = this.calls.get(channelId);
    if (call) return call;
    call = new FakeVoiceCall({ server: this, guildId, channelId, ...(dave ? { sender: dave } : {}) });
    this.calls.set(channelId, call);
    return call;
  }

  /** @internal A call became empty. */
  callEnded(call: FakeVoiceCall): void {
    if (this.calls.get(call.channelId) === call) this.calls.delete(call.channelId);
    call.end();
  }

  /** @internal A new ssrc. */
  nextSsrc(): number {
    return this.#nextSsrc++;
  }

  /** @internal Send a datagram from the endpoint of `fromPort` (default the first). */
  sendUdp(packet: Buffer, to: { address: string; port: number }, fromPort = this.port): void {
    (this.#regions.get(fromPort) ?? this.#endpoint)?.send(packet, to);
  }

  /** @internal Seal a frame for a bot and send it (the SFU's forwarding). */
  forwardTo(to: VoiceSession, rtp: { sequence: number; timestamp: number; ssrc: number }, frame: Buffer): void {
    this.#media.forwardTo(to, rtp, frame);
  }

  /** @internal The world's hooks. */
  get hooks(): VoiceWorldHooks {
    return this.#hooks;
  }
}
