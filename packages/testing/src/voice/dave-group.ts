/**
 * The voice server's view of a call's DAVE group (protocol version 1), as the DAVE whitepaper has the
 * voice gateway keep it: the group id and epoch, which user sits at which leaf, the key packages of
 * pending members, the proposals in flight this epoch, and the transition under way.
 *
 * - A participant that finished select protocol gets the external sender package (op 25) and sends
 *   a key package (op 26). While no group is established (epoch 0) every pending member holds a
 *   local group of its own: each new key package becomes an external Add, sent to the other
 *   pending members, and the newcomer gets the Adds already in flight.
 * - Members commit the proposals (op 28, with the Welcome when they add someone). The first commit
 *   for the current epoch that references exactly the proposals in flight wins: it is announced to
 *   the members (op 29, with a transition id) and its Welcome goes to each added member (op 30);
 *   every other commit for that epoch is dropped. The leaves follow MLS: removes blank theirs,
 *   adds fill the leftmost blanks in the commit's order.
 * - When every member of the new epoch said it is ready (op 23), or after `transitionTimeoutMs`,
 *   the server sends execute transition (op 22) to those members.
 * - A member that leaves is removed by an external Remove; when one member is left, the group is
 *   reset (op 24 epoch 1, then op 21 transition 0: the sole member reset). A pending member that
 *   leaves has its Adds revoked (op 27 revoke). A member that flags an invalid commit or welcome
 *   (op 31) is removed and re-added once it sends a new key package.
 * - `recreate()` is a forced re-key: op 24 with epoch 1 (then the external sender package) to
 *   everyone, and the group is built anew; it is also the upgrade from protocol 0.
 * - `downgrade()` moves the call to protocol 0 (transport encryption only), as when a client without
 *   DAVE joins: op 21 with `protocol_version: 0`, and op 22 once all are ready; the group is gone.
 */
import type { Clock, TimerHandle } from '@kokoro/common';
import type { CheckedKeyPackage, ExternalSender, SignedProposal } from './external-sender.js';
import { groupIdOf } from './external-sender.js';

/** Voice opcodes of DAVE (whitepaper numbering). */
export const DaveOp = {
  PrepareTransition: 21,
  ExecuteTransition: 22,
  TransitionReady: 23,
  PrepareEpoch: 24,
  ExternalSender: 25,
  KeyPackage: 26,
  Proposals: 27,
  CommitWelcome: 28,
  AnnounceCommit: 29,
  Welcome: 30,
  InvalidCommitWelcome: 31,
} as const;

/** A participant of a call, as the DAVE group reaches it (a bot's voice session or a simulated user). */
export interface DaveParticipant {
  readonly userId: string;
  /** Send a JSON voice gateway message. */
  send(op: number, d: unknown): void;
  /** Send a binary voice gateway message (the server adds the sequence number). */
  sendBinary(op: number, payload: Buffer): void;
}

interface InFlight extends SignedProposal {
  kind: 'add' | 'remove';
  userId: string;
  leaf?: number;
  /** Participants it was sent to. */
  sentTo?: Set<string>;
}

/** An MLS variable-length vector header (RFC 9420 §2.1.2). */
export function mlsVarint(n: number): Buffer {
  if (n < 0x40) return Buffer.from([n]);
  if (n < 0x4000) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((0x80000000 | n) >>> 0);
  return b;
}

function vector(items: Buffer[]): Buffer {
  const body = Buffer.concat(items);
  return Buffer.concat([mlsVarint(body.length), body]);
}

/** Events of a DAVE group the fake reports (tests wait on them). */
export interface DaveGroupEvents {
  /** A transition was executed; `epoch` is the group's epoch after it. */
  executed?(transitionId: number, epoch: bigint): void;
}

/** The server's state of one call's DAVE group. */
export class DaveGroup {
  readonly #sender: ExternalSender;
  readonly #groupId: Buffer;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #events: DaveGroupEvents;
  readonly #participants = new Map<string, DaveParticipant>();
  readonly #keyPackages = new Map<string, CheckedKeyPackage>();
  /** The epoch of the established group; 0 while none is. */
  epoch = 0n;
  /** User id at each leaf of the established group (null: blank). */
  leaves: (string | null)[] = [];
  #inFlight: InFlight[] = [];
  #committedEpoch: bigint | undefined;
  #nextTransition = 1;
  #transition: { id: number; members: string[]; waiting: Set<string>; timer: TimerHandle | undefined } | undefined;
  /** Work is serialized: proposals are signed asynchronously, and messages must keep their order. */
  #queue: Promise<void> = Promise.resolve();
  /** Transitions executed so far. */
  transitions = 0;
  /** The call's DAVE protocol version: 1, or 0 after a downgrade (until an upgrade). */
  protocolVersion = 1;
  #pendingVersion: number | undefined;

  constructor(options: {
    sender: ExternalSender;
    channelId: string;
    clock: Clock;
    transitionTimeoutMs: number;
    events?: DaveGroupEvents;
  }) {
    this.#sender = options.sender;
    this.#groupId = groupIdOf(options.channelId);
    this.#clock = options.clock;
    this.#timeoutMs = options.transitionTimeoutMs;
    this.#events = options.events ?? {};
  }

  /** Whether a transition is announced and not yet executed. */
  get transitioning(): boolean {
    return this.#transition !== undefined;
  }

  /** Whether a group is established (a commit made epoch >= 1). */
  get established(): boolean {
    return this.epoch > 0n;
  }

  /** User ids that are members of the established group. */
  members(): string[] {
    return this.leaves.filter((id): id is string => id !== null);
  }

  /** Resolves once the work queued so far is done (tests and the server's own ordering). */
  settled(): Promise<void> {
    return this.#queue;
  }

  #run(work: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(work).catch(() => {});
  }

  /** A participant finished select protocol: send it the external sender package. */
  join(participant: DaveParticipant): void {
    this.#participants.set(participant.userId, participant);
    this.#run(() => {
      if (this.protocolVersion > 0 && this.#pendingVersion !== 0)
        participant.sendBinary(DaveOp.ExternalSender, this.#sender.package);
    });
  }

  /** Op 26 from `userId`. Returns an error text when the key package is refused. */
  keyPackage(userId: string, bytes: Buffer): void {
    this.#run(async () => {
      const participant = this.#participants.get(userId);
      if (!participant || this.protocolVersion === 0 || this.#pendingVersion === 0) return;
      const checked = await this.#sender.checkKeyPackage(bytes, userId);
      if (typeof checked === 'string') return;
      this.#keyPackages.set(userId, checked);
      if (!this.established) {
        // Initial group creation: in-flight Adds to the newcomer, its Add to the other pending members.
        const mine = this.#inFlight.filter((p) => p.kind === 'add' && p.userId === userId);
        if (mine.length > 0) await this.#revoke(mine);
        const others = this.#inFlight.filter((p) => p.kind === 'add' && p.userId !== userId && !p.sentTo?.has(userId));
        if (others.length > 0) this.#sendProposals([participant], others);
        const add = await this.#sender.proposeAdd(this.#groupId, 0n, checked.keyPackage);
        const proposal: InFlight = { ...add, kind: 'add', userId };
        this.#inFlight.push(proposal);
        const pending = [...this.#participants.values()].filter((p) => p.userId !== userId);
        this.#sendProposals(pending, [proposal]);
        return;
      }
      const proposals: InFlight[] = [];
      const leaf = this.leaves.indexOf(userId);
      if (leaf >= 0 && !this.#inFlight.some((p) => p.kind === 'remove' && p.leaf === leaf)) {
        const remove = await this.#sender.proposeRemove(this.#groupId, this.epoch, leaf);
        proposals.push({ ...remove, kind: 'remove', userId, leaf });
      }
      const add = await this.#sender.proposeAdd(this.#groupId, this.epoch, checked.keyPackage);
      proposals.push({ ...add, kind: 'add', userId });
      this.#inFlight.push(...proposals);
      this.#sendProposals(this.#memberParticipants(userId), proposals);
    });
  }

  /** Op 28 from `userId`: a commit, then (when it adds members) a Welcome. */
  commitWelcome(userId: string, bytes: Buffer): void {
    this.#run(() => {
      const commit = this.#sender.readCommit(bytes);
      if (typeof commit === 'string') return;
      if (!commit.groupId.equals(this.#groupId) || commit.epoch !== this.epoch || commit.inline) return;
      if (this.#committedEpoch === this.epoch) return; // a commit already won this epoch
      // Before the group exists, a pending member commits the Adds of everyone but itself.
      const expected = this.established ? this.#inFlight : this.#inFlight.filter((p) => p.userId !== userId);
      const byRef = new Map(expected.map((p) => [p.ref.toString('hex'), p]));
      const covered = commit.refs.map((r) => byRef.get(r.toString('hex')));
      if (covered.length === 0 || covered.length !== byRef.size || covered.some((p) => p === undefined)) return;
      // The committer of an unestablished group is the sole member of its own local group.
      let leaves = this.established ? [...this.leaves] : [userId];
      if (this.established && leaves[commit.committer] !== userId) return;
      const proposals = covered as InFlight[];
      for (const p of proposals) if (p.kind === 'remove' && p.leaf !== undefined) leaves[p.leaf] = null;
      const added: string[] = [];
      for (const p of proposals) {
        if (p.kind !== 'add') continue;
        const blank = leaves.indexOf(null);
        if (blank >= 0) leaves[blank] = p.userId;
        else leaves.push(p.userId);
        added.push(p.userId);
      }
      while (leaves.length > 0 && leaves[leaves.length - 1] === null) leaves = leaves.slice(0, -1);
      const welcome = bytes.subarray(commit.length);
      if (added.length > 0 && welcome.length === 0) return; // an Add needs its Welcome
      this.#committedEpoch = this.epoch;
      this.leaves = leaves;
      this.epoch += 1n;
      this.#inFlight = [];
      for (const id of added) this.#keyPackages.delete(id);
      const id = this.#nextTransition++;
      const commitBytes = bytes.subarray(0, commit.length);
      const members = this.members();
      this.#startTransition(id, members);
      const head = Buffer.alloc(2);
      head.writeUInt16BE(id);
      for (const member of members) {
        const participant = this.#participants.get(member);
        if (!participant) continue;
        if (added.includes(member)) participant.sendBinary(DaveOp.Welcome, Buffer.concat([head, welcome]));
        else participant.sendBinary(DaveOp.AnnounceCommit, Buffer.concat([head, commitBytes]));
      }
    });
  }

  /** Op 23 from `userId`. */
  ready(userId: string, transitionId: number): void {
    this.#run(() => {
      const t = this.#transition;
      if (!t || t.id !== transitionId) return;
      t.waiting.delete(userId);
      if (t.waiting.size === 0) this.#execute();
    });
  }

  /** Op 31 from `userId`: it could not process a commit or welcome; remove it, re-add on its next key package. */
  invalid(userId: string): void {
    this.#run(async () => {
      const leaf = this.leaves.indexOf(userId);
      if (!this.established || leaf < 0) return;
      if (this.#inFlight.some((p) => p.kind === 'remove' && p.leaf === leaf)) return;
      const remove = await this.#sender.proposeRemove(this.#groupId, this.epoch, leaf);
      const proposal: InFlight = { ...remove, kind: 'remove', userId, leaf };
      this.#inFlight.push(proposal);
      this.#sendProposals(this.#memberParticipants(userId), [proposal]);
    });
  }

  /** A participant left the call. */
  leave(userId: string): void {
    this.#participants.delete(userId);
    this.#keyPackages.delete(userId);
    this.#run(async () => {
      this.#transition?.waiting.delete(userId);
      if (this.#transition && this.#transition.waiting.size === 0) this.#execute();
      const adds = this.#inFlight.filter((p) => p.kind === 'add' && p.userId === userId);
      if (adds.length > 0) await this.#revoke(adds);
      const leaf = this.leaves.indexOf(userId);
      if (!this.established || leaf < 0) return;
      const remaining = this.members().filter((id) => id !== userId && this.#participants.has(id));
      if (remaining.length <= 1) {
        this.#reset(remaining);
        return;
      }
      const remove = await this.#sender.proposeRemove(this.#groupId, this.epoch, leaf);
      const proposal: InFlight = { ...remove, kind: 'remove', userId, leaf };
      this.#inFlight.push(proposal);
      this.#sendProposals(this.#memberParticipants(userId), [proposal]);
    });
  }

  /** Forced re-key, or the upgrade from protocol 0: every participant re-creates the group (op 24, epoch 1). */
  recreate(): void {
    this.#run(() => {
      this.#clearGroup();
      this.protocolVersion = 1;
      this.#pendingVersion = undefined;
      for (const p of this.#participants.values()) {
        p.send(DaveOp.PrepareEpoch, { protocol_version: 1, epoch: 1 });
        p.sendBinary(DaveOp.ExternalSender, this.#sender.package);
      }
    });
  }

  /** Downgrade to protocol 0: op 21 (`protocol_version: 0`) to all, op 22 once all are ready (or the timeout). */
  downgrade(): void {
    this.#run(() => {
      if (this.protocolVersion === 0 || this.#pendingVersion === 0) return;
      this.#clearGroup();
      const id = this.#nextTransition++;
      const everyone = [...this.#participants.keys()];
      this.#pendingVersion = 0;
      this.#startTransition(id, everyone);
      for (const p of this.#participants.values())
        p.send(DaveOp.PrepareTransition, { protocol_version: 0, transition_id: id });
      if (everyone.length === 0) this.#execute();
    });
  }

  /** Stop timers (the call ended). */
  close(): void {
    if (this.#transition) this.#clock.clearTimeout(this.#transition.timer);
    this.#transition = undefined;
  }

  #reset(remaining: string[]): void {
    this.#clearGroup();
    for (const id of remaining) {
      const p = this.#participants.get(id);
      p?.send(DaveOp.PrepareEpoch, { protocol_version: 1, epoch: 1 });
      p?.sendBinary(DaveOp.ExternalSender, this.#sender.package);
      p?.send(DaveOp.PrepareTransition, { protocol_version: 1, transition_id: 0 });
    }
  }

  #clearGroup(): void {
    if (this.#transition) this.#clock.clearTimeout(this.#transition.timer);
    this.#transition = undefined;
    this.epoch = 0n;
    this.leaves = [];
    this.#inFlight = [];
    this.#committedEpoch = undefined;
    this.#keyPackages.clear();
  }

  #memberParticipants(except?: string): DaveParticipant[] {
    return this.members()
      .filter((id) => id !== except)
      .map((id) => this.#participants.get(id))
      .filter((p): p is DaveParticipant => p !== undefined);
  }

  #sendProposals(to: DaveParticipant[], proposals: InFlight[]): void {
    const payload = Buffer.concat([Buffer.from([0]), vector(proposals.map((p) => p.message))]);
    for (const p of to) {
      p.sendBinary(DaveOp.Proposals, payload);
      for (const proposal of proposals) {
        proposal.sentTo ??= new Set();
        proposal.sentTo.add(p.userId);
      }
    }
  }

  async #revoke(proposals: InFlight[]): Promise<void> {
    const refs = new Set(proposals.map((p) => p.ref.toString('hex')));
    this.#inFlight = this.#inFlight.filter((p) => !refs.has(p.ref.toString('hex')));
    const payload = Buffer.concat([
      Buffer.from([1]),
      vector(proposals.map((p) => Buffer.concat([mlsVarint(p.ref.length), p.ref]))),
    ]);
    const to = this.established ? this.#memberParticipants() : [...this.#participants.values()];
    for (const p of to) p.sendBinary(DaveOp.Proposals, payload);
  }

  #startTransition(id: number, members: string[]): void {
    if (this.#transition) this.#clock.clearTimeout(this.#transition.timer);
    const waiting = new Set(members.filter((m) => this.#participants.has(m)));
    const timer = this.#clock.setTimeout(() => this.#run(() => this.#execute()), this.#timeoutMs);
    this.#transition = { id, members, waiting, timer };
  }

  #execute(): void {
    const t = this.#transition;
    if (!t) return;
    this.#clock.clearTimeout(t.timer);
    this.#transition = undefined;
    this.transitions++;
    if (this.#pendingVersion !== undefined) {
      this.protocolVersion = this.#pendingVersion;
      this.#pendingVersion = undefined;
    }
    for (const member of t.members)
      this.#participants.get(member)?.send(DaveOp.ExecuteTransition, { transition_id: t.id });
    this.#events.executed?.(t.id, this.epoch);
  }
}
