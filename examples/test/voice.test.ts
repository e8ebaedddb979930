import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelType, fakeDiscordForTest } from 'kokoro';
import { example } from './helpers.js';

test('voice: !tone joins the caller’s channel; the fake hears ~440 Hz, end-to-end encrypted', async (t) => {
  const { fake, clients, world } = await fakeDiscordForTest((teardown) => t.after(teardown), {
    module: example('voice'),
    seed: {
      bots: [{ name: 'Voice' }],
      users: [{ username: 'alice' }],
      guilds: [
        {
          name: 'Studio',
          members: ['alice', 'Voice'],
          channels: [{ name: 'text' }, { name: 'booth', type: ChannelType.GuildVoice }],
        },
      ],
    },
    env: { DISCORD_TOKEN: 'Voice' },
  });
  const bot = clients.Voice!;
  const { text, booth } = world!.guilds.Studio!.channels;
  const alice = fake.user('alice');

  await alice.says(text!, '!tone');
  assert.equal((await fake.nextMessage(text!, { from: bot })).content, 'Join a voice channel first.');

  await alice.joinsVoice(booth!);
  await alice.says(text!, '!tone');
  assert.equal((await fake.nextMessage(text!, { from: bot, timeout: 20_000 })).content, 'Played 440 Hz.');
  const heard = fake.voice.heard(booth!.id, bot.id!);
  assert.ok(Math.abs(heard.frequencyHz - 440) <= 5, `heard ${heard.frequencyHz} Hz`);
  assert.equal(heard.e2ee, true);
  assert.ok(heard.seconds > 0.5, `heard ${heard.seconds} s`);

  await alice.says(text!, '!leave');
  assert.equal((await fake.nextMessage(text!, { from: bot })).content, 'Bye!');
  assert.equal(bot.voiceConnection(world!.guilds.Studio!.guild.id), undefined);
});
