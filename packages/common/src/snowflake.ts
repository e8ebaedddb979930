/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

/** A snowflake id as Discord sends it: a decimal string. */
export type Snowflake = string;

const SNOWFLAKE = /^\d{1,20}$/;

/** Whether `value` looks like a snowflake (1 to 20 decimal digits). */
export function isSnowflake(value: unknown): value is Snowflake {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

/** The creation time (ms since the epoch) encoded in a snowflake. */
export function snowflakeTimestamp(id: Snowflake): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`. */
export function shardIdForGuild(guildId: Snowflake, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Make a snowflake from a timestamp and a sequence number, as the fake Discord does. */
export function makeSnowflake(timestamp: number, increment = 0, worker = 0): Snowflake {
  return (
    (BigInt(timestamp - DISCORD_EPOCH) << 22n) |
    (BigInt(worker & 0x3ff) << 12n) |
    BigInt(increment & 0xfff)
  ).toString();
}
