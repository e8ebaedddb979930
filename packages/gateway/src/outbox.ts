/**
 * What a shard sends on the user's behalf, apart from its own session payloads: raw payloads
 * through the per-connection send limiter (size checked first), and the presence, which is
 * remembered while disconnected: it goes into the next Identify, or out right after RESUMED (or
 * READY, when it changed after Identify was sent).
 */
import type { Clock } from '@kokoro/common';
import { GatewayOpcodes, type GatewayPresenceUpdateData, type GatewaySendPayload } from 'discord-api-types/v10';
import { GatewayPayloadTooLargeError } from './errors.js';
import { SendLimiter, type SendLimiterOptions } from './send-limiter.js';

/** The outbound side of one shard. */
export class ShardOutbox {
  readonly limiter: SendLimiter;
  /** The presence to identify with and to restore. */
  presence: GatewayPresenceUpdateData | undefined;
  #presenceDirty = false;
  readonly #write: (text: string) => void;

  constructor(
    clock: Clock,
    write: (text: string) => void,
    options: { sendLimit?: SendLimiterOptions; presence?: GatewayPresenceUpdateData },
  ) {
    this.limiter = new SendLimiter(clock, options.sendLimit);
    this.presence = options.presence;
    this.#write = write;
  }

  /** Send through the limiter; throws at once over 4096 bytes. The promise never goes unhandled. */
  send(payload: GatewaySendPayload): Promise<void> {
    const text = JSON.stringify(payload);
    const size = Buffer.byteLength(text);
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
    this.#write(JSON.stringify(payload));
  }

  /** Set the presence: sent now when `connected`, else remembered for the next connection. */
  updatePresence(presence: GatewayPresenceUpdateData, connected: boolean): Promise<void> {
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
