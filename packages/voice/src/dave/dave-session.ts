/**
 * DAVE (Discord's audio and video end-to-end encryption) for one voice connection, over
 * @snazzah/davey's MLS member.
 *
 * Theory. The voice server is the MLS group's external sender. It tells members who joins and
 * leaves with Add/Remove proposals (op 27); a member answers with a commit, plus a welcome when
 * someone was added (op 28); the server picks the winning commit and announces it (op 29), or
 * sends a welcome to members that were added (op 30). Each such change is a *transition* with an
 * id: members process the commit or welcome, say they are ready (op 23), and the server tells
 * everyone to execute it (op 22) at once. Transition id 0 means "executes immediately" (the first
 * group of a call). Ops 21/22 also carry protocol changes: a downgrade to protocol 0 (someone
 * without DAVE joined) or an upgrade back. Op 24 with epoch 1 means a brand new group: reset and
 * send a fresh key package (op 26).
 *
 * Audio must not be lost across these changes. Senders switch keys or protocol when a transition
 * executes, which is the same moment for everyone; receivers keep the previous keys for a while
 * and accept unencrypted frames in *passthrough windows*: right after joining, while a downgrade is
 * pending, and for a few seconds after an upgrade or reset. A frame that fails to decrypt during a
 * pending transition is dropped quietly; a run of failures outside one makes us re-join the group
 * (op 31, then a new key package).
 */
import { createRequire } from 'node:module';
import type * as Davey from '@snazzah/davey';
import { SILENCE_FRAME } from '../protocol/opus-packet.js';

/** Seconds a decryptor accepts unencrypted frames after an upgrade, a reset or joining. */
export const TRANSITION_EXPIRY = 10;
/** Seconds of passthrough while a downgrade to protocol 0 is pending. */
export const DOWNGRADE_EXPIRY = 24;
/** Consecutive decrypt failures (outside transitions) before re-joining the group. */
export const FAILURE_TOLERANCE = 36;
/** DAVE frames end with this marker (supplemental data magic). */
const DAVE_MAGIC = 0xfafa;

type DaveyModule = typeof Davey;
let davey: DaveyModule | undefined;
/** Load @snazzah/davey (native) on first use. */
export function loadDavey(): DaveyModule {
  davey ??= createRequire(import.meta.url)('@snazzah/davey') as DaveyModule;
  return davey;
}

/** The highest DAVE protocol version this build supports (sent as `max_dave_protocol_version`). */
export function maxDaveProtocolVersion(): number {
  return loadDavey().DAVE_PROTOCOL_VERSION;
}

/** What the session asks the connection to send to the voice server. */
export interface DaveOutbox {
  /** Binary message (op 26 key package, op 28 commit/welcome). */
  binary(op: number, payload: Buffer): void;
  /** JSON message (op 23 transition ready, op 31 invalid commit/welcome). */
  json(op: number, d: unknown): void;
}

/** Events the session reports (for logs and the connection's events). */
export interface DaveListener {
  /** A transition was executed; `protocolVersion` is now in force. */
  transitioned?(transitionId: number, protocolVersion: number): void;
  /**
   * The group was dropped (a new group, or recovery): frames encrypted ahead with its keys can no
   * longer be decrypted by anyone, so queued frames must be encrypted again.
   */
  reset?(): void;
  debug?(message: string): void;
}

/** Figures for tests and stats. */
export interface DaveStats {
  /** Frames end-to-end encrypted for sending. */
  encrypted: number;
  /** Received frames decrypted. */
  decrypted: number;
  /** Received frames let through unencrypted (protocol 0, or a passthrough window of a transition). */
  passedThrough: number;
  /** Received frames that could not be decrypted. */
  dropped: number;
  /** Times the group was joined anew (op 31) after an unusable commit or welcome, or repeated decrypt failures. */
  recoveries: number;
}

/** The DAVE side of one voice connection. */
export class DaveSession {
  /** Protocol version in force (0 = no end-to-end encryption). */
  protocolVersion: number;
  /** Frame counts since the session began. */
  readonly stats: DaveStats = { encrypted: 0, decrypted: 0, passedThrough: 0, dropped: 0, recoveries: 0 };
  readonly #userId: string;
  #channelId: string;
  readonly #outbox: DaveOutbox;
  readonly #listener: DaveListener;
  #session: Davey.DAVESession | undefined;
  readonly #pending = new Map<number, number>();
  #downgraded = false;
  #reinitializing = false;
  #lastTransitionId: number | undefined;
  #failures = 0;

  constructor(
    protocolVersion: number,
    userId: string,
    channelId: string,
    outbox: DaveOutbox,
    listener: DaveListener = {},
  ) {
    this.protocolVersion = protocolVersion;
    this.#userId = userId;
    this.#channelId = channelId;
    this.#outbox = outbox;
    this.#listener = listener;
    this.reinit();
  }

  /** Whether frames are end-to-end encrypted now (protocol > 0 and the group is established). */
  get active(): boolean {
    return this.protocolVersion > 0 && this.#session?.ready === true;
  }

  /** The MLS epoch, when a group exists. */
  get epoch(): bigint | undefined {
    return this.#session?.epoch ?? undefined;
  }

  /** The voice privacy code users compare in Discord's UI; '' when not active. */
  get voicePrivacyCode(): string {
    return this.#session?.voicePrivacyCode ?? '';
  }

  /** Whether a transition is prepared and not executed yet. */
  get transitioning(): boolean {
    return this.#pending.size > 0 || this.#reinitializing;
  }

  /** The user ids in the MLS group. */
  userIds(): string[] {
    return this.#session?.getUserIds() ?? [];
  }

  /** The channel changed (a move): the next group is for the new channel. */
  setChannel(channelId: string): void {
    this.#channelId = channelId;
  }

  /** (Re)start the member for the current protocol version and send a fresh key package. */
  reinit(): void {
    const { DAVESession } = loadDavey();
    if (this.protocolVersion > 0) {
      if (this.#session) this.#session.reinit(this.protocolVersion, this.#userId, this.#channelId);
      else this.#session = new DAVESession(this.protocolVersion, this.#userId, this.#channelId);
      // Others may still send unencrypted frames while the group forms.
      this.#session.setPassthroughMode(true, TRANSITION_EXPIRY);
      this.#outbox.binary(26, this.#session.getSerializedKeyPackage());
    } else if (this.#session) {
      this.#session.reset();
      this.#session.setPassthroughMode(true, TRANSITION_EXPIRY);
    }
  }

  /** Op 25: the voice server's external sender package. */
  setExternalSender(payload: Buffer): void {
    this.#session?.setExternalSender(payload);
  }

  /** Op 27: proposals; answers op 28 with a commit (and welcome) when there is one. */
  processProposals(payload: Buffer, connectedUserIds: Iterable<string>): void {
    const session = this.#session;
    if (!session || payload.length < 1) return;
    const { commit, welcome } = session.processProposals(payload[0]!, payload.subarray(1), [...connectedUserIds]);
    this.#listener.debug?.(
      `proposals (${payload[0] === 0 ? 'append' : 'revoke'}): ${commit ? 'commit' : 'no commit'}${welcome ? ' + welcome' : ''}`,
    );
    if (commit) this.#outbox.binary(28, welcome ? Buffer.concat([commit, welcome]) : commit);
  }

  /** Op 29: the winning commit of a transition. */
  processCommit(payload: Buffer): void {
    this.#processGroupMessage(payload, 'commit');
  }

  /** Op 30: a welcome into the group. */
  processWelcome(payload: Buffer): void {
    this.#processGroupMessage(payload, 'welcome');
  }

  /** Op 21: a transition (protocol change) is coming. */
  prepareTransition(transitionId: number, protocolVersion: number): void {
    this.#pending.set(transitionId, protocolVersion);
    if (transitionId === 0) {
      this.executeTransition(0);
      return;
    }
    // A pending downgrade: others may stop encrypting before we execute.
    if (protocolVersion === 0) this.#session?.setPassthroughMode(true, DOWNGRADE_EXPIRY);
    this.#outbox.json(23, { transition_id: transitionId });
  }

  /** Op 22: execute a prepared transition. */
  executeTransition(transitionId: number): void {
    const version = this.#pending.get(transitionId);
    if (version === undefined) {
      this.#listener.debug?.(`execute for unknown transition ${transitionId}`);
      return;
    }
    this.#pending.delete(transitionId);
    const previous = this.protocolVersion;
    this.protocolVersion = version;
    if (previous !== version && version === 0) this.#downgraded = true;
    else if (transitionId > 0 && this.#downgraded) {
      this.#downgraded = false;
      this.#session?.setPassthroughMode(true, TRANSITION_EXPIRY);
    }
    this.#reinitializing = false;
    this.#lastTransitionId = transitionId;
    this.#listener.transitioned?.(transitionId, version);
  }

  /** Op 24: a new epoch; epoch 1 is a new group (protocol version may change). */
  prepareEpoch(epoch: number, protocolVersion: number): void {
    if (epoch !== 1) return;
    this.protocolVersion = protocolVersion;
    this.reinit();
    this.#listener.reset?.();
  }

  /** End-to-end encrypt an outgoing Opus frame (silence and protocol 0 pass as they are). */
  encrypt(frame: Buffer): Buffer {
    const session = this.#session;
    if (this.protocolVersion === 0 || !session?.ready || (frame.length === 3 && frame.equals(SILENCE_FRAME)))
      return frame;
    this.stats.encrypted++;
    return session.encryptOpus(frame);
  }

  /**
   * Decrypt a frame from `userId`; `undefined` when it must be dropped (undecryptable during a
   * transition, or encrypted while we have no key yet).
   */
  decrypt(frame: Buffer, userId: string): Buffer | undefined {
    const session = this.#session;
    const encrypted = frame.length > 2 && frame.readUInt16BE(frame.length - 2) === DAVE_MAGIC;
    if (frame.equals(SILENCE_FRAME)) return frame;
    if (!session?.ready || (this.protocolVersion === 0 && !encrypted)) {
      if (encrypted) {
        this.stats.dropped++;
        return undefined;
      }
      this.stats.passedThrough++;
      return frame;
    }
    try {
      const plain = session.decrypt(userId, 0 /* MediaType.AUDIO */, frame);
      this.#failures = 0;
      if (encrypted) this.stats.decrypted++;
      else this.stats.passedThrough++;
      return plain;
    } catch (error) {
      this.stats.dropped++;
      if (this.transitioning) return undefined;
      if (++this.#failures > FAILURE_TOLERANCE) {
        this.#listener.debug?.(`${this.#failures} frames failed to decrypt: ${String(error)}; re-joining the group`);
        this.#recover(this.#lastTransitionId ?? 0);
      }
      return undefined;
    }
  }

  /** Forget the group (leaving). */
  destroy(): void {
    this.#session?.reset();
    this.#session = undefined;
  }

  #processGroupMessage(payload: Buffer, kind: 'commit' | 'welcome'): void {
    const session = this.#session;
    if (!session || payload.length < 2) return;
    const transitionId = payload.readUInt16BE(0);
    try {
      if (kind === 'commit') session.processCommit(payload.subarray(2));
      else session.processWelcome(payload.subarray(2));
    } catch (error) {
      this.#listener.debug?.(`invalid ${kind} for transition ${transitionId}: ${String(error)}`);
      this.#recover(transitionId);
      return;
    }
    if (transitionId === 0) {
      this.#reinitializing = false;
      this.#lastTransitionId = 0;
      this.#listener.transitioned?.(0, this.protocolVersion);
    } else {
      this.#pending.set(transitionId, this.protocolVersion);
      this.#outbox.json(23, { transition_id: transitionId });
    }
  }

  /** Tell the server the commit or welcome was unusable, and start over with a new key package. */
  #recover(transitionId: number): void {
    if (this.#reinitializing) return;
    this.#reinitializing = true;
    this.#failures = 0;
    this.stats.recoveries++;
    this.#outbox.json(31, { transition_id: transitionId });
    this.reinit();
    this.#listener.reset?.();
  }
}
