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
 * inflater's buffer (`RawBytes` of @kokoro/common): a recognised copy is then never decoded to
 * text. Hashing and comparing bytes is several times cheaper than the engine's string hash of the
 * same text, which dominated the cost of a copy (apps/bench `multiclient`).
 *
 * A record keeps the bytes of `d`, not its text: the text of every pending record lived long enough
 * to be promoted to the old generation (half of what the multi-client stream promoted, measured with
 * --trace-gc-nvp). The bytes go to a ring buffer outside the JS heap, written in record order and
 * reused a lap later; a record still pending when its bytes are about to be overwritten (a client
 * that never gets the event, say) gets its text back, decoded from them, and the ring doubles (up to
 * 16 MB) if that record was young. A record whose bytes were overwritten anyway could only fail to
 * match (every hit compares the bytes it holds now), never match another payload.
 *
 * A client's GUILD_CREATE is its own (never deduplicated), but it is a snapshot: when other clients
 * already keep the guild current, it may be older than events they applied (whose copies this client
 * will get and dedupe), so it only adds what the cache lacks instead of overwriting.
 */
import type { Clock, RawData } from '@kokoro/common';
import type { CacheOwner } from './owner.js';

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
  /** The event name, and the hash of the UTF-8 bytes of `d` in the raw index (if `raw`). */
  readonly event: string;
  readonly raw: boolean;
  readonly hash: number;
  /** Where the bytes of `d` are: `ring[offset, offset + length)`, or `text` once taken out of the ring. */
  ring: Buffer | undefined;
  offset: number;
  /** Where in the ring's endless sequence of bytes the record starts (see #store). */
  position: number;
  length: number;
  text: string | undefined;
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
  // The ring of record bytes (allocated on first use), its records in order, and where the next goes.
  #ring: Buffer | undefined;
  #stored: (DedupRecord | undefined)[] = [];
  #storedHead = 0;
  #end = 0;
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
    const slot = hashes.get(typeof raw === 'string' ? hashText(raw) : hashBytes(raw.bytes, raw.start, raw.end));
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
      raw: raw !== undefined,
      hash: raw === undefined ? 0 : hashText(raw),
      ring: undefined,
      offset: 0,
      position: 0,
      length: 0,
      text: undefined,
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
      // hashText left its bytes in `scratch`.
      this.#store(record, raw);
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
    this.#ring = undefined;
    this.#stored = [];
    this.#storedHead = 0;
    this.#end = 0;
  }

  // Put the bytes of `text` (in `scratch`, `lastLength` of them) in the ring, or keep the text if it is
  // big. Positions count bytes written since the ring was made; a record's bytes are at
  // `position % size` and stay there until the writing passes `position + size`.
  #store(record: DedupRecord, text: string): void {
    const length = lastLength;
    let ring = this.#ring;
    if (ring === undefined) {
      ring = Buffer.allocUnsafeSlow(RING_MIN);
      this.#ring = ring;
    }
    if (length > ring.length / 8) {
      record.text = text;
      return;
    }
    let position = this.#end;
    let offset = position % ring.length;
    if (offset + length > ring.length) {
      position += ring.length - offset;
      offset = 0;
    }
    if (!this.#evict(position + length - ring.length)) {
      this.#store(record, text);
      return;
    }
    scratch.copy(ring, offset, 0, length);
    record.ring = ring;
    record.offset = offset;
    record.position = position;
    record.length = length;
    this.#end = position + length;
    this.#stored.push(record);
  }

  // Take out of the ring every record starting before `limit` (their bytes are about to be
  // overwritten): a pending one gets its text. `false` when the ring was replaced by a bigger one
  // because such a record was young (store again).
  #evict(limit: number): boolean {
    const ring = this.#ring as Buffer;
    const stored = this.#stored;
    let grow = false;
    while (this.#storedHead < stored.length) {
      const record = stored[this.#storedHead] as DedupRecord;
      // A finished record leaves at once (it holds its arguments); a pending one when overwritten.
      if (!record.done && record.position >= limit) break;
      if (!record.done && record.ring === ring) {
        record.text = ring.toString('utf8', record.offset, record.offset + record.length);
        record.ring = undefined;
        if (record.at > this.#clock.now() - YOUNG && ring.length < RING_MAX) grow = true;
      }
      stored[this.#storedHead] = undefined;
      this.#storedHead++;
    }
    if (this.#storedHead === stored.length) {
      this.#stored = [];
      this.#storedHead = 0;
    } else if (this.#storedHead > 1024 && this.#storedHead * 2 > stored.length) {
      this.#stored = stored.slice(this.#storedHead);
      this.#storedHead = 0;
    }
    if (!grow) return true;
    // The records left in the old ring keep it: nothing writes there again.
    this.#ring = Buffer.allocUnsafeSlow(ring.length * 2);
    this.#stored = [];
    this.#storedHead = 0;
    this.#end = 0;
    return false;
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
    record.ring = undefined;
    record.text = undefined;
    if (record.raw) {
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

// The ring's first and largest sizes, and the age under which a record taken out of it makes it grow.
const RING_MIN = 256 * 1024;
const RING_MAX = 16 * 1024 * 1024;
const YOUNG = 5000;

// One buffer to encode texts into (grown as needed), holding the bytes of `lastText`.
let scratch = Buffer.allocUnsafe(64 * 1024);
let lastText: string | undefined;
let lastLength = 0;
let lastHash = 0;

// The hash of the UTF-8 bytes of `text`, which it leaves in `scratch[0, lastLength)` (route() looks
// a text up, then records it: the last one is remembered).
function hashText(text: string): number {
  if (text !== lastText) {
    if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(text.length * 3);
    lastLength = scratch.write(text, 0);
    lastHash = hashBytes(scratch, 0, lastLength);
    lastText = text;
  }
  return lastHash;
}

// Whether `record` holds the bytes of `raw` (a text: hashText just left its bytes in `scratch`).
function same(record: DedupRecord, raw: RawData): boolean {
  let bytes: Uint8Array;
  let start: number;
  let end: number;
  if (typeof raw === 'string') {
    if (record.text !== undefined) return record.text === raw;
    bytes = scratch;
    start = 0;
    end = lastLength;
  } else ({ bytes, start, end } = raw);
  const length = end - start;
  const ring = record.ring;
  if (ring !== undefined)
    return length === record.length && ring.compare(bytes, start, end, record.offset, record.offset + length) === 0;
  // Bytes against a record out of the ring: its text, encoded (a character is one to three bytes).
  const text = record.text;
  if (text === undefined || text.length > length || text.length * 3 < length) return false;
  hashText(text);
  return lastLength === length && scratch.compare(bytes, start, end, 0, length) === 0;
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
