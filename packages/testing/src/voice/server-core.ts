/**
 * What the fake voice server's parts (its calls, media plane and voice gateway) use of the server. A
 * leaf module: server.ts creates those parts, so their naming `FakeVoiceServer` would make an import
 * circle. `FakeVoiceServer` implements this interface; `Call` is the call class (call.ts), left as a
 * parameter so that this module does not import call.ts either.
 */
import type { Clock } from '@kokoro/common';
import type { VoiceGrant } from '../gateway/voice.js';
import type { AudioTrack } from './audio.js';
import type { FakeVoiceOptions, VoiceWorldHooks } from './options.js';
import type { VoiceSession } from './voice-session.js';

/** The server as its parts see it. */
export interface VoiceServerCore<Call> {
  /** The options, defaults filled in. */
  readonly options: Required<Omit<FakeVoiceOptions, 'clock' | 'now'>>;
  /** Clock of timers. */
  readonly clock: Clock;
  /** Monotonic milliseconds for arrival times. */
  readonly now: () => number;
  /** Tokens granted, by token, with the port each was granted on. */
  readonly grants: Map<string, VoiceGrant & { port: number }>;
  /** Sessions by session id. */
  readonly sessions: Map<string, VoiceSession>;
  /** Sessions by their ssrc. */
  readonly bySsrc: Map<number, VoiceSession>;
  /** Calls by channel id. */
  readonly calls: Map<string, Call>;
  /** Closes sent, for tests. */
  readonly closes: { userId: string; code: number }[];
  /** Identify payloads received, for tests. */
  readonly identifies: Record<string, unknown>[];
  /** The port (websocket and UDP). */
  readonly port: number;
  /** The world's hooks. */
  readonly hooks: VoiceWorldHooks;
  /** What a bot sent in a channel, as heard. */
  track(channelId: string, userId: string): AudioTrack;
  /** The call of a channel, created on first use. */
  callOf(guildId: string, channelId: string): Promise<Call>;
  /** A call became empty. */
  callEnded(call: Call): void;
  /** A new ssrc. */
  nextSsrc(): number;
  /** Send a datagram (from the server's port unless `fromPort` says which). */
  sendUdp(packet: Buffer, to: { address: string; port: number }, fromPort?: number): void;
  /** Count an RTP packet received on `port`. */
  countRtp(port: number): void;
  /** Seal a frame for a bot and send it (the SFU's forwarding). */
  forwardTo(to: VoiceSession, rtp: { sequence: number; timestamp: number; ssrc: number }, frame: Buffer): void;
}
