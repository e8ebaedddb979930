/**
 * Rate-limit state shared by several processes of one token.
 *
 * Discord counts a token's limits wherever its requests come from: two processes that each follow
 * the headers of their own answers will together send twice what a bucket allows, and each will
 * think the global second has room. The in-process limiter (limiter.ts) stays in charge of order,
 * queues and fairness; a {@link RateLimitStore} adds the one thing a process cannot know alone —
 * what the *other* processes took. The limiter asks the store before every request
 * ({@link RateLimitStore.take}: a bucket slot and, unless exempt, a global slot, atomically) and
 * reports every answer ({@link RateLimitStore.settle}: the bucket's window from the headers, a 429's
 * block). It also learns route → bucket mappings other processes found ({@link RateLimitStore.bucketOf}),
 * so a route is probed once for all, and shares the invalid-request count (Discord bans per IP).
 *
 * Bucket keys are opaque strings the limiter makes (`bucket id|major`, or `METHOD /route|major`
 * while the bucket is unknown). A major parameter may be a webhook token: a store must not write a
 * key as it is (hash it). Without a store (the default) nothing of this runs: one process, as before.
 */

/** What an answer said of its bucket, for {@link RateLimitStore.settle}. */
export interface RateLimitAnswerState {
  /** `X-RateLimit-Limit`, when sent. */
  limit?: number;
  /** `X-RateLimit-Remaining`, when sent. */
  remaining?: number;
  /** `X-RateLimit-Reset-After` in ms, when sent. */
  resetAfter?: number;
  /** The bucket must pause this long (a 429 of scope `user` or `shared`), ms. */
  block?: number;
  /** Every bucket of the token must pause this long (a global 429), ms. */
  globalBlock?: number;
}

/** Shared rate-limit state of one token. Every call must settle (implementations bound their I/O). */
export interface RateLimitStore {
  /**
   * Ask to send one request in `bucket`. Resolves 0 when it may leave now — a slot of the bucket's
   * window and, when `global`, one of the token's global limit are taken for it — else the ms to wait
   * before asking again.
   */
  take(bucket: string, global: boolean): Promise<number>;
  /**
   * The answer (or failure: `answer` empty) of a request that took a slot in `taken`. `bucket` is the
   * bucket the answer named (the same, or the real one when `taken` was a route not known yet); the
   * global slot, if any, frees one window after now.
   */
  settle(taken: string, bucket: string, answer: RateLimitAnswerState, global: boolean): Promise<void>;
  /** The bucket id some process learned for a route key: null for no limit, undefined when unknown. */
  bucketOf(routeKey: string): Promise<string | null | undefined>;
  /** Tell every process the bucket id of a route key (null: the route has no limit). */
  learn(routeKey: string, bucketId: string | null): Promise<void>;
  /** Count one invalid answer (401, 403, non-shared 429); resolves with the shared count in its window. */
  recordInvalid(): Promise<number>;
  /** The shared invalid-answer count in its window. */
  invalidCount(): Promise<number>;
}
