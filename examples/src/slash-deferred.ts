/**
 * Deferred slash responses, after RustCord's deferred example. Discord wants an answer to an
 * interaction within 3 seconds; work that may take longer first *defers* (the user sees "Bot is
 * thinking…"), then edits that response with the result, within 15 minutes.
 *
 * - `/define word`: `await event.defer()`, then the slow lookup; the returned text edits the
 *   deferred response.
 * - `/define2 word`: the same as an async generator, hata's way: a bare `yield` defers, the next
 *   value edits the response, a later one is a follow-up message.
 *
 * A handler that forgets to defer is deferred for it after 2.5 s (`slash: { autoDeferAfter }`).
 *
 * Against Discord: DISCORD_TOKEN=… [DISCORD_GUILD=…] npx kokoro run examples/src/slash-deferred.ts
 * Offline:         npx kokoro run examples/src/slash-deferred.ts --fake
 *                  kokoro> fake.interact(Deferred, sandbox.channel, { kind: 'command', name: 'define',
 *                            options: [{ name: 'word', type: 3, value: 'kokoro' }] })
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, GatewayIntentBits, option } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. */
export const Deferred = new Client({ name: 'Deferred', intents: GatewayIntentBits.Guilds, extensions: ['slash'] });

const meanings: Record<string, string> = {
  kokoro: 'heart, mind, spirit (心)',
  hata: 'flag, banner (旗)',
};

/** The slow service the commands wait for (a database or an HTTP API in a real bot). Tests replace `lookup`. */
export const dictionary = {
  async lookup(word: string): Promise<string | undefined> {
    await sleep(1500); // stands in for the slow part
    return meanings[word.toLowerCase()];
  },
};

const guild = process.env.DISCORD_GUILD;
const where = guild ? { guild } : {};
const wordOption = { word: option.string('The word', { required: true, maxLength: 50 }) };

Deferred.interactions(
  async function define(_client, event, { word }) {
    await event.defer(); // answer Discord now: "Deferred is thinking…"
    const meaning = await dictionary.lookup(word);
    return meaning ? `**${word}**: ${meaning}` : `I do not know "${word}".`; // edits the deferred response
  },
  { description: 'Looks a word up (slowly).', options: wordOption, ...where },
);

Deferred.interactions(
  async function* define2(_client, _event, { word }) {
    yield; // defers
    const meaning = await dictionary.lookup(word);
    yield meaning ? `**${word}**: ${meaning}` : `I do not know "${word}".`; // edits the deferred response
    yield 'Ask me another one!'; // a follow-up message
  },
  { description: 'Looks a word up, hata style.', options: wordOption, ...where },
);
