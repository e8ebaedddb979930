/**
 * Voice, after RustCord's voice example: the bot joins the voice channel you are in and plays a
 * tone. The call is end-to-end encrypted with DAVE, as Discord requires; Kokoro loads its voice
 * support (and its native modules) on the first `voiceJoin`.
 *
 * - `!tone [hz]`: joins your voice channel, plays one second of a sine tone (default 440 Hz), and
 *   says when it is done.
 * - `!leave`: leaves the voice channel.
 *
 * Against Discord: DISCORD_TOKEN=… npx kokoro run examples/src/voice.ts   (join a voice channel, then `!tone`)
 * Offline:         npx kokoro run examples/src/voice.ts --fake
 *                  kokoro> const vc = fake.addChannel(sandbox.guild, { name: 'talk', type: 2 })
 *                  kokoro> await fake.voice.join(vc.id, sandbox.user.id)
 *                  kokoro> await fake.userSays(sandbox.channel, '!tone')
 *                  kokoro> fake.voice.heard(vc.id, Voice.id)    // frequencyHz ≈ 440, e2ee: true
 */
import { Client, DEFAULT_INTENTS, GatewayIntentBits, sineWave } from 'kokoro';

/** The bot: the token comes from DISCORD_TOKEN. DEFAULT_INTENTS include voice states. */
export const Voice = new Client({
  name: 'Voice',
  intents: DEFAULT_INTENTS | GatewayIntentBits.MessageContent,
  extensions: ['commands'],
  prefix: '!',
});

/** `seconds` of a sine tone at `hz` as raw PCM (s16le, 48 kHz, stereo: Discord's audio), at half volume. */
export function tone(hz: number, seconds: number): Buffer {
  return sineWave(hz, seconds, 0.5);
}

Voice.commands.add(
  'tone',
  async (client, message, args) => {
    const guild = message.guild;
    // Voice states come with the GuildVoiceStates intent: where is the author?
    const channelId = guild?.voiceStates.get(message.author.id)?.channel_id;
    if (!guild || !channelId) return 'Join a voice channel first.';
    const hz = Number(args[0] ?? 440);
    if (!Number.isFinite(hz) || hz < 20 || hz > 20_000) return 'Give a frequency from 20 to 20000 Hz.';
    const connection = await client.voiceJoin({ id: channelId, guildId: guild.id });
    await connection.play(tone(hz, 1), { type: 'pcm' }).finished;
    return `Played ${hz} Hz.`;
  },
  { description: 'Plays a tone in your voice channel.' },
);

Voice.commands.add(
  'leave',
  async (client, message) => {
    const connection = message.guild ? client.voiceConnection(message.guild) : undefined;
    if (!connection) return 'I am not in a voice channel here.';
    await connection.leave();
    return 'Bye!';
  },
  { description: 'Leaves the voice channel.' },
);
