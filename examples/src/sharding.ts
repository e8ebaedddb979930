/**
 * Sharding, after RustCord's sharding example. A gateway connection (a shard) carries the events
 * of some guilds only: guild `g` is on shard `(g >> 22) % shardCount`. Discord requires shards
 * from 2,500 guilds on and recommends a count (`shardCount: 'auto'`, the default); this bot asks
 * for two so that a small test server shows them. One client runs them all, on one cache: a
 * handler does not care which shard an event came through.
 *
 * - Each shard logs when it is ready, with the guilds it carries.
 * - `!shard` answers which shard carries this guild.
 *
 * Against Discord: DISCORD_TOKEN=… [SHARDS=4] npx kokoro run examples/src/sharding.ts
 * Offline:         npx kokoro run examples/src/sharding.ts --fake
 *                  kokoro> Sharded.gateway.shards.size
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN; SHARDS sets the shard count (default 2). */
export const Sharded = new Client({
  name: 'Sharded',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  shardCount: Number(process.env.SHARDS ?? 2),
});

/** Messages handled, by the shard they came through. */
export const handledByShard = new Map<number, number>();

Sharded.on('shardReady', (client, shardId, ready) => {
  client.logger.info(`shard ${shardId} is ready with ${ready.guilds.length} guild(s)`);
});

Sharded.on('messageCreate', async (client, message) => {
  if (message.author.bot || !message.guild) return;
  const shard = client.gateway?.shardForGuild(message.guild.id);
  if (!shard) return;
  handledByShard.set(shard.id, (handledByShard.get(shard.id) ?? 0) + 1);
  if (message.content === '!shard') {
    await client.messageCreate(
      message.channel,
      `${message.guild.name} is on shard ${shard.id} of ${client.gateway?.shardCount}.`,
    );
  }
});
