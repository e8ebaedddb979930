/**
 * Autocomplete, after RustCord's autocomplete example: while the user types an option, Discord
 * asks the bot for up to 25 suggestions; the chosen one then arrives as the option's value.
 *
 * - `/fruit name`: suggests fruits starting with what was typed (case-insensitive).
 * - `/timezone zone`: suggestions with a label (`name`) different from their `value`.
 *
 * An `autocomplete` function returns strings or `{ name, value }`; Kokoro cuts the list to 25.
 *
 * Against Discord: DISCORD_TOKEN=… [DISCORD_GUILD=…] npx kokoro run examples/src/slash-autocomplete.ts
 * Offline:         npx kokoro run examples/src/slash-autocomplete.ts --fake
 *                  kokoro> const i = fake.interact(Autocomplete, sandbox.channel, { kind: 'autocomplete', name: 'fruit',
 *                            options: [{ name: 'name', type: 3, value: 'ap', focused: true }] })
 *                  kokoro> fake.interactionResponse(i).response.data.choices
 */
import { Client, GatewayIntentBits, option } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Autocomplete = new Client({
  name: 'Autocomplete',
  intents: GatewayIntentBits.Guilds,
  extensions: ['slash'],
});

/** What `/fruit` knows. */
export const FRUITS = ['apple', 'apricot', 'avocado', 'banana', 'blueberry', 'cherry', 'grape', 'mango', 'peach'];

/** UTC offsets by zone name (a few; a real bot would use Intl.supportedValuesOf('timeZone')). */
export const ZONES: Record<string, string> = {
  'Europe/Paris': '+01:00',
  'Europe/London': '+00:00',
  'Asia/Tokyo': '+09:00',
  'America/New_York': '-05:00',
};

const guild = process.env.DISCORD_GUILD;
const where = guild ? { guild } : {};

Autocomplete.interactions(
  function fruit(_client, _event, { name }) {
    return FRUITS.includes(name) ? `One ${name}, coming up.` : `I have no ${name}.`;
  },
  {
    description: 'Picks a fruit.',
    options: {
      name: option.string('The fruit', {
        required: true,
        autocomplete: (_client, _event, typed) => FRUITS.filter((f) => f.startsWith(typed.toLowerCase())),
      }),
    },
    ...where,
  },
);

Autocomplete.interactions(
  function timezone(_client, _event, { zone }) {
    return `${zone} is UTC${ZONES[zone] ?? '?'}`;
  },
  {
    description: 'Tells a time zone’s offset.',
    options: {
      zone: option.string('The zone', {
        required: true,
        autocomplete: (_client, _event, typed) =>
          Object.entries(ZONES)
            .filter(([zone]) => zone.toLowerCase().includes(typed.toLowerCase()))
            .map(([zone, offset]) => ({ name: `${zone} (UTC${offset})`, value: zone })),
      }),
    },
    ...where,
  },
);
