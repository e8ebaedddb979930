/**
 * What the audio player and the receiver need of their voice connection. A leaf module: connection.ts
 * creates both, so their naming `VoiceConnection` itself would make an import circle; the connection
 * is passed to them as this smaller interface, which it satisfies.
 */
import type { VoiceConnectionStatus } from './connection-state.js';
import type { DaveSession } from './dave/dave-session.js';
import type { PacedFrame } from './transport/pacer.js';
import type { ReceivedPacket } from './transport/transport.js';

/** The side of a voice connection its player and receiver use. */
export interface VoiceLink {
  /** The connection's state. */
  readonly status: VoiceConnectionStatus;
  /** Whether frames can be sent now. */
  readonly canSend: boolean;
  /** Frames queued on the voice thread, not yet sent. */
  readonly queuedFrames: number;
  /** The DAVE session, when end-to-end encryption is on. */
  readonly dave: DaveSession | undefined;
  /** Set the speaking flag (op 5). */
  setSpeaking(speaking: boolean): void;
  /** Queue frames for sending; whether they were taken. */
  sendFrames(frames: readonly PacedFrame[]): boolean;
  /** Take back the frames still queued (to encrypt them again, or drop them). */
  takeQueuedFrames(): Promise<PacedFrame[]>;
  /** `count` queued frames left the socket. */
  on(event: 'framesSent', listener: (count: number) => void): unknown;
  /** The send queue ran empty, the connection became ready, or the DAVE group was replaced. */
  on(event: 'drained' | 'ready' | 'daveReset', listener: () => void): unknown;
  /** The connection was destroyed. */
  on(event: 'destroyed', listener: (reason: string) => void): unknown;
  /** An audio packet from another user (after transport decryption). */
  on(event: 'packet', listener: (packet: ReceivedPacket, userId: string | undefined) => void): unknown;
}
