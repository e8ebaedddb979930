/**
 * What a voice connection needs of a bot client: its user id, a way to send op 4 on the shard that
 * serves the guild, and the raw VOICE_STATE_UPDATE / VOICE_SERVER_UPDATE dispatches. `Client`
 * from @kokoro/core is one; tests can pass anything with these members.
 */
import type { Logger } from '@kokoro/common';

/** A raw dispatch as the client's raw payload hook gives it. */
export interface RawDispatch {
  /** The gateway opcode (0 for a dispatch). */
  op: number;
  /** The dispatch name (`VOICE_STATE_UPDATE`, `VOICE_SERVER_UPDATE`). */
  t?: string | null;
  /** The dispatch data. */
  d?: unknown;
}

/** The client side a voice connection runs on. */
export interface VoiceHost {
  /** The bot's user id. */
  readonly id: string;
  /** The client's name, for logs and errors. */
  readonly name?: string;
  /** The client's logger. */
  readonly logger?: Logger;
  /** Send op 4 (join, move, leave with `null`). */
  updateVoiceState(
    guild: string,
    channel: string | null,
    options?: { selfMute?: boolean; selfDeaf?: boolean },
  ): Promise<void>;
  /** Subscribe to raw dispatches of one type; returns the unsubscribe function. */
  onGatewayPayload(filter: { t?: string }, handler: (client: never, payload: RawDispatch) => unknown): () => void;
}
