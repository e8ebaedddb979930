/**
 * The identify queue. Discord lets an application start `max_concurrency` sessions per 5 s: shards
 * fall into buckets keyed `shard_id % max_concurrency`, and each bucket admits one Identify per 5 s.
 * All shards of an application must share one queue (the interface lets a distributed version take
 * the in-memory one's place). The queue also keeps the daily `session_start_limit`: it counts the
 * identifies it admits and refuses, with a clear error, to spend the last `reserve` of them, so a
 * shard caught in a reconnect loop cannot burn the day's budget (Discord resets the token at zero).
 */
import type { Clock } from '@kokoro/common';
import type { APIGatewaySessionStartLimit } from 'discord-api-types/v10';
import { SessionStartLimitError } from './errors.js';

/** Admits Identifies at the pace Discord allows. */
export interface IdentifyQueue {
  /**
   * Wait for the right to identify `shardId`. Rejects with `SessionStartLimitError` when the daily
   * budget is (nearly) spent, or with the signal's reason when aborted.
   */
  acquire(shardId: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: a fresher `session_start_limit` (with `max_concurrency`) from `GET /gateway/bot`. A
   * `ShardManager` given a queue passes on what it fetched, before its shards identify.
   */
  updateLimit?(limit: APIGatewaySessionStartLimit): void | Promise<void>;
}

/** Options of {@link LocalIdentifyQueue}. */
export interface LocalIdentifyQueueOptions {
  /** `max_concurrency` from `GET /gateway/bot` (default 1). */
  maxConcurrency?: number;
  /** The clock of the identify spacing (one identify per bucket per window). */
  clock: Clock;
  /** `session_start_limit` from `GET /gateway/bot`; without it the daily budget is not checked. */
  sessionStartLimit?: APIGatewaySessionStartLimit;
  /** Session starts never spent by this queue (default: 2, or fewer when the total is small). */
  reserve?: number;
  /** Window of one bucket (default 5000 ms). */
  window?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The in-memory identify queue for one process. */
export class LocalIdentifyQueue implements IdentifyQueue {
  /** `max_concurrency`: the number of buckets. */
  readonly maxConcurrency: number;
  /** Session starts left, as this queue counts them. */
  remaining: number;
  /** Session starts this queue never spends. */
  readonly reserve: number;
  readonly #clock: Clock;
  readonly #window: number;
  #limited: boolean;
  #resetAt: number;
  #total: number;
  readonly #nextFree = new Map<number, number>();
  readonly #queues = new Map<number, Waiter[]>();
  readonly #draining = new Set<number>();

  constructor(options: LocalIdentifyQueueOptions) {
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 1);
    this.#clock = options.clock;
    this.#window = options.window ?? 5000;
    const limit = options.sessionStartLimit;
    this.#limited = limit !== undefined;
    this.#total = limit?.total ?? Number.POSITIVE_INFINITY;
    this.remaining = limit?.remaining ?? Number.POSITIVE_INFINITY;
    this.#resetAt = this.#clock.now() + (limit?.reset_after ?? 0);
    this.reserve = options.reserve ?? Math.min(2, Math.max(0, Math.floor(this.#total / 10)));
  }

  /**
   * A fresher `session_start_limit` (from a later `GET /gateway/bot` of the same bot): Discord's
   * count replaces this queue's, so two managers of one token do not each believe the old number.
   */
  updateLimit(limit: APIGatewaySessionStartLimit): void {
    this.#limited = true;
    this.#total = limit.total;
    this.remaining = limit.remaining;
    this.#resetAt = this.#clock.now() + limit.reset_after;
  }

  /** The bucket of a shard. */
  bucketOf(shardId: number): number {
    return shardId % this.maxConcurrency;
  }

  /** See {@link IdentifyQueue.acquire}: waits in the shard's bucket, in order of arrival. */
  acquire(shardId: number, signal?: AbortSignal): Promise<void> {
    const bucket = this.bucketOf(shardId);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = { resolve, reject };
      signal?.addEventListener('abort', () => {
        const queue = this.#queues.get(bucket);
        const index = queue?.indexOf(waiter) ?? -1;
        if (index >= 0) queue!.splice(index, 1);
        reject(signal.reason);
      });
      const queue = this.#queues.get(bucket);
      if (queue) queue.push(waiter);
      else this.#queues.set(bucket, [waiter]);
      this.#drain(bucket);
    });
  }

  #drain(bucket: number): void {
    if (this.#draining.has(bucket)) return;
    const queue = this.#queues.get(bucket);
    if (!queue || queue.length === 0) return;
    const now = this.#clock.now();
    const wait = (this.#nextFree.get(bucket) ?? 0) - now;
    if (wait > 0) {
      this.#draining.add(bucket);
      this.#clock.setTimeout(() => {
        this.#draining.delete(bucket);
        this.#drain(bucket);
      }, wait);
      return;
    }
    const waiter = queue.shift()!;
    if (this.#limited) {
      if (now >= this.#resetAt) {
        this.remaining = this.#total;
        this.#resetAt = now + 86_400_000;
      }
      if (this.remaining <= this.reserve) {
        waiter.reject(new SessionStartLimitError(this.remaining, this.#resetAt - now, this.reserve));
        this.#drain(bucket);
        return;
      }
      this.remaining--;
    }
    this.#nextFree.set(bucket, now + this.#window);
    waiter.resolve();
    this.#drain(bucket);
  }
}
