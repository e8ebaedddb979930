/**
 * A basic bot, after RustCord's first example: prefix commands read from messages.
 *
 * - `!ping` answers `Pong!`.
 * - `!echo <text>` repeats the text (`!echo` alone asks for some).
 * - `!hello` greets whoever wrote it.
 * - `!help` lists the commands (the 'commands' extension makes it).
 *
 * Against Discord: DISCORD_TOKEN=… npx kokoro run examples/src/rustcord-basic.ts
 * Offline:         npx kokoro run examples/src/rustcord-basic.ts --fake
 *                  kokoro> await fake.userSays(sandbox.channel, '!echo hi there')
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Basic = new Client({
  name: 'Basic',
  // Commands are read from message content: a privileged intent to enable in the developer portal.
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  extensions: ['commands'],
  prefix: '!',
});

Basic.on('ready', (client) => {
  client.logger.info(`${client.user?.username} is ready in ${client.guilds.size} guild(s)`);
});

Basic.commands.add('ping', () => 'Pong!', { description: 'Checks that the bot is alive.' });

Basic.commands.add('echo', (_client, _message, args) => args.rest || 'Give me something to echo: `!echo hello`', {
  description: 'Repeats your text.',
});

Basic.commands.add('hello', (_client, message) => `Hello, ${message.author.username}!`, {
  description: 'Greets you.',
});
