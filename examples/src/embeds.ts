/**
 * Rich embeds, after RustCord's embeds example: `!embed` answers with an embed built with
 * Kokoro's `Embed` builder (title, description, colour, author, inline fields, footer, time),
 * and `!stats` with one whose fields come from the cache.
 *
 * The builder checks Discord's limits (256-character titles, 25 fields, 6,000 characters in all)
 * before anything is sent, and throws a `ValidationError` naming the bad field.
 *
 * Against Discord: DISCORD_TOKEN=… npx kokoro run examples/src/embeds.ts
 * Offline:         npx kokoro run examples/src/embeds.ts --fake
 *                  kokoro> await fake.userSays(sandbox.channel, '!embed')
 *                  kokoro> fake.render(fake.messages(sandbox.channel).at(-1))
 */
import { Client, Color, DEFAULT_INTENTS, Embed, GatewayIntentBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Embeds = new Client({
  name: 'Embeds',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  extensions: ['commands'],
  prefix: '!',
});

Embeds.commands.add(
  'embed',
  (_client, message) =>
    new Embed()
      .title('Kokoro embeds')
      .description('An embed made with the `Embed` builder.')
      .color(Color.fromHex('#5865f2'))
      .author({ name: message.author.username })
      .field('Inline', 'first', true)
      .field('Inline too', 'second', true)
      .field('On its own line', 'third')
      .footer('Built with kokoro')
      .timestamp(),
  { description: 'Shows an example embed.' },
);

Embeds.commands.add(
  'stats',
  (client, message) => {
    const guild = message.guild;
    if (!guild) return 'Ask me in a server.';
    return new Embed()
      .title(guild.name)
      .color('green')
      .field('Members', String(guild.memberCount), true) // from GUILD_CREATE; `guild.members` holds those seen
      .field('Channels', String(guild.channels.size), true)
      .field('Bots of this process here', String(guild.clients.length), true)
      .footer(`asked by ${message.author.username}, answered by ${client.name}`);
  },
  { description: 'Shows what the cache knows of this server.' },
);
