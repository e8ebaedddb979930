/**
 * A call on the fake voice server: who is in one voice channel (bots' voice sessions and simulated
 * users), the call's DAVE group, and the media between them. A participant joining is announced to
 * the others with Clients Connect (op 11) and learns who is there the same way; one leaving is
 * announced with Client Disconnect (op 13). Speaking (op 5, with `user_id` and `ssrc`) is relayed
 * so receivers can map ssrcs to users. A bot's frames are forwarded to the other bots as the SFU
 * would (same RTP sequence, timestamp and ssrc, sealed with each receiver's key); a simulated
 * user's tone starts one frame after its Speaking and is paced every 20 ms on the server's clock, DAVE-encrypted by the user, then sealed
 * per receiving bot.
 */
import { VoiceOpcodes } from 'discord-api-types/voice/v8';
import { OPUS_SILENCE_FRAME, RTP_TICKS_PER_FRAME, toneFrames } from './audio.js';
import { DaveGroup } from './dave-group.js';
import type { ExternalSender } from './external-sender.js';
import type { VoiceServerCore } from './server-core.js';
import { SimulatedUser } from './simulated-user.js';
import type { RtpHeader } from './transport.js';
import type { VoiceSession } from './voice-session.js';

/** What a simulated user plays: a sine tone. */
export interface ToneOptions {
  /** Frequency in Hz (default 440). */
  frequencyHz?: number;
  /** Length in seconds (default 1). */
  seconds?: number;
  /** 0..1 of full scale (default 0.5). */
  amplitude?: number;
}

/** One voice channel's call on the fake voice server. */
export class FakeVoiceCall {
  /** The guild. */
  readonly guildId: string;
  /** The voice channel. */
  readonly channelId: string;
  /** The DAVE group (undefined when the server runs with DAVE off). */
  readonly dave: DaveGroup | undefined;
  /** Bots' sessions in the call, by user id. */
  readonly bots = new Map<string, VoiceSession>();
  /** Simulated users in the call, by user id. */
  readonly users = new Map<string, SimulatedUser>();
  readonly #server: VoiceServerCore<FakeVoiceCall>;
  #listenerId: string | undefined;

  constructor(options: {
    server: VoiceServerCore<FakeVoiceCall>;
    guildId: string;
    channelId: string;
    sender?: ExternalSender;
  }) {
    this.#server = options.server;
    this.guildId = options.guildId;
    this.channelId = options.channelId;
    this.dave = options.sender
      ? new DaveGroup({
          sender: options.sender,
          channelId: options.channelId,
          clock: options.server.clock,
          transitionTimeoutMs: options.server.options.transitionTimeoutMs,
        })
      : undefined;
  }

  /** The DAVE protocol version a client joining now is told (op 4): 0 without DAVE, else the call's. */
  protocolVersionFor(maxDaveVersion: number): number {
    if (!this.dave || maxDaveVersion < 1) return 0;
    const others = [...this.bots.values()].some((bot) => bot.maxDaveVersion < 1);
    return others ? 0 : this.dave.protocolVersion;
  }

  /** User ids of everyone connected. */
  connectedUserIds(): string[] {
    return [...this.bots.keys(), ...this.users.keys()];
  }

  /** A bot's session finished select protocol. */
  addBot(session: VoiceSession): void {
    const others = this.connectedUserIds().filter((id) => id !== session.userId);
    this.bots.set(session.userId, session);
    if (others.length > 0) session.send(VoiceOpcodes.ClientsConnect, { user_ids: others });
    for (const bot of this.bots.values()) {
      if (bot === session) continue;
      bot.send(VoiceOpcodes.ClientsConnect, { user_ids: [session.userId] });
      if (bot.speaking)
        session.send(VoiceOpcodes.Speaking, { user_id: bot.userId, ssrc: bot.ssrc, speaking: bot.speaking });
    }
    if (session.maxDaveVersion >= 1) this.dave?.join(session);
    // A client without DAVE in a call that allows it: the call downgrades to transport encryption.
    else if (this.dave && this.dave.protocolVersion > 0) this.dave.downgrade();
    if (this.#server.options.listener && this.users.size === 0) {
      const listener = this.#server.hooks.listenerUserId();
      if (!this.bots.has(listener)) {
        this.#listenerId = listener;
        this.#server.hooks.setVoiceState(this.guildId, listener, this.channelId);
        this.addUser(listener);
      }
    }
  }

  /** A bot's session left (or was closed). */
  removeBot(session: VoiceSession): void {
    if (this.bots.get(session.userId) !== session) return;
    this.bots.delete(session.userId);
    this.#left(session.userId);
    // The last client without DAVE left: the call upgrades to DAVE again (a new group).
    const allDave = [...this.bots.values()].every((bot) => bot.maxDaveVersion >= 1);
    if (this.dave && this.dave.protocolVersion === 0 && allDave && this.connectedUserIds().length > 0)
      this.dave.recreate();
    if (this.bots.size === 0 && this.#listenerId && this.users.has(this.#listenerId)) {
      const listener = this.#listenerId;
      this.#listenerId = undefined;
      this.removeUser(listener);
      this.#server.hooks.setVoiceState(this.guildId, listener, null);
    }
    if (this.bots.size === 0 && this.users.size === 0) this.#server.callEnded(this);
  }

  /** A simulated user joins the call (its voice state is the caller's business). */
  addUser(userId: string): SimulatedUser {
    const existing = this.users.get(userId);
    if (existing) return existing;
    const user = new SimulatedUser({
      userId,
      channelId: this.channelId,
      ssrc: this.#server.nextSsrc(),
      dave: this.dave !== undefined,
      host: {
        keyPackage: (id, bytes) => this.dave?.keyPackage(id, bytes),
        commitWelcome: (id, bytes) => this.dave?.commitWelcome(id, bytes),
        ready: (id, transition) => this.dave?.ready(id, transition),
        invalid: (id) => this.dave?.invalid(id),
        connectedUserIds: () => this.connectedUserIds(),
      },
    });
    this.users.set(userId, user);
    for (const bot of this.bots.values()) bot.send(VoiceOpcodes.ClientsConnect, { user_ids: [userId] });
    this.dave?.join(user);
    return user;
  }

  /** A simulated user leaves the call. */
  removeUser(userId: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    this.users.delete(userId);
    user.close();
    this.#left(userId);
    if (this.bots.size === 0 && this.users.size === 0) this.#server.callEnded(this);
  }

  #left(userId: string): void {
    for (const bot of this.bots.values()) bot.send(VoiceOpcodes.ClientDisconnect, { user_id: userId });
    this.dave?.leave(userId);
  }

  /** Relay a participant's Speaking to the bots. */
  speaking(userId: string, ssrc: number, speaking: number): void {
    for (const bot of this.bots.values())
      if (bot.userId !== userId) bot.send(VoiceOpcodes.Speaking, { user_id: userId, ssrc, speaking });
  }

  /** Decrypt a DAVE frame `from` sent, through a simulated user who is a member of the group. */
  decryptFrom(from: string, frame: Buffer): Buffer | undefined {
    for (const user of this.users.values()) {
      if (user.userId === from || !user.ready) continue;
      const opus = user.decrypt(from, frame);
      if (opus) return opus;
    }
    return undefined;
  }

  /** Forward a bot's frame to the other bots. */
  forward(from: VoiceSession, header: RtpHeader, frame: Buffer): void {
    for (const bot of this.bots.values()) if (bot !== from) this.#server.forwardTo(bot, header, frame);
  }

  /**
   * A simulated user plays a tone into the call: Speaking, then one frame every 20 ms on the server's
   * clock, then five silence frames. Resolves when the last frame is sent.
   */
  play(userId: string, tone: ToneOptions = {}): Promise<void> {
    const user = this.users.get(userId);
    if (!user) return Promise.reject(new Error(`play: user ${userId} is not in the call of ${this.channelId}.`));
    const frames = toneFrames({
      frequencyHz: tone.frequencyHz ?? 440,
      seconds: tone.seconds ?? 1,
      ...(tone.amplitude !== undefined ? { amplitude: tone.amplitude } : {}),
    });
    for (let i = 0; i < 5; i++) frames.push(OPUS_SILENCE_FRAME);
    const clock = this.#server.clock;
    let sequence = 0;
    let timestamp = 0;
    this.speaking(userId, user.ssrc, 1);
    return new Promise<void>((resolve) => {
      const next = () => {
        const frame = frames.shift();
        if (!frame || !this.users.has(userId)) {
          this.speaking(userId, user.ssrc, 0);
          resolve();
          return;
        }
        const payload = user.encrypt(frame);
        const rtp = { sequence: sequence++ & 0xffff, timestamp: timestamp >>> 0, ssrc: user.ssrc };
        timestamp += RTP_TICKS_PER_FRAME;
        for (const bot of this.bots.values()) this.#server.forwardTo(bot, rtp, payload);
        clock.setTimeout(next, 20);
      };
      // The first frame goes one frame after Speaking, so receivers know whose ssrc it is.
      clock.setTimeout(next, 20);
    });
  }

  /** The call is over: stop the group's timers and forget the users' sessions. */
  end(): void {
    this.dave?.close();
    for (const user of this.users.values()) user.close();
  }
}
