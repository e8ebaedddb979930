/**
 * The bot module of the "Scaling out" guide: the same file runs in a gateway process
 * (`kokoro gateway`: its shards publish to JetStream, no handler runs there) and in every worker
 * (`kokoro worker`: the handlers run there, on events taken from JetStream).
 *
 * With the fake Discord, the token is any text: the gateway started with `--fake PORT` makes the
 * bot account for it, and the workers (`--fake-url`) use the same token. Against Discord, set
 * DISCORD_TOKEN.
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

export const Echo = new Client({
  name: 'Echo',
  token: process.env.DISCORD_TOKEN ?? 'cluster-guide-token',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
});

Echo.on('messageCreate', async (client, message) => {
  if (message.content === 'ping') await client.messageCreate(message.channel, `pong from worker ${process.pid}`);
});
