/**
 * The demo bots that `npm start` runs: three clients on one event thread, sharing one cache.
 *
 * - Nue answers `ping` with `pong` (a plain event handler).
 * - Saki uses the 'commands' extension with the prefix `s!`: `s!ping`, `s!add 2 3` (typed
 *   parameters: `s!add 2 three` answers which parameter is wrong and the usage), `s!help`.
 * - Seija uses the 'slash' extension and answers the slash command `/ping` in the demo guild.
 *
 * Without DISCORD_TOKEN they connect to the embedded fake Discord, in a small world made here
 * (`demo.guild`, `demo.channel`, the voice channel `demo.voiceChannel` and its tone `demo.tone`).
 * With DISCORD_TOKEN (DISCORD_TOKEN_2 for Saki, DISCORD_TOKEN_3 for Seija) they connect to
 * Discord; with only DISCORD_TOKEN, Nue runs alone.
 *
 * Every named export is a global in the console: Nue, Saki, Seija, fake, demo.
 */
import { encodeWav, sineWave } from '@kokoro/voice/wav';
import { Channel, ChannelType, Client, GatewayIntentBits, Guild, param, useFakeDiscord } from 'kokoro';

const realToken = process.env.DISCORD_TOKEN;

/** The embedded fake Discord (undefined when running against Discord). */
export const fake = realToken ? undefined : await useFakeDiscord();

function setUpFakeWorld() {
  if (!fake) return undefined;
  const nue = fake.addBot({ name: 'Nue', privilegedIntents: GatewayIntentBits.MessageContent });
  const saki = fake.addBot({ name: 'Saki', privilegedIntents: GatewayIntentBits.MessageContent });
  const seija = fake.addBot({ name: 'Seija' });
  const mika = fake.addUser({ username: 'mika' });
  const guild = fake.addGuild({ name: 'Kokoro Demo', members: [nue, saki, seija, mika] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const voiceChannel = fake.addChannel(guild, { name: 'lounge', type: ChannelType.GuildVoice });
  return { nue, saki, seija, mika, guild, channel, voiceChannel };
}

const world = setUpFakeWorld();

const intents =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.DirectMessages |
  GatewayIntentBits.MessageContent |
  GatewayIntentBits.GuildVoiceStates;

/** Nue: answers `ping` with `pong`. */
export const Nue = new Client({ name: 'Nue', token: world?.nue.token ?? realToken!, intents });

Nue.on('messageCreate', async (client, message) => {
  if (message.author.id !== client.id && message.content === 'ping') {
    await client.messageCreate(message.channel, 'pong');
  }
});

const sakiToken = world?.saki.token ?? process.env.DISCORD_TOKEN_2;

/** Saki: prefix commands with `s!`; `s!ping` answers `pong`. */
export const Saki = sakiToken
  ? new Client({ name: 'Saki', token: sakiToken, intents, extensions: ['commands'], prefix: 's!' })
  : undefined;

Saki?.commands.add('ping', () => 'pong', { description: 'Answers pong.' });
Saki?.commands.add('echo', (_client, _message, args) => args.rest || 'Say something after s!echo.', {
  description: 'Repeats what you say.',
});
Saki?.commands.add('add', (_client, _message, { a, b }) => `${a + b}`, {
  description: 'Adds two integers.',
  category: 'Math',
  params: { a: param.int(), b: param.int() },
});

const seijaToken = world?.seija.token ?? process.env.DISCORD_TOKEN_3;
const demoGuildId = world?.guild.id ?? process.env.DISCORD_GUILD;

/** Seija: the 'slash' extension; `/ping` answers `pong` (registered in the demo guild when it syncs at ready). */
export const Seija = seijaToken
  ? new Client({ name: 'Seija', token: seijaToken, intents: GatewayIntentBits.Guilds, extensions: ['slash'] })
  : undefined;

Seija?.interactions(
  function ping() {
    return 'pong';
  },
  { description: 'Answers pong.', ...(demoGuildId ? { guild: demoGuildId } : {}) },
);

/**
 * The demo world in the fake: `demo.guild`, `demo.channel` and the voice channel `demo.voiceChannel`
 * are the cached entities; `demo.tone` is a one-second 440 Hz WAV to play there
 * (`await (await Nue.voiceJoin(demo.voiceChannel)).play(demo.tone).finished`).
 */
export const demo = world
  ? {
      guild: Guild.precreate(world.guild.id),
      channel: Channel.precreate(world.channel.id, world.guild.id),
      voiceChannel: Channel.precreate(world.voiceChannel.id, world.guild.id),
      tone: encodeWav(sineWave(440, 1)),
      mika: world.mika,
    }
  : undefined;
