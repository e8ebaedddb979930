/**
 * The voice benchmark's fake Discord, in its own process (and core), so that measuring arrival times
 * does not take CPU from the library under test. It makes two bots (one per library) in `N` guilds
 * with one voice channel each, and answers the parent over IPC: `heard` (what the fake voice server
 * heard from a bot in every channel), `reset`, `stop`.
 */

import { FakeDiscord } from '@kokoro/testing';
import { ChannelType } from 'discord-api-types/v10';

const count = Number(process.argv[2] ?? '64');
const fake = await FakeDiscord.start();
const kokoro = fake.addBot({ name: 'KokoroBench' });
const discordjs = fake.addBot({ name: 'DiscordjsBench' });
const channels: { guildId: string; channelId: string }[] = [];
for (let i = 0; i < count; i++) {
  const guild = fake.addGuild({ name: `voice ${i}`, members: [kokoro, discordjs] });
  const channel = fake.addChannel(guild, { name: 'talk', type: ChannelType.GuildVoice });
  channels.push({ guildId: guild.id, channelId: channel.id });
}

process.on('message', (message: { t: string; bot?: string; n?: number }) => {
  if (message.t === 'heard') {
    const bot = message.bot === 'kokoro' ? kokoro : discordjs;
    const heard = channels.slice(0, message.n).map((c) => fake.voice.heard(c.channelId, bot.id));
    process.send!({ t: 'heard', heard });
  } else if (message.t === 'reset') {
    for (const c of channels) fake.voice.resetHeard(c.channelId);
    process.send!({ t: 'reset' });
  } else if (message.t === 'stop') {
    void fake.close().then(() => process.exit(0));
  }
});

process.send!({
  t: 'ready',
  restUrl: fake.restUrl,
  gatewayUrl: fake.gatewayUrl,
  port: fake.port,
  tokens: { kokoro: kokoro.token, discordjs: discordjs.token },
  channels,
});
