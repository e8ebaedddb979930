/**
 * Identify checks of the fake gateway, in Discord's order: token (4004), intents present and known
 * (4013), privileged intents the bot may use (4014), shard pair (4010), guilds per shard (4011).
 * The accounting Discord does after these checks (`session_start_limit`, `max_concurrency` buckets of
 * one identify per 5 s keyed `shard_id % max_concurrency`) is kept by {@link IdentifyAccount}; what
 * happens when it is exceeded is in registry.ts.
 */
import { shardIdForGuild } from '@kokoro/common';
import { GatewayCloseCodes, type GatewayIdentifyData, GatewayIntentBits } from 'discord-api-types/v10';
import type { GatewayBot, GatewayWorld } from './world-view.js';

/** Every intent bit Discord knows. */
export const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);

/** The privileged intents. */
export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** A checked Identify. */
export interface IdentifyOk {
  bot: GatewayBot;
  intents: number;
  shardId: number;
  shardCount: number;
}

/** The outcome of the checks: a session to open, or a close code and reason. */
export type IdentifyCheck = { ok: IdentifyOk } | { close: number; reason: string };

/** Check an Identify payload against the world (see the module comment for the order). */
export function checkIdentify(world: GatewayWorld, data: unknown, guildsPerShard: number): IdentifyCheck {
  const d = (data ?? {}) as Partial<GatewayIdentifyData>;
  const bot = typeof d.token === 'string' ? world.botByToken(d.token.replace(/^Bot /, '')) : undefined;
  if (!bot) return { close: GatewayCloseCodes.AuthenticationFailed, reason: 'Authentication failed.' };
  const intents = d.intents;
  if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
    return { close: GatewayCloseCodes.InvalidIntents, reason: 'Invalid intent(s).' };
  }
  if ((intents & PRIVILEGED_INTENTS & ~bot.privilegedIntents) !== 0) {
    return { close: GatewayCloseCodes.DisallowedIntents, reason: 'Disallowed intent(s).' };
  }
  let shardId = 0;
  let shardCount = 1;
  if (d.shard !== undefined) {
    const pair = d.shard as unknown;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((n) => Number.isInteger(n))) {
      return { close: GatewayCloseCodes.InvalidShard, reason: 'Invalid shard.' };
    }
    [shardId, shardCount] = pair as [number, number];
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      return { close: GatewayCloseCodes.InvalidShard, reason: 'Invalid shard.' };
    }
  }
  const onShard = world.guildIdsOf(bot.id).filter((id) => shardIdForGuild(id, shardCount) === shardId).length;
  if (onShard > guildsPerShard) return { close: GatewayCloseCodes.ShardingRequired, reason: 'Sharding required.' };
  return { ok: { bot, intents, shardId, shardCount } };
}

/** One bot's `session_start_limit` and identify buckets. */
export class IdentifyAccount {
  total: number;
  remaining: number;
  resetAt: number;
  readonly #lastByBucket = new Map<number, number>();

  constructor(
    total: number,
    now: number,
    readonly maxConcurrency: number,
    readonly window = 86_400_000,
    readonly bucketWindow = 5000,
  ) {
    this.total = total;
    this.remaining = total;
    this.resetAt = now + window;
  }

  /** Refill the daily limit when its time has come. */
  refresh(now: number): void {
    if (now < this.resetAt) return;
    this.remaining = this.total;
    this.resetAt = now + this.window;
  }

  /** Spend one session start; false when none is left. */
  spend(now: number): boolean {
    this.refresh(now);
    if (this.remaining <= 0) return false;
    this.remaining--;
    return true;
  }

  /** Record an identify in its bucket; false when the bucket already had one in the last 5 s (`bucketWindow`). */
  takeBucket(shardId: number, now: number): boolean {
    const bucket = shardId % this.maxConcurrency;
    const last = this.#lastByBucket.get(bucket);
    this.#lastByBucket.set(bucket, now);
    return last === undefined || now - last >= this.bucketWindow;
  }
}
