/**
 * The seam between a voice connection and its UDP side. A transport owns one UDP socket: IP
 * discovery, then paced sending of frames (RTP header + transport encryption at send time) and
 * receiving (transport decryption, header extension stripped). Two implementations: `UdpTransport`
 * runs on the calling thread with an injected clock (tests, benchmarks), `ThreadTransport` runs a
 * `UdpTransport` in the voice thread so a blocked event thread never delays a frame.
 */
import type { EncryptionMode } from '../protocol/transport-crypto.js';
import type { PacedFrame, PacerStats } from './pacer.js';

/** A received audio packet after transport decryption. */
export interface ReceivedPacket {
  /** The sender's SSRC (map it to a user with the `speaking` event). */
  ssrc: number;
  /** The RTP sequence number (wraps at 65536). */
  sequence: number;
  /** The RTP timestamp (48 kHz samples). */
  timestamp: number;
  /** The Opus payload (still end-to-end encrypted when DAVE is on). */
  payload: Buffer;
}

/** What the session description (op 4) gives the transport. */
export interface TransportSession {
  /** Our SSRC, from op 2 Ready. */
  ssrc: number;
  /** The transport encryption mode chosen. */
  mode: EncryptionMode;
  /** The 32-byte transport key. */
  secretKey: Uint8Array | readonly number[];
}

/** Events of a transport. */
export interface TransportEvents {
  /** `count` frames left the socket. */
  sent(count: number): void;
  /** The send queue ran empty. */
  drained(): void;
  /** An RTP packet arrived (still encrypted with the transport's key). */
  packet(packet: ReceivedPacket): void;
  /** The socket failed. */
  error(error: Error): void;
}

/** A voice connection's UDP side. */
export interface VoiceTransport {
  /** Learn our external address and port (IP discovery) with the SSRC from op 2 Ready. */
  discover(ssrc: number): Promise<{ address: string; port: number }>;
  /** Start encrypting with the session description's key and mode. */
  configure(session: TransportSession): void;
  /** Queue frames; they leave paced, in order. */
  push(frames: readonly PacedFrame[]): void;
  /** Take back the frames not sent yet. */
  flush(): Promise<PacedFrame[]>;
  /** Pacing figures so far. */
  stats(): Promise<PacerStats>;
  /** Listen to one of the `TransportEvents`. */
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void;
  /** Stop sending and close the socket; queued frames are dropped. */
  close(): void;
}
