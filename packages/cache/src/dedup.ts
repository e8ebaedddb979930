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
 * A client's GUILD_CREATE is its own (never deduplicated), but it is a snapshot: when other clients
 * already keep the guild current, it may be older than events they applied (whose copies this client
 * will get and dedupe), so it only adds what the cache lacks instead of overwriting.
 */
import type { Clock } from '@kokoro/common';
import type { CacheOwner } from './owner.js';

/** An applied dispatch waiting for the other clients' copies. */
interface DedupRecord {
  readonly key: string;
  readonly args: unknown[] | undefined;
  readonly expected: readonly CacheOwner[];
  readonly seen: CacheOwner[];
  readonly at: number;
  done: boolean;
}

/** The pending records of applied dispatches (see the module comment). */
export class DispatchDedup {
  readonly #byKey = new Map<string, DedupRecord[]>();
  #queue: DedupRecord[] = [];
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
   * for `owner` (apply it). `found` distinguishes "no record" from a record whose arguments are undefined.
   */
  take(key: string, owner: CacheOwner): { args: unknown[] | undefined } | undefined {
    const list = this.#byKey.get(key);
    if (!list) return undefined;
    for (let i = 0; i < list.length; i++) {
      const record = list[i] as DedupRecord;
      if (record.seen.includes(owner)) continue;
      record.seen.push(owner);
      if (record.expected.every((o) => record.seen.includes(o))) {
        this.#finish(record);
        // Drop finished records from the queue now: their arguments hold entities (a freed guild...).
        this.#expire();
      }
      return { args: record.args };
    }
    return undefined;
  }

  /** Keep the arguments of a dispatch `owner` just applied, for the other `expected` owners. */
  record(key: string, owner: CacheOwner, expected: readonly CacheOwner[], args: unknown[] | undefined): void {
    this.#expire();
    if (expected.every((o) => o === owner)) return;
    const record: DedupRecord = { key, args, expected, seen: [owner], at: this.#clock.now(), done: false };
    const list = this.#byKey.get(key);
    if (list) list.push(record);
    else this.#byKey.set(key, [record]);
    this.#queue.push(record);
    this.#pending++;
  }

  /** Forget every record (used when the cache is cleared). */
  clear(): void {
    this.#byKey.clear();
    this.#queue = [];
    this.#head = 0;
    this.#pending = 0;
  }

  #finish(record: DedupRecord): void {
    if (record.done) return;
    record.done = true;
    this.#pending--;
    const list = this.#byKey.get(record.key);
    if (!list) return;
    const index = list.indexOf(record);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.#byKey.delete(record.key);
  }

  #expire(): void {
    const oldest = this.#clock.now() - this.#window;
    while (this.#head < this.#queue.length) {
      const record = this.#queue[this.#head] as DedupRecord;
      if (!record.done && record.at > oldest && this.#pending < this.#limit) break;
      this.#finish(record);
      // The slot must not keep the record (and the entities in its arguments) alive.
      (this.#queue as (DedupRecord | undefined)[])[this.#head] = undefined;
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
