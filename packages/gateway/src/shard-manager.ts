/**
 * Many shards of one application in one process. The shard count comes from `GET /gateway/bot`
 * (`shards`, Discord's recommendation) or is given; `shardIds` picks the shards this process runs
 * (the rest may run elsewhere). All shards share one identify queue built from `max_concurrency`
 * and `session_start_limit` (the runtime's queue of the token, shared with every other manager of
 * the bot: see shared-identify-queue.ts), so they start bucket by bucket at Discord's pace; a guild's events
 * arrive on shard `(guild_id >> 22) % shard_count`. Starting checks the day's session starts first:
 * too few left is a clear error, not a loop that spends them.
 */
import { type Logger, shardIdForGuild, silentLogger, systemClock, ValidationError } from '@kokoro/common';
import type { APIGatewayBotInfo } from 'discord-api-types/v10';
import { SessionStartLimitError } from './errors.js';
import type { IdentifyQueue } from './identify-queue.js';
import { Shard } from './shard.js';
import type { ShardOptions } from './shard-options.js';
import { sharedIdentifyQueue } from './shared-identify-queue.js';

/** Options of a {@link ShardManager}: the shared shard options plus how many shards and which. */
export interface ShardManagerOptions extends Omit<ShardOptions, 'shardId' | 'shardCount' | 'url' | 'identifyQueue'> {
  /** `GET /gateway/bot` (URL, recommended shards, session start limit). */
  fetchGatewayBot: () => Promise<APIGatewayBotInfo>;
  /** Total shards, or 'auto' for Discord's recommendation (default 'auto'). */
  shardCount?: number | 'auto';
  /** The shards this manager runs (default all). */
  shardIds?: readonly number[];
  /** Gateway URL; default from `GET /gateway/bot`. */
  url?: string;
  /** Identify queue; default a `LocalIdentifyQueue` from `GET /gateway/bot`. */
  identifyQueue?: IdentifyQueue;
}

/** Runs the shards of one application. */
export class ShardManager {
  /** The shards this manager runs, by id (filled by `start()`). */
  readonly shards = new Map<number, Shard>();
  /** Total shards of the application (known after `start()`). */
  shardCount = 0;
  readonly #options: ShardManagerOptions;
  readonly #logger: Logger;

  constructor(options: ShardManagerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The shard a guild's events arrive on (undefined if this manager does not run it). */
  shardForGuild(guild: string | { id: string }): Shard | undefined {
    const guildId = typeof guild === 'string' ? guild : guild.id;
    return this.shards.get(shardIdForGuild(guildId, this.shardCount || 1));
  }

  /** Create and start the shards; resolves when every one is ready. */
  async start(): Promise<void> {
    const options = this.#options;
    const clock = options.clock ?? systemClock;
    const needInfo =
      options.url === undefined ||
      options.shardCount === undefined ||
      options.shardCount === 'auto' ||
      !options.identifyQueue;
    const info = needInfo ? await options.fetchGatewayBot() : undefined;
    const count = typeof options.shardCount === 'number' ? options.shardCount : (info?.shards ?? 1);
    if (!Number.isInteger(count) || count < 1)
      throw new ValidationError('shardCount', `must be a positive integer, got ${count}`);
    const ids = options.shardIds ? [...options.shardIds] : Array.from({ length: count }, (_, i) => i);
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= count) {
        throw new ValidationError('shardIds', `shard id ${id} is outside 0..${count - 1} (shardCount ${count})`);
      }
    }
    const limit = info?.session_start_limit;
    const local = options.identifyQueue
      ? undefined
      : sharedIdentifyQueue(options.token, {
          clock,
          maxConcurrency: limit?.max_concurrency ?? 1,
          ...(limit ? { sessionStartLimit: limit } : {}),
        });
    // Every shard identifies once; the queue keeps its reserve. Too few: stop before the first.
    const reserve = local?.reserve ?? 0;
    if (limit && limit.remaining - reserve < ids.length) {
      throw new SessionStartLimitError(limit.remaining, limit.reset_after, reserve);
    }
    // A queue of the caller's (shared by processes) learns the bucket count and the day's starts too.
    if (options.identifyQueue && limit) await options.identifyQueue.updateLimit?.(limit);
    const queue: IdentifyQueue = options.identifyQueue ?? local!;
    const url = options.url ?? info?.url;
    if (!url) throw new ValidationError('url', 'no gateway URL: give `url` or a fetchGatewayBot that returns one');
    this.shardCount = count;
    let ready = 0;
    const started = ids.map((id) => {
      const shard = new Shard({ ...options, url, shardId: id, shardCount: count, identifyQueue: queue });
      this.shards.set(id, shard);
      return shard.start().then(() => {
        ready++;
        this.#logger.info(`shard ${id} ready (${ready} of ${ids.length} ready)`);
      });
    });
    try {
      await Promise.all(started);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Close every shard (1000 by default: the bot goes offline). */
  async close(code = 1000): Promise<void> {
    await Promise.all([...this.shards.values()].map((shard) => shard.close(code)));
  }
}
