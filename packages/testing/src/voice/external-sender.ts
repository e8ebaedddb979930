/**
 * The voice server's side of DAVE's MLS: the **external sender** (RFC 9420 §12.1.8.1). Discord's
 * voice gateway is not a member of a call's MLS group; it is named in the group's `external_senders`
 * extension and signs the Add and Remove proposals that members commit. This module is that
 * sender, built on ts-mls (an RFC 9420 implementation in TypeScript, with ciphersuite 2,
 * `MLS_128_DHKEMP256_AES128GCM_SHA256_P256`, DAVE's, and external proposals) and its P-256
 * signatures (@noble/curves, DER-encoded ECDSA as MLS and OpenMLS use).
 *
 * What the delivery service needs of MLS is small, and that is all it does: encode its
 * `ExternalSender` (op 25's body); sign an external Add (a member's key package) or Remove (a leaf
 * index) for the group `(group_id, epoch)`, as a PublicMessage whose FramedContentTBS carries no
 * group context (external senders do not know it); compute each proposal's reference (RefHash
 * "MLS 1.0 Proposal Reference"); read a key package (ciphersuite, basic credential whose identity is
 * the user id as a big-endian u64); and read a member's commit (group, epoch, committer's leaf,
 * the proposal references it covers, its length inside op 28 where the Welcome follows it).
 *
 * The group id of a DAVE call is the channel id as a big-endian u64. Everything is loaded with
 * `import()` on first use, so a fake that never hosts a DAVE call never loads ts-mls.
 */

type TsMls = typeof import('ts-mls');
type KeyPackage = import('ts-mls').KeyPackage;

/** DAVE protocol version 1's MLS ciphersuite. */
export const DAVE_CIPHERSUITE = 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256' as const;

/** A member's key package as the voice server checked it. */
export interface CheckedKeyPackage {
  /** The user id in the basic credential. */
  userId: string;
  /** The decoded key package (for an Add proposal). */
  keyPackage: KeyPackage;
}

/** A proposal the external sender signed: the MLSMessage bytes and its proposal reference. */
export interface SignedProposal {
  message: Buffer;
  ref: Buffer;
}

/** A member's commit as the voice server reads it. */
export interface ReadCommit {
  groupId: Buffer;
  epoch: bigint;
  /** Leaf index of the committer. */
  committer: number;
  /** Proposal references covered by the commit (inline proposals make it invalid for DAVE). */
  refs: Buffer[];
  /** Whether the commit carries an inline proposal (DAVE allows only references). */
  inline: boolean;
  /** Bytes of the MLSMessage (what follows in op 28 is the Welcome). */
  length: number;
}

/** The group id of a call: the channel id as a big-endian u64. */
export function groupIdOf(channelId: string): Buffer {
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(BigInt(channelId));
  return id;
}

function userIdOf(identity: Uint8Array): string | undefined {
  if (identity.length !== 8) return undefined;
  return Buffer.from(identity).readBigUInt64BE(0).toString();
}

/** The voice server's external sender: its P-256 key and what it signs. The fake voice server makes one per call when DAVE is on. */
export class ExternalSender {
  readonly #mls: TsMls;
  readonly #cs: import('ts-mls').CiphersuiteImpl;
  readonly #publicKey: Uint8Array;
  readonly #signKey: Uint8Array;
  readonly #extension: Uint8Array;

  /** @internal */
  constructor(mls: TsMls, cs: import('ts-mls').CiphersuiteImpl, publicKey: Uint8Array, signKey: Uint8Array) {
    this.#mls = mls;
    this.#cs = cs;
    this.#publicKey = publicKey;
    this.#signKey = signKey;
    this.#extension = mls.encodeExternalSender({
      signaturePublicKey: publicKey,
      credential: { credentialType: 'basic', identity: new Uint8Array(8) },
    });
  }

  /** Op 25's body: the encoded `ExternalSender` (signature key, basic credential). */
  get package(): Buffer {
    return Buffer.from(this.#extension);
  }

  /** Check a key package (op 26) sent by `userId`; a string saying what is wrong if it is bad. */
  async checkKeyPackage(bytes: Buffer, userId: string): Promise<CheckedKeyPackage | string> {
    const { decodeKeyPackage, verifyKeyPackage } = await import('ts-mls/keyPackage.js');
    let decoded: [KeyPackage, number] | undefined;
    try {
      decoded = decodeKeyPackage(new Uint8Array(bytes), 0);
    } catch {
      decoded = undefined;
    }
    if (!decoded || decoded[1] !== bytes.length) return 'the key package does not decode';
    const [keyPackage] = decoded;
    if (keyPackage.cipherSuite !== DAVE_CIPHERSUITE) return `ciphersuite ${keyPackage.cipherSuite} is not DAVE's`;
    const credential = keyPackage.leafNode.credential;
    if (credential.credentialType !== 'basic') return 'the credential is not basic';
    const id = userIdOf(credential.identity);
    if (id !== userId) return `the credential names user ${id ?? '(not a u64)'}, not ${userId}`;
    if (!(await verifyKeyPackage(keyPackage, this.#cs.signature))) return 'the key package signature is wrong';
    return { userId, keyPackage };
  }

  /** Sign an external Add proposal of `keyPackage` for the group `(groupId, epoch)`. */
  proposeAdd(groupId: Buffer, epoch: bigint, keyPackage: KeyPackage): Promise<SignedProposal> {
    return this.#propose(groupId, epoch, { proposalType: 'add', add: { keyPackage } });
  }

  /** Sign an external Remove proposal of leaf `leafIndex` for the group `(groupId, epoch)`. */
  proposeRemove(groupId: Buffer, epoch: bigint, leafIndex: number): Promise<SignedProposal> {
    return this.#propose(groupId, epoch, { proposalType: 'remove', remove: { removed: leafIndex } });
  }

  async #propose(groupId: Buffer, epoch: bigint, proposal: import('ts-mls').Proposal): Promise<SignedProposal> {
    const { makeProposalRef } = await import('ts-mls/authenticatedContent.js');
    // The external sender signs without the group context; only group id and epoch enter the content.
    const groupInfo = {
      groupContext: {
        version: 'mls10',
        cipherSuite: DAVE_CIPHERSUITE,
        groupId: new Uint8Array(groupId),
        epoch,
        treeHash: new Uint8Array(),
        confirmedTranscriptHash: new Uint8Array(),
        extensions: [{ extensionType: 'external_senders', extensionData: this.#extension }],
      },
    } as unknown as import('ts-mls').GroupInfo;
    const message = await this.#mls.proposeExternal(groupInfo, proposal, this.#publicKey, this.#signKey, this.#cs);
    if (message.wireformat !== 'mls_public_message') throw new Error('ts-mls made no PublicMessage');
    const ref = await makeProposalRef(
      { wireformat: 'mls_public_message', content: message.publicMessage.content, auth: message.publicMessage.auth },
      this.#cs.hash,
    );
    return { message: Buffer.from(this.#mls.encodeMlsMessage(message)), ref: Buffer.from(ref) };
  }

  /** Read a commit MLSMessage at the start of `bytes`; a string saying what is wrong if it is not one. */
  readCommit(bytes: Buffer): ReadCommit | string {
    let decoded: ReturnType<TsMls['decodeMlsMessage']>;
    try {
      decoded = this.#mls.decodeMlsMessage(new Uint8Array(bytes), 0);
    } catch {
      decoded = undefined;
    }
    if (!decoded) return 'the commit does not decode';
    const [message, length] = decoded;
    if (message.wireformat !== 'mls_public_message') return 'the commit is not a PublicMessage';
    const { content } = message.publicMessage;
    if (content.contentType !== 'commit') return 'the message is not a commit';
    if (content.sender.senderType !== 'member') return 'the commit is not from a member';
    const refs: Buffer[] = [];
    let inline = false;
    for (const p of content.commit.proposals) {
      if (p.proposalOrRefType === 'reference') refs.push(Buffer.from(p.reference));
      else inline = true;
    }
    return {
      groupId: Buffer.from(content.groupId),
      epoch: content.epoch,
      committer: content.sender.leafIndex,
      refs,
      inline,
      length,
    };
  }
}

let pending: Promise<ExternalSender> | undefined;

/**
 * The external sender of this process's fake voice servers (one P-256 key, made on first use:
 * key generation and ts-mls's set-up are the slow part, about 0.1 s).
 */
export function createExternalSender(): Promise<ExternalSender> {
  pending ??= (async () => {
    const mls = await import('ts-mls');
    const { p256 } = await import('@noble/curves/nist.js');
    const cs = await mls.getCiphersuiteImpl(mls.getCiphersuiteFromName(DAVE_CIPHERSUITE));
    const signKey = p256.utils.randomSecretKey();
    return new ExternalSender(mls, cs, p256.getPublicKey(signKey, false), signKey);
  })();
  return pending;
}
