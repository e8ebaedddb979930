/**
 * The voice benchmark's fake Discord, in its own process (and core), so that measuring arrival times
 * does not take CPU from the library under test. It makes two bots (one per library) in `N` guilds
 * with one voice channel each, and answers the parent over IPC: `settle` (wait until every call
 * of a trial has its DAVE group), `heard` (what the fake voice server heard from a bot in every
 * channel, and how late the fake's own event loop ran since `mark`), `reset`, `mark`, `stop`.
 *
 * Arrival times are taken in the UDP socket's message handler, before anything else is done with
 * the packet. To keep that handler cheap (so that a late frame is the sender's lateness, not the
 * fake's), every packet is only timed, transport-decrypted and checked to be a DAVE frame; the
 * first `DECODED` streams of a trial (argument 2, default 2) are also DAVE-decrypted and decoded,
 * so the benchmark still verifies that what arrives is the tone.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FakeDiscord } from '@kokoro/testing';
import { ChannelType } from 'discord-api-types/v10';

const count = Number(process.argv[2] ?? '64');
const decoded = Number(process.argv[3] ?? '2');
const fake = await FakeDiscord.start({ voice: { decode: decoded } });
const kokoro = fake.addBot({ name: 'KokoroBench' });
const discordjs = fake.addBot({ name: 'DiscordjsBench' });
const channels: { guildId: string; channelId: string }[] = [];
for (let i = 0; i < count; i++) {
  const guild = fake.addGuild({ name: `voice ${i}`, members: [kokoro, discordjs] });
  const channel = fake.addChannel(guild, { name: 'talk', type: ChannelType.GuildVoice });
  channels.push({ guildId: guild.id, channelId: channel.id });
}
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

/** Whether the first `n` calls have `bot` in them and every simulated member holds DAVE keys. */
function settled(botId: string, n: number): boolean {
  return channels.slice(0, n).every((c) => {
    const call = fake.voice.call(c.channelId);
    return call?.bots.has(botId) === true && [...call.users.keys()].every((u) => fake.voice.hasKeys(c.channelId, u));
  });
}

process.on('message', (message: { t: string; bot?: string; n?: number }) => {
  if (message.t === 'settle') {
    // The DAVE groups form after the libraries report their connections ready: the trial starts
    // once every call has its group, so that no library plays into a forming group.
    const botId = message.bot === 'kokoro' ? kokoro.id : discordjs.id;
    const until = Date.now() + 60_000;
    const poll = () => {
      if (settled(botId, message.n!)) process.send!({ t: 'settled', ok: true });
      else if (Date.now() > until) process.send!({ t: 'settled', ok: false });
      else setTimeout(poll, 50);
    };
    poll();
  } else if (message.t === 'heard') {
    const bot = message.bot === 'kokoro' ? kokoro : discordjs;
    const heard = channels.slice(0, message.n).map((c) => fake.voice.heard(c.channelId, bot.id));
    // Event loop delay of the fake during the trial (ns → ms): how late the fake itself could be.
    const fakeLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    process.send!({ t: 'heard', heard, fakeLoop });
  } else if (message.t === 'reset') {
    for (const c of channels) fake.voice.resetHeard(c.channelId);
    process.send!({ t: 'reset' });
  } else if (message.t === 'mark') {
    // The streams start now: the loop delay counts from here.
    loop.reset();
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
