/**
 * Three bots in one process, the three styles of hata's README:
 *
 * - Nue reacts to raw events: a message `ping` gets `pong`.
 * - Saki uses the 'commands' extension with the prefix `s!`: `s!ping` answers `pong`.
 * - Seija uses the 'slash' extension: the slash command `/ping` answers `pong`.
 *
 * They share one event thread, one cache and one HTTP pool.
 *
 * Give each bot its own token: a client whose variable is unset throws `ClientTokenError` at
 * construction (it never falls back to DISCORD_TOKEN, which would log two clients in as one bot);
 * under `--fake` it gets an account of its own.
 *
 * Run it against Discord (one token per bot; DISCORD_GUILD registers `/ping` in that guild at
 * once instead of globally):
 *
 *   DISCORD_TOKEN=… DISCORD_TOKEN_2=… DISCORD_TOKEN_3=… npx kokoro run examples/src/hata-three-bots.ts
 *
 * or offline against the embedded fake Discord (it makes the three bot accounts):
 *
 *   npx kokoro run examples/src/hata-three-bots.ts --fake
 *   kokoro> await fake.userSays(sandbox.channel, 'ping')
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

// Message content is a privileged intent: enable it for Nue and Saki in the developer portal.
const intents = DEFAULT_INTENTS | GatewayIntentBits.MessageContent;

/** Nue: a plain event handler; `ping` → `pong`. */
export const Nue = new Client({ name: 'Nue', token: process.env.DISCORD_TOKEN, intents });

Nue.on('messageCreate', async (client, message) => {
  if (message.author.bot) return; // never answer a bot, itself included
  if (message.content === 'ping') await client.messageCreate(message.channel, 'pong');
});

/** Saki: prefix commands; `s!ping` → `pong` (a returned string is the reply). */
export const Saki = new Client({
  name: 'Saki',
  token: process.env.DISCORD_TOKEN_2,
  intents,
  extensions: ['commands'],
  prefix: 's!',
});

Saki.commands.add('ping', () => 'pong', { description: 'Answers pong.' });

/** Seija: slash commands; `/ping` → `pong`, registered when Seija is ready. */
export const Seija = new Client({
  name: 'Seija',
  token: process.env.DISCORD_TOKEN_3,
  intents: GatewayIntentBits.Guilds,
  extensions: ['slash'],
});

const guild = process.env.DISCORD_GUILD;
Seija.interactions(
  function ping() {
    return 'pong';
  },
  { description: 'Answers pong.', ...(guild ? { guild } : {}) },
);
