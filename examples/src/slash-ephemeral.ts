/**
 * Ephemeral responses, after RustCord's ephemeral example: answers only the user who ran the
 * command sees ("Only you can see this"). They carry the message flag EPHEMERAL (64).
 *
 * - `/whisper text`: one ephemeral answer, asked for in the result (`ephemeral: true`).
 * - `/balance`: declared `ephemeral: true`, so every answer of the command is ephemeral — its
 *   deferral too (the user alone sees "thinking…"), and the result that edits it.
 *
 * Against Discord: DISCORD_TOKEN=… [DISCORD_GUILD=…] npx kokoro run examples/src/slash-ephemeral.ts
 * Offline:         npx kokoro run examples/src/slash-ephemeral.ts --fake
 */
import { Client, GatewayIntentBits, option } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Ephemeral = new Client({ name: 'Ephemeral', intents: GatewayIntentBits.Guilds, extensions: ['slash'] });

const guild = process.env.DISCORD_GUILD;
const where = guild ? { guild } : {};

Ephemeral.interactions(
  function whisper(_client, _event, { text }) {
    return { content: `Only you can read this: ${text}`, ephemeral: true };
  },
  {
    description: 'Answers you alone.',
    options: { text: option.string('What to whisper', { required: true, maxLength: 200 }) },
    ...where,
  },
);

/** Coins per user id, kept in memory for the example. */
export const coins = new Map<string, number>();

Ephemeral.interactions(
  async function balance(_client, event) {
    await event.defer(); // ephemeral, as the declaration says
    return `You have ${coins.get(event.user.id) ?? 0} coins.`;
  },
  { description: 'Shows your coins, to you alone.', ephemeral: true, ...where },
);
