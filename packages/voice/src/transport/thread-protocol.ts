/**
 * Messages between the event thread and the voice thread (see thread-transport.ts).
 */
import type { PacerStats } from './pacer.js';

/** Event thread -> voice thread. */
export type ToVoiceThread =
  | { t: 'open'; id: number; host: string; port: number; random: number; discoveryTimeout: number }
  | { t: 'discover'; id: number; ssrc: number; request: number }
  | { t: 'configure'; id: number; ssrc: number; mode: string; secretKey: number[] }
  | { t: 'push'; id: number; payloads: Uint8Array[]; samples: number[] }
  | { t: 'flush'; id: number; request: number }
  | { t: 'stats'; id: number; request: number }
  | { t: 'close'; id: number }
  /** Several of the above, posted together (everything the event thread queued in one turn). */
  | { t: 'many'; id: 0; messages: ToVoiceThread[] };

/** Voice thread -> event thread. */
export type FromVoiceThread =
  | { t: 'reply'; id: number; request: number; value?: unknown; error?: string }
  | { t: 'sent'; id: number; count: number }
  /** Frames sent by several transports since the last report: `ids[i]` sent `counts[i]`. */
  | { t: 'sentMany'; id: 0; ids: number[]; counts: number[] }
  | { t: 'drained'; id: number }
  | { t: 'packet'; id: number; ssrc: number; sequence: number; timestamp: number; payload: Uint8Array }
  | { t: 'error'; id: number; message: string };

/** What a `stats` request answers. */
export type StatsReply = PacerStats;
