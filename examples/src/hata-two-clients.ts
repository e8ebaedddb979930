/**
 * Two clients in one file, after hata's "multiple clients" example: Sakuya and Flan run side by
 * side on one event thread and share one cache, so a guild both are in is one object that knows
 * both (`guild.clients`), and either client can act on what the other saw.
 *
 * - `!who` (to Sakuya): lists which of this file's bots are in the guild.
 * - `!sister` (to Sakuya): Flan answers in the same channel, from the same cached message.
 *
 * Give each bot its own token: a client whose variable is unset throws `ClientTokenError` at
 * construction (it does not fall back to DISCORD_TOKEN); under `--fake` it gets an account of its own.
 *
 * Against Discord: DISCORD_TOKEN=… DISCORD_TOKEN_2=… npx kokoro run examples/src/hata-two-clients.ts
 * Offline:         npx kokoro run examples/src/hata-two-clients.ts --fake
 *                  kokoro> await fake.userSays(sandbox.channel, '!who')
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

const intents = DEFAULT_INTENTS | GatewayIntentBits.MessageContent;

/** Sakuya reads the commands. */
export const Sakuya = new Client({ name: 'Sakuya', token: process.env.DISCORD_TOKEN, intents });
/** Flan only speaks when Sakuya asks her to. */
export const Flan = new Client({ name: 'Flan', token: process.env.DISCORD_TOKEN_2, intents });

const ours = [Sakuya, Flan];

Sakuya.on('messageCreate', async (client, message) => {
  if (message.author.bot || !message.guild) return;
  if (message.content === '!who') {
    // The guild is shared: it lists every client of this process that is in it.
    const here = ours.filter((bot) => message.guild?.clients.includes(bot)).map((bot) => bot.name);
    await client.messageCreate(message.channel, `Here: ${here.join(', ')}`);
  } else if (message.content === '!sister') {
    // Flan acts on a message only Sakuya was asked about: same cache, other client.
    await Flan.messageCreate(message.channel, `Flan here, ${message.author.username}!`);
  }
});
