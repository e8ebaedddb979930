/**
 * The fake voice server's options and the world hooks it runs on: a leaf module, so that the server's
 * parts (call.ts, media.ts, voice-gateway.ts, through server-core.ts) name them without importing
 * server.ts, which imports them.
 */
import type { Clock } from '@kokoro/common';
import type { VoiceEncryptionMode } from './transport.js';

/** Options of the fake voice server. */
export interface FakeVoiceOptions {
  /**
   * `'required'` (default, as Discord since 2026-03-02): a client must offer DAVE (else 4017);
   * `'optional'`: DAVE, downgraded to transport encryption while a client without it is in the call
   * (Discord's transitory phase); `'off'`: transport encryption only.
   */
  dave?: 'required' | 'optional' | 'off';
  /** Transport encryption modes offered in Ready, in order (default both, AES-GCM first as Discord). */
  modes?: readonly VoiceEncryptionMode[];
  /** Add a simulated listener (the world's default user) to a call a bot joins alone, so that its DAVE audio can be heard (default true). */
  listener?: boolean;
  /** Heartbeat interval sent in Hello (default 13 750 ms). */
  heartbeatIntervalMs?: number;
  /** How long a DAVE transition waits for every member's "ready" (default 2 000 ms). */
  transitionTimeoutMs?: number;
  /**
   * Decrypt (DAVE) and decode what bots send, for `frequencyHz`, `seconds`, `peak`, `rms` (default
   * true). False keeps only counts and timing (arrival, sequence, transport decryption, the DAVE
   * frame check): cheaper for benchmarks with many streams. A number `k` decodes the first `k`
   * senders' tracks only (a sample; tracks forgotten by `FakeVoiceServer.resetHeard` free
   * their place), so a benchmark verifies the audio without decoding every stream on its hot path.
   */
  decode?: boolean | number;
  /** A frame later than this after its due time counts as late (default 40 ms). */
  lateAfterMs?: number;
  /** Clock of timers (transitions, simulated users' pacing); default the system clock. */
  clock?: Clock;
  /** Monotonic milliseconds for arrival times; default `performance.now`. */
  now?: () => number;
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
  /** Dispatch an event to one gateway session (by its id); false if there is no such live session. */
  dispatchToSession?(sessionId: string, t: string, d: unknown): boolean;
}
