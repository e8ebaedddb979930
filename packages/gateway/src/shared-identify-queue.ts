/**
 * One identify queue per token in the runtime. Discord paces session starts per application, not
 * per connection object: two `ShardManager`s of one bot (shards split over two clients, or a client
 * stopped and started again within 5 s) identifying through queues of their own would identify too
 * fast, earn op 9 "invalid session" and wait again. So managers that are not given a queue take the
 * runtime's queue of their token (and clock), which remembers each `max_concurrency` bucket's last
 * identify across managers and restarts.
 */
import type { Clock } from '@kokoro/common';
import { LocalIdentifyQueue, type LocalIdentifyQueueOptions } from './identify-queue.js';

const byClock = new WeakMap<Clock, Map<string, LocalIdentifyQueue>>();

/**
 * The runtime's identify queue of `token` on `options.clock`, made on first use. A later call with a
 * `sessionStartLimit` refreshes the queue's count; a different `maxConcurrency` (Discord changed the
 * bot's buckets) gives a new queue.
 */
export function sharedIdentifyQueue(token: string, options: LocalIdentifyQueueOptions): LocalIdentifyQueue {
  let queues = byClock.get(options.clock);
  if (!queues) {
    queues = new Map();
    byClock.set(options.clock, queues);
  }
  const key = token.replace(/^Bot\s+/i, '');
  const existing = queues.get(key);
  if (existing && existing.maxConcurrency === Math.max(1, options.maxConcurrency ?? 1)) {
    if (options.sessionStartLimit) existing.updateLimit(options.sessionStartLimit);
    return existing;
  }
  const queue = new LocalIdentifyQueue(options);
  queues.set(key, queue);
  return queue;
}
