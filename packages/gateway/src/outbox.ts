/**
 * What a shard sends on the user's behalf, apart from its own session payloads: raw payloads
 * through the per-connection send limiter (encoded as JSON or ETF, size checked first), and the presence, which is
 * remembered while disconnected: it goes into the next Identify, or out right after RESUMED (or
 * READY, when it changed after Identify was sent).
 */
import type { Clock } from '@kokoro/common';
import { GatewayOpcodes, type GatewayPresenceUpdateData, type GatewaySendPayload } from 'discord-api-types/v10';
import type { GatewayEncoding } from './connection.js';
import { GatewayPayloadTooLargeError } from './errors.js';
import { encodeEtf } from './etf.js';
import { mergePresence } from './presence.js';
import { SendLimiter, type SendLimiterOptions } from './send-limiter.js';

/** The outbound side of one shard. */
export class ShardOutbox {
  readonly limiter: SendLimiter;
  /** The presence to identify with and to restore. */
  presence: GatewayPresenceUpdateData | undefined;
  #presenceDirty = false;
  readonly #write: (data: string | Buffer) => void;
  readonly #encode: (payload: GatewaySendPayload) => string | Buffer;

  constructor(
    clock: Clock,
    write: (data: string | Buffer) => void,
    options: { sendLimit?: SendLimiterOptions; presence?: GatewayPresenceUpdateData; encoding?: GatewayEncoding },
  ) {
    this.limiter = new SendLimiter(clock, options.sendLimit);
    this.presence = options.presence;
    this.#write = write;
    this.#encode = options.encoding === 'etf' ? encodeEtf : JSON.stringify;
  }

  /** Send through the limiter; throws at once over 4096 bytes. The promise never goes unhandled. */
  send(payload: GatewaySendPayload): Promise<void> {
    const text = this.#encode(payload);
    const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
    if (size > 4096) throw new GatewayPayloadTooLargeError(size, payload.op);
    const sent = new Promise<void>((resolve, reject) => {
      this.limiter.schedule(() => {
        this.#write(text);
        resolve();
      }, reject);
    });
    sent.catch(() => {});
    return sent;
  }

  /** A session payload (heartbeat, Identify, Resume): counted, never queued. */
  sendPriority(payload: GatewaySendPayload): void {
    this.limiter.takePriority();
    this.#write(this.#encode(payload));
  }

  /**
   * Set the presence: sent now when `connected`, else remembered for the next connection. Fields
   * left out (or undefined) keep their last value; before any, Discord's defaults (online, no
   * activity, not AFK).
   */
  updatePresence(update: Partial<GatewayPresenceUpdateData>, connected: boolean): Promise<void> {
    const presence = mergePresence(this.presence, update);
    this.presence = presence;
    this.#presenceDirty = !connected;
    if (!connected) return Promise.resolve();
    return this.send({ op: GatewayOpcodes.PresenceUpdate, d: presence });
  }

  /** The presence for an Identify (which carries it, so nothing is left to send). */
  presenceForIdentify(): GatewayPresenceUpdateData | undefined {
    this.#presenceDirty = false;
    return this.presence;
  }

  /** A session is up again: send a presence set while there was none. */
  flushPresence(): void {
    if (!this.#presenceDirty || !this.presence) return;
    this.#presenceDirty = false;
    void this.send({ op: GatewayOpcodes.PresenceUpdate, d: this.presence });
  }
}
