/**
 * Who may use a command, after RustCord's permissions example. `defaultMemberPermissions` is sent
 * with the command as `default_member_permissions`: Discord shows and runs the command only for
 * members who have those permissions (`0`: administrators only). Server admins may change that per
 * role or channel in Server Settings → Integrations; the bot does not have to check it again.
 *
 * - `/purge count`: deletes the channel's last `count` messages; needs Manage Messages.
 * - `/settings`: shows the bot's settings; administrators only.
 *
 * What the bot itself may do is another matter: the interaction says which permissions the bot has
 * in the channel (`app_permissions`), and `/purge` checks it before trying.
 *
 * Against Discord: DISCORD_TOKEN=… [DISCORD_GUILD=…] npx kokoro run examples/src/slash-permissions.ts
 * Offline:         npx kokoro run examples/src/slash-permissions.ts --fake
 */
import { Client, GatewayIntentBits, option, PermissionFlagsBits } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Moderator = new Client({ name: 'Moderator', intents: GatewayIntentBits.Guilds, extensions: ['slash'] });

const guild = process.env.DISCORD_GUILD;
const where = guild ? { guild } : {};

Moderator.interactions(
  async function purge(client, event, { count }) {
    const botPermissions = BigInt(event.interaction.app_permissions ?? 0);
    if (!(botPermissions & PermissionFlagsBits.ManageMessages)) {
      return { content: 'I need the Manage Messages permission in this channel.', ephemeral: true };
    }
    if (!event.channel) return { content: 'Use this in a server channel.', ephemeral: true };
    const messages = await client.messageGetChunk(event.channel, { limit: count });
    if (messages.length > 1) {
      await client.messageDeleteMultiple(event.channel, { messages: messages.map((m) => m.id) });
    } else if (messages[0]) {
      await client.messageDelete(messages[0]);
    }
    return { content: `Deleted ${messages.length} message(s).`, ephemeral: true };
  },
  {
    description: 'Deletes the last messages of this channel.',
    defaultMemberPermissions: PermissionFlagsBits.ManageMessages,
    options: { count: option.integer('How many', { required: true, minValue: 1, maxValue: 100 }) },
    ...where,
  },
);

Moderator.interactions(
  function settings(client) {
    return { content: `${client.name}: purge up to 100 messages at once.`, ephemeral: true };
  },
  { description: 'Shows the settings (administrators only).', defaultMemberPermissions: 0, ...where },
);
