/**
 * Helpers for the fake voice server's tests with @discordjs/voice (+ @snazzah/davey) as the
 * independent client: a fake with bots logged in through discord.js, joining and playing.
 * @discordjs/voice connects over `wss://` and has no CA option, so a test process using these
 * turns certificate checks off (the fake's certificate is self-signed, for loopback only).
 */
import { Readable } from 'node:stream';
import {
  AudioPlayerStatus,
  createAudioPlayer,
  createAudioResource,
  entersState,
  joinVoiceChannel,
  StreamType,
  type VoiceConnection,
} from '@discordjs/voice';
import { type Client, GatewayIntentBits } from 'discord.js';
import { ChannelType } from 'discord-api-types/v10';
import { type FakeBot, FakeDiscord, type FakeVoiceOptions, toneFrames } from '../src/index.js';
import { discordjsClient, login } from './discordjs-helpers.js';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/** A fake with bots in one guild, each logged in with discord.js. */
export interface VoiceWorld {
  fake: FakeDiscord;
  guildId: string;
  bots: { bot: FakeBot; client: Client<true> }[];
  /** A new voice channel of the guild. */
  voiceChannel(): string;
  /** Bot `index` joins `channelId` with @discordjs/voice. */
  join(channelId: string, options?: { daveEncryption?: boolean; bot?: number }): VoiceConnection;
  close(): Promise<void>;
}

/** Start a fake (voice options as given) with `botCount` bots logged in. */
export async function voiceWorld(options: { voice?: FakeVoiceOptions; botCount?: number } = {}): Promise<VoiceWorld> {
  const fake = await FakeDiscord.start(options.voice ? { voice: options.voice } : {});
  const made = Array.from({ length: options.botCount ?? 1 }, (_, i) => fake.addBot({ name: `Bot${i}` }));
  const guildId = fake.addGuild({ name: 'voice', members: made }).id;
  const bots: VoiceWorld['bots'] = [];
  const connections: VoiceConnection[] = [];
  for (const bot of made) {
    const client = await login(
      discordjsClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates]),
      bot.token,
    );
    bots.push({ bot, client });
  }
  return {
    fake,
    guildId,
    bots,
    voiceChannel: () => fake.addChannel(guildId, { name: 'talk', type: ChannelType.GuildVoice }).id,
    join: (channelId, joinOptions = {}) => {
      const { client } = bots[joinOptions.bot ?? 0]!;
      const guild = client.guilds.cache.get(guildId)!;
      const connection = joinVoiceChannel({
        channelId,
        guildId,
        adapterCreator: guild.voiceAdapterCreator,
        group: client.user.id,
        ...(joinOptions.daveEncryption !== undefined ? { daveEncryption: joinOptions.daveEncryption } : {}),
      });
      connection.on('error', () => {});
      connections.push(connection);
      return connection;
    },
    close: async () => {
      // A failed test leaves its connections open: end them, so the process can exit.
      for (const connection of connections) if (connection.state.status !== 'destroyed') connection.destroy();
      for (const { client } of bots) await client.destroy();
      await fake.close();
    },
  };
}

/** Play a tone of `seconds` as pre-encoded Opus through @discordjs/voice; resolves when the player is idle. */
export async function playTone(connection: VoiceConnection, seconds: number, frequencyHz = 440): Promise<void> {
  const player = createAudioPlayer();
  connection.subscribe(player);
  player.play(createAudioResource(Readable.from(toneFrames({ frequencyHz, seconds })), { inputType: StreamType.Opus }));
  await entersState(player, AudioPlayerStatus.Playing, 10_000);
  await entersState(player, AudioPlayerStatus.Idle, 30_000);
}
