/**
 * One side of the voice benchmark, in its own process pinned to one core: `kokoro` or `discordjs`
 * joins `n` voice channels of the fake, plays the same pre-encoded Ogg/Opus file on every connection
 * at once (Kokoro: passthrough; @discordjs/voice: `StreamType.OggOpus`, its recommended input for
 * Opus files), waits until every player is done, and reports to the parent, with the CPU time
 * (user + system, all threads) the process spent from the start of playing to the last frame.
 */
import { createReadStream } from 'node:fs';

interface Setup {
  lib: 'kokoro' | 'discordjs';
  n: number;
  file: string;
  restUrl: string;
  gatewayUrl: string;
  port: number;
  token: string;
  channels: { guildId: string; channelId: string }[];
}

const setup = JSON.parse(process.argv[2]!) as Setup;
const channels = setup.channels.slice(0, setup.n);
// Op 4 counts against a shard's 120 sends per minute: one shard per 80 joins, the same for both.
const shardCount = Math.max(1, Math.ceil(setup.n / 80));

async function kokoro(): Promise<void> {
  const { Client, GatewayIntentBits } = await import('kokoro');
  const { silentLogger } = await import('@kokoro/common');
  const client = new Client({
    name: 'KokoroBench',
    token: setup.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildVoiceStates,
    restUrl: setup.restUrl,
    gatewayUrl: setup.gatewayUrl,
    logger: silentLogger,
    shardCount,
  });
  await client.start();
  const connections = await Promise.all(
    channels.map((c) => client.voiceJoin({ id: c.channelId, guildId: c.guildId }, { timeout: 60_000 })),
  );
  process.send!({ t: 'joined' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const cpu = process.cpuUsage();
  await Promise.all(connections.map((connection) => connection.play(setup.file).finished));
  const used = process.cpuUsage(cpu);
  const stats = await Promise.all(connections.map((connection) => connection.transportStats()));
  await Promise.all(connections.map((connection) => connection.leave()));
  await client.stop();
  process.send!({
    t: 'done',
    late: stats.reduce((sum, s) => sum + s.late, 0),
    cpuUs: used.user + used.system,
    userUs: used.user,
    systemUs: used.system,
  });
}

async function discordjs(): Promise<void> {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const voice = await import('@discordjs/voice');
  const { Client, GatewayIntentBits } = await import('discord.js');
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { api: `http://127.0.0.1:${setup.port}/api`, version: '10' },
    shards: Array.from({ length: shardCount }, (_, i) => i),
    shardCount,
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(setup.token);
  await ready;
  const connections = await Promise.all(
    channels.map(async (c) => {
      const guild = client.guilds.cache.get(c.guildId)!;
      const connection = voice.joinVoiceChannel({
        channelId: c.channelId,
        guildId: c.guildId,
        adapterCreator: guild.voiceAdapterCreator,
      });
      await voice.entersState(connection, voice.VoiceConnectionStatus.Ready, 60_000);
      return connection;
    }),
  );
  process.send!({ t: 'joined' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const cpu = process.cpuUsage();
  await Promise.all(
    connections.map(async (connection) => {
      const player = voice.createAudioPlayer();
      connection.subscribe(player);
      player.play(voice.createAudioResource(createReadStream(setup.file), { inputType: voice.StreamType.OggOpus }));
      await voice.entersState(player, voice.AudioPlayerStatus.Playing, 30_000);
      await voice.entersState(player, voice.AudioPlayerStatus.Idle, 600_000);
    }),
  );
  const used = process.cpuUsage(cpu);
  for (const connection of connections) connection.destroy();
  await client.destroy();
  process.send!({ t: 'done', late: 0, cpuUs: used.user + used.system, userUs: used.user, systemUs: used.system });
}

try {
  await (setup.lib === 'kokoro' ? kokoro() : discordjs());
  process.exit(0);
} catch (error) {
  process.send!({ t: 'error', message: (error as Error).stack ?? String(error) });
  process.exit(1);
}
