/**
 * Multi-client dedup: one application per event, whatever number of clients receive it.
 *
 * Theory. When N clients share a guild, Discord sends each of them the guild's events, in the same
 * order per guild, but at different times (one shard can be slower, or down and replaying on resume).
 * The cache must change once, and every receiving client must see the same handler arguments,
 * including the same "old" values (which only exist before the first application).
 *
 * So the first copy to arrive, from any client, is applied, and its handler arguments are kept in a
 * record, keyed by the event name plus a key of the payload (its content, or for messages the id and
 * edit time), together with the clients expected to receive it (the guild's clients at that moment whose intents
 * include the event, when they declare intents).
 * A later copy from a client that has not consumed that record yet takes the record's
 * arguments instead of being applied again. When every expected client consumed it, the record goes.
 *
 * Records per key form a queue: a client that already consumed the first record for a key and gets an
 * identical payload again (a reaction added, removed, added again) is served by the next record, or
 * applies the event anew: it is a new event for that client. Because the key includes the payload,
 * a client that missed events never takes stale arguments for a newer event.
 *
 * Nothing is lost when one client's shard is down: the copy that arrives is applied; the missing client
 * simply never consumes the record, which expires after `window` ms (or when `limit` records are pending).
 * A copy arriving after that is applied again (an idempotent state write, with fresh old values).
 * Guilds with a single client skip all of this: no key is computed and no record kept.
 *
 * Copies before parsing (issue 9, point 8). Discord sends every session the same bytes for `d`, so a
 * record is also indexed by the raw JSON text of the first copy's `d` (when the shard read it, see
 * @kokoro/gateway's raw-dispatch.ts). A later copy with the same text is recognised by a hash lookup
 * of that text before it is parsed ({@link DispatchDedup.takeRaw}): no JSON.parse, no payload check,
 * no key. Events without a key of their own are keyed by that text alone (or, without it, by
 * `JSON.stringify(d)`, which gives the same compact text). Records are one small object each, held in
 * the index maps directly until a second record for the same key needs a queue.
 *
 * The raw index is keyed by a 30-bit hash of the UTF-8 bytes of `d` (a small integer key, no string
 * hashed by the engine), and a hit is confirmed by comparing in full: a hash collision only costs a
 * comparison, it never takes the wrong record. The shard may give those bytes in place, in its
 * inflater's buffer ({@link RawBytes}): a recognised copy is then never decoded to text. A record
 * keeps the first copy's text (which its arguments came from anyway), no bytes of its own: a copy
 * given as bytes is compared with that text encoded into one reused buffer. So a record allocates
 * nothing but itself, and a copy nothing at all. Hashing and comparing bytes is several times cheaper
 * than the engine's string hash of the same text, which dominated the cost of a copy (apps/bench
 * `multiclient`).
 *
 * A client's GUILD_CREATE is its own (never deduplicated), but it is a snapshot: when other clients
 * already keep the guild current, it may be older than events they applied (whose copies this client
 * will get and dedupe), so it only adds what the cache lacks instead of overwriting.
 */
import type { Clock } from '@kokoro/common';
import type { CacheOwner } from './owner.js';

/**
 * The UTF-8 bytes of a dispatch's `d` as received, `bytes[start, end)`, read during the call only
 * (the shard's inflater reuses its buffer). The same shape as @kokoro/gateway's `RawBytes`.
 */
export interface RawBytes {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** The raw JSON of a dispatch's `d` as received: its text, or its bytes. */
export type RawData = string | RawBytes;

// A per-process seed: payloads cannot be made to collide on purpose from outside.
const SEED = (Math.random() * 0x40000000) | 0;

/** A 30-bit hash of `bytes[start, end)` (a small integer: a cheap Map key). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = SEED ^ (end - start);
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    h = Math.imul(
      h ^
        ((bytes[i] as number) |
          ((bytes[i + 1] as number) << 8) |
          ((bytes[i + 2] as number) << 16) |
          ((bytes[i + 3] as number) << 24)),
      0x9e3779b1,
    );
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x9e3779b1);
  h ^= h >>> 13;
  return h & 0x3fffffff;
}

/** An applied dispatch waiting for the other clients' copies. */
interface DedupRecord {
  /** The key in the by-key index, if any. */
  readonly key: string | undefined;
  /** The event name, and the UTF-8 bytes of `d` with their hash in the raw index, if any. */
  readonly event: string;
  readonly raw: string | undefined;
  readonly hash: number;
  readonly args: unknown[] | undefined;
  readonly expected: readonly CacheOwner[];
  /** The expected owners that consumed it (or applied it), as bits of their index in `expected`. */
  seen: number;
  /** Other owners that consumed it (not expected, or past the 30 bits of `seen`), rarely any. */
  others: CacheOwner[] | undefined;
  /** Expected owners that have not consumed it yet. */
  left: number;
  readonly at: number;
  done: boolean;
}

type Slot = DedupRecord | DedupRecord[];

/** The pending records of applied dispatches (see the module comment). */
export class DispatchDedup {
  readonly #byKey = new Map<string, Slot>();
  /** Event name -> hash of the bytes of `d` -> records. */
  readonly #byRaw = new Map<string, Map<number, Slot>>();
  // The last text hashed (route() looks a text up, then records it) and its hash.
  #lastText: string | undefined;
  #lastHash = 0;
  #queue: (DedupRecord | undefined)[] = [];
  #head = 0;
  #pending = 0;
  readonly #clock: Clock;
  readonly #window: number;
  readonly #limit: number;

  constructor(clock: Clock, window: number, limit: number) {
    this.#clock = clock;
    this.#window = window;
    this.#limit = limit;
  }

  /** Records still waiting for a copy. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * The record `owner` should take for `key`, consumed for it; `undefined` when this is a new event
   * for `owner` (apply it). The result's `args` may be undefined (an event that delivers nothing).
   */
  take(key: string, owner: CacheOwner): { args: unknown[] | undefined } | undefined {
    return this.#take(this.#byKey.get(key), owner);
  }

  /**
   * As {@link take}, by the event name and the raw JSON of `d` as received, text or bytes (a copy
   * recognised before parsing).
   */
  takeRaw(event: string, raw: RawData, owner: CacheOwner): { args: unknown[] | undefined } | undefined {
    if (this.#pending === 0) return undefined;
    const hashes = this.#byRaw.get(event);
    if (hashes === undefined) return undefined;
    const slot = hashes.get(typeof raw === 'string' ? this.#hash(raw) : hashBytes(raw.bytes, raw.start, raw.end));
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return same(slot, raw) && this.#consume(slot, owner) ? slot : undefined;
    for (const record of slot) if (same(record, raw) && this.#consume(record, owner)) return record;
    return undefined;
  }

  /**
   * Keep the arguments of a dispatch `owner` just applied, for the other `expected` owners, under
   * `key` and/or the raw text of its `d` (at least one of them).
   */
  record(
    owner: CacheOwner,
    expected: readonly CacheOwner[],
    args: unknown[] | undefined,
    key: string | undefined,
    event: string,
    raw: string | undefined,
  ): void {
    this.#expire();
    let left = 0;
    for (const o of expected) if (o !== owner) left++;
    if (left === 0) return;
    const record: DedupRecord = {
      key,
      event,
      raw,
      hash: raw === undefined ? 0 : this.#hash(raw),
      args,
      expected,
      seen: 0,
      others: undefined,
      left,
      at: this.#clock.now(),
      done: false,
    };
    mark(record, owner);
    if (key !== undefined) add(this.#byKey, key, record);
    if (raw !== undefined) {
      let hashes = this.#byRaw.get(event);
      if (!hashes) {
        hashes = new Map();
        this.#byRaw.set(event, hashes);
      }
      add(hashes, record.hash, record);
    }
    this.#queue.push(record);
    this.#pending++;
  }

  /** Forget every record (used when the cache is cleared). */
  clear(): void {
    this.#byKey.clear();
    this.#byRaw.clear();
    this.#queue = [];
    this.#head = 0;
    this.#pending = 0;
    this.#lastText = undefined;
  }

  // The hash of the UTF-8 bytes of `text` (the last one is remembered).
  #hash(text: string): number {
    if (text !== this.#lastText) {
      const length = encode(text);
      this.#lastHash = hashBytes(scratch, 0, length);
      this.#lastText = text;
    }
    return this.#lastHash;
  }

  #take(slot: Slot | undefined, owner: CacheOwner): { args: unknown[] | undefined } | undefined {
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return this.#consume(slot, owner) ? slot : undefined;
    for (const record of slot) if (this.#consume(record, owner)) return record;
    return undefined;
  }

  // Whether `owner` takes `record` (it has not yet): marks it seen, finishes it after the last copy.
  #consume(record: DedupRecord, owner: CacheOwner): boolean {
    const expected = mark(record, owner);
    if (expected === undefined) return false;
    if (expected && --record.left === 0) {
      this.#finish(record);
      // Drop finished records from the queue now: their arguments hold entities (a freed guild...).
      this.#expire();
    }
    return true;
  }

  #finish(record: DedupRecord): void {
    if (record.done) return;
    record.done = true;
    this.#pending--;
    if (record.key !== undefined) remove(this.#byKey, record.key, record);
    if (record.raw !== undefined) {
      const hashes = this.#byRaw.get(record.event);
      if (hashes) {
        remove(hashes, record.hash, record);
        if (hashes.size === 0) this.#byRaw.delete(record.event);
      }
    }
  }

  #expire(): void {
    const oldest = this.#clock.now() - this.#window;
    while (this.#head < this.#queue.length) {
      const record = this.#queue[this.#head] as DedupRecord;
      if (!record.done && record.at > oldest && this.#pending < this.#limit) break;
      this.#finish(record);
      // The slot must not keep the record (and the entities in its arguments) alive.
      this.#queue[this.#head] = undefined;
      this.#head++;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

// Mark `owner` as having seen `record`: `undefined` if it already had, else whether it was expected.
function mark(record: DedupRecord, owner: CacheOwner): boolean | undefined {
  const index = record.expected.indexOf(owner);
  if (index >= 0 && index < 30) {
    const bit = 1 << index;
    if ((record.seen & bit) !== 0) return undefined;
    record.seen |= bit;
    return true;
  }
  if (record.others?.includes(owner)) return undefined;
  if (record.others) record.others.push(owner);
  else record.others = [owner];
  return index >= 0;
}

// One buffer to encode texts into (grown as needed; nothing keeps what it holds).
let scratch = Buffer.allocUnsafe(64 * 1024);

// Encode `text` as UTF-8 into `scratch`; returns the length.
function encode(text: string): number {
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(text.length * 3);
  return scratch.write(text, 0);
}

// Whether `record` holds the text `raw` is, or encodes to.
function same(record: DedupRecord, raw: RawData): boolean {
  const text = record.raw;
  if (text === undefined) return false;
  if (typeof raw === 'string') return text === raw;
  const length = raw.end - raw.start;
  // A character is at least one byte and at most three (UTF-16 code unit to UTF-8).
  if (text.length > length || text.length * 3 < length) return false;
  return encode(text) === length && scratch.compare(raw.bytes, raw.start, raw.end, 0, length) === 0;
}

function add<K>(index: Map<K, Slot>, key: K, record: DedupRecord): void {
  const slot = index.get(key);
  if (slot === undefined) index.set(key, record);
  else if (Array.isArray(slot)) slot.push(record);
  else index.set(key, [slot, record]);
}

function remove<K>(index: Map<K, Slot>, key: K, record: DedupRecord): void {
  const slot = index.get(key);
  if (slot === record) {
    index.delete(key);
    return;
  }
  if (!Array.isArray(slot)) return;
  const at = slot.indexOf(record);
  if (at >= 0) slot.splice(at, 1);
  if (slot.length === 1) index.set(key, slot[0] as DedupRecord);
  else if (slot.length === 0) index.delete(key);
}
