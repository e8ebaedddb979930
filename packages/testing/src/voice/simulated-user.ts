/**
 * A simulated user in a fake voice call: a real DAVE member, driven in-process by the fake. It holds
 * a @snazzah/davey session (loaded on first use) and answers the voice server as a Discord client
 * would: the external sender package makes its local group and it sends a key package; proposals
 * give commits (with welcomes); an announced commit or a welcome is processed and answered with
 * "ready for transition"; op 24 with epoch 1 resets it. It decrypts the DAVE frames of others (that
 * is how the fake hears a bot end to end) and can play audio into the call (each frame encrypted
 * with its DAVE key, then sealed per receiving bot by the server).
 */
import { createRequire } from 'node:module';
import { DaveOp, type DaveParticipant } from './dave-group.js';

type Davey = typeof import('@snazzah/davey');
type DaveSession = import('@snazzah/davey').DAVESession;

let davey: Davey | undefined;
/** @snazzah/davey, loaded on first use. */
export function loadDavey(): Davey {
  davey ??= createRequire(import.meta.url)('@snazzah/davey') as Davey;
  return davey;
}

/** What a simulated user asks of the call it is in. */
export interface SimulatedUserHost {
  keyPackage(userId: string, bytes: Buffer): void;
  commitWelcome(userId: string, bytes: Buffer): void;
  ready(userId: string, transitionId: number): void;
  invalid(userId: string, transitionId: number): void;
  /** User ids connected to the call (the recognized set for proposals). */
  connectedUserIds(): string[];
}

/** A simulated user's DAVE member side. */
export class SimulatedUser implements DaveParticipant {
  readonly userId: string;
  readonly ssrc: number;
  readonly #channelId: string;
  readonly #host: SimulatedUserHost;
  readonly #dave: boolean;
  #session: DaveSession | undefined;
  #protocolVersion: number;
  readonly #pending = new Map<number, number>();
  #keyPackageSent = false;

  constructor(options: { userId: string; channelId: string; ssrc: number; host: SimulatedUserHost; dave: boolean }) {
    this.userId = options.userId;
    this.ssrc = options.ssrc;
    this.#channelId = options.channelId;
    this.#host = options.host;
    this.#dave = options.dave;
    this.#protocolVersion = options.dave ? 1 : 0;
  }

  /** Whether its DAVE session has keys (it can encrypt and decrypt). */
  get ready(): boolean {
    return this.#protocolVersion > 0 && this.#session?.ready === true;
  }

  /** The epoch of its group (undefined before it has one). */
  get epoch(): bigint | undefined {
    return this.#session?.epoch ?? undefined;
  }

  send(op: number, d: unknown): void {
    queueMicrotask(() => this.#onJson(op, d as Record<string, number>));
  }

  sendBinary(op: number, payload: Buffer): void {
    queueMicrotask(() => this.#onBinary(op, payload));
  }

  /** DAVE-encrypt an Opus frame it sends (plain while it has no keys, as a client does). */
  encrypt(frame: Buffer): Buffer {
    if (!this.ready || frame.length <= 3) return frame;
    return this.#session!.encryptOpus(frame);
  }

  /** Decrypt a DAVE frame `from` sent; undefined if it cannot. */
  decrypt(from: string, frame: Buffer): Buffer | undefined {
    if (!this.ready) return undefined;
    try {
      return this.#session!.decrypt(from, 0, frame);
    } catch {
      return undefined;
    }
  }

  /** Leave: forget the session. */
  close(): void {
    try {
      this.#session?.reset();
    } catch {
      // already gone
    }
  }

  #init(): void {
    const { DAVESession } = loadDavey();
    if (this.#session) this.#session.reinit(this.#protocolVersion, this.userId, this.#channelId);
    else this.#session = new DAVESession(this.#protocolVersion, this.userId, this.#channelId);
    this.#keyPackageSent = false;
  }

  #sendKeyPackage(): void {
    if (!this.#session || this.#keyPackageSent) return;
    this.#keyPackageSent = true;
    this.#host.keyPackage(this.userId, this.#session.getSerializedKeyPackage());
  }

  #onJson(op: number, d: Record<string, number>): void {
    if (!this.#dave) return;
    switch (op) {
      case DaveOp.PrepareEpoch:
        if (d.epoch === 1) {
          this.#protocolVersion = d.protocol_version ?? 1;
          this.#init();
          this.#sendKeyPackage();
        }
        break;
      case DaveOp.PrepareTransition:
        if (d.transition_id === 0) this.#protocolVersion = d.protocol_version ?? this.#protocolVersion;
        else {
          this.#pending.set(d.transition_id!, d.protocol_version ?? this.#protocolVersion);
          this.#host.ready(this.userId, d.transition_id!);
        }
        break;
      case DaveOp.ExecuteTransition: {
        const version = this.#pending.get(d.transition_id!);
        if (version !== undefined) this.#protocolVersion = version;
        this.#pending.delete(d.transition_id!);
        break;
      }
    }
  }

  #onBinary(op: number, payload: Buffer): void {
    if (!this.#dave) return;
    try {
      switch (op) {
        case DaveOp.ExternalSender:
          if (!this.#session) this.#init();
          try {
            this.#session!.setExternalSender(payload);
          } catch {
            // already known to this session
          }
          this.#sendKeyPackage();
          break;
        case DaveOp.Proposals: {
          if (!this.#session) return;
          const result = this.#session.processProposals(
            payload[0]!,
            payload.subarray(1),
            this.#host.connectedUserIds(),
          );
          if (result.commit)
            this.#host.commitWelcome(
              this.userId,
              result.welcome ? Buffer.concat([result.commit, result.welcome]) : result.commit,
            );
          break;
        }
        case DaveOp.AnnounceCommit:
        case DaveOp.Welcome: {
          if (!this.#session) return;
          const transitionId = payload.readUInt16BE(0);
          try {
            if (op === DaveOp.Welcome) this.#session.processWelcome(payload.subarray(2));
            else this.#session.processCommit(payload.subarray(2));
          } catch {
            this.#host.invalid(this.userId, transitionId);
            this.#init();
            this.#sendKeyPackage();
            return;
          }
          if (transitionId !== 0) this.#host.ready(this.userId, transitionId);
          break;
        }
      }
    } catch {
      // A message this member cannot use is ignored, as a client would.
    }
  }
}
