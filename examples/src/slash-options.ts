/**
 * Slash commands with options, after RustCord's slash example. Options are declared with
 * `option.<type>(description, settings)` and arrive typed: a required string is a `string`, an
 * optional integer `number | undefined`, a user the cached `User`.
 *
 * - `/greet user [times] [loud]`: greets a user, 1 to 3 times, in capitals if asked.
 * - `/roll sides`: rolls a die; `sides` is one of the choices 6, 12 or 20.
 *
 * Discord itself refuses what the declaration forbids (a missing `user`, `times: 5`, `sides: 7`),
 * so the handler never sees it; Kokoro checks the declaration when it is made and says which
 * field is wrong.
 *
 * Against Discord: DISCORD_TOKEN=… [DISCORD_GUILD=…] npx kokoro run examples/src/slash-options.ts
 * Offline:         npx kokoro run examples/src/slash-options.ts --fake
 *                  kokoro> fake.interact(Options, sandbox.channel, { kind: 'command', name: 'roll',
 *                            options: [{ name: 'sides', type: 4, value: 20 }] })
 */
import { Client, GatewayIntentBits, option } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN; slash commands need no privileged intent. */
export const Options = new Client({ name: 'Options', intents: GatewayIntentBits.Guilds, extensions: ['slash'] });

// A guild command shows up at once; a global one (no `guild`) everywhere the bot is.
const guild = process.env.DISCORD_GUILD;
const where = guild ? { guild } : {};

Options.interactions(
  function greet(_client, _event, { user, times, loud }) {
    const line = `Hello, ${user.username}!`;
    const text = Array.from({ length: times ?? 1 }, () => line).join(' ');
    return loud ? text.toUpperCase() : text;
  },
  {
    description: 'Greets someone.',
    options: {
      user: option.user('Who to greet', { required: true }),
      times: option.integer('How many times', { minValue: 1, maxValue: 3 }),
      loud: option.boolean('In capitals'),
    },
    ...where,
  },
);

/** The die's randomness; a test may replace it. */
export const dice = { random: Math.random };

Options.interactions(
  function roll(_client, event, { sides }) {
    const value = 1 + Math.floor(dice.random() * sides);
    return `${event.user.username} rolled ${value} (d${sides})`;
  },
  {
    description: 'Rolls a die.',
    options: { sides: option.integer('Sides of the die', { required: true, choices: [6, 12, 20] }) },
    ...where,
  },
);
