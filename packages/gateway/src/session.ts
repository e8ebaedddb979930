/**
 * The session bookkeeping of a shard: resume or identify?
 *
 * A session lives on Discord's side until it times out or the client closes with 1000/1001. So
 * after any other loss (a drop, a resumable close code, op 7, op 9 `d: true`, a zombie connection)
 * the session may still be alive: the shard reconnects to the `resume_gateway_url` READY gave (with
 * the same `v`, `encoding` and `compress` query) and sends Resume with the last sequence it saw;
 * Discord replays what was missed, then RESUMED, and nothing is lost. Only when the session is
 * known to be gone (4007, 4009, op 9 `d: false`, a 1000/1001 close of our own, a fatal close) is it
 * forgotten, and the next connection goes to the normal URL and identifies anew through the
 * identify queue. Heartbeats carry the same last sequence (null before the first dispatch).
 */
import type {
  GatewayIdentifyData,
  GatewayPresenceUpdateData,
  GatewayReadyDispatchData,
  GatewayResumeData,
} from 'discord-api-types/v10';

/** What an Identify is made of, apart from the presence. */
export interface IdentifyParts {
  token: string;
  intents: number;
  shardId: number;
  shardCount: number;
  properties: { os: string; browser: string; device: string };
  largeThreshold: number;
}

/** The session a shard may resume, and the last sequence number it received. */
export class ShardSession {
  /** The session id from READY (undefined: none to resume). */
  id: string | undefined;
  /** Where to resume (READY's `resume_gateway_url`). */
  resumeUrl: string | undefined;
  /** The last non-null `s` received; null before the first dispatch of the session. */
  seq: number | null = null;

  /** Whether there is a session to resume. */
  get resumable(): boolean {
    return this.id !== undefined;
  }

  /** The URL of the next connection: the resume URL when resuming, else the gateway URL. */
  connectUrl(gatewayUrl: string): string {
    return this.id !== undefined && this.resumeUrl ? this.resumeUrl : gatewayUrl;
  }

  /** READY: a new session begins. */
  opened(ready: GatewayReadyDispatchData): void {
    this.id = ready.session_id;
    this.resumeUrl = ready.resume_gateway_url || undefined;
  }

  /** A session stored by another shard object or process (session-store.ts): resume it next. */
  restore(stored: { sessionId: string; sequence: number; resumeUrl: string }): void {
    this.id = stored.sessionId;
    this.resumeUrl = stored.resumeUrl || undefined;
    this.seq = stored.sequence > 0 ? stored.sequence : null;
  }

  /** The session is gone: the next connection identifies anew. */
  forget(): void {
    this.id = undefined;
    this.resumeUrl = undefined;
    this.seq = null;
  }

  /** The op 6 data; only when `resumable`. */
  resumeData(token: string): GatewayResumeData {
    return { token, session_id: this.id!, seq: this.seq ?? 0 };
  }

  /** The op 2 data of a new session; the sequence starts again. */
  identifyData(parts: IdentifyParts, presence: GatewayPresenceUpdateData | undefined): GatewayIdentifyData {
    this.seq = null;
    const d: GatewayIdentifyData = {
      token: parts.token,
      intents: parts.intents,
      properties: parts.properties,
      shard: [parts.shardId, parts.shardCount],
      large_threshold: parts.largeThreshold,
    };
    if (presence) d.presence = presence;
    return d;
  }
}
