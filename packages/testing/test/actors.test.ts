// Issue 15, points 1 and 2: the actor API (users that say, run, click, select, submit, react and
// join voice; expectations that wait for the bot) and the plain-text render of messages. The bot
// under test is the raw fetch + ws bot of raw-bot.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '@kokoro/common';
import { ChannelType } from 'discord-api-types/v10';
import { type FakeBot, FakeDiscord, FakeDiscordError, FakeTimeoutError } from '../src/index.js';
import { type RawBot, startRawBot } from './raw-bot.js';

describe('the actor API against a raw fetch + ws bot', () => {
  let fake: FakeDiscord;
  let bot: FakeBot;
  let raw: RawBot;
  let channel: { id: string };

  before(async () => {
    fake = await FakeDiscord.start();
    bot = fake.addBot({ name: 'Raw' });
    const guild = fake.addGuild({ name: 'Shrine', members: [bot] });
    channel = fake.addChannel(guild, { name: 'general' });
    raw = startRawBot(fake, bot.token);
    await raw.ready;
  });
  after(async () => {
    await raw.close();
    await fake.close();
  });

  it('fake.user creates the user once, a member of the first guild', () => {
    const alice = fake.user('alice');
    assert.equal(fake.user('alice'), alice);
    assert.ok([...fake.world.guilds.values()][0]!.members.has(alice.id));
  });

  it('says, then nextMessage from the bot: pong', async () => {
    const alice = fake.user('alice');
    const said = await alice.says(channel, 'ping');
    assert.equal(said.author.username, 'alice');
    const answer = await fake.nextMessage(channel, { from: bot });
    assert.equal(answer.content, 'pong');
    assert.ok(BigInt(answer.id) > BigInt(said.id));
  });

  it('runs a slash command with options by name, typed from the registered command', async () => {
    const alice = fake.user('alice');
    const interaction = await alice.runs(bot, 'echo', { text: 'hi there' }, { channel });
    assert.deepEqual((interaction.data as { options: unknown[] }).options, [
      { name: 'text', type: 3, value: 'hi there' },
    ]);
    assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'hi there');
    assert.equal((await fake.responseTo(interaction)).responseType, 4);
    await assert.rejects(alice.runs(bot, 'echo', { txt: 'x' }), /\/echo has no option 'txt'; it has: text/);
    await assert.rejects(alice.runs(bot, 'echo', { text: 3 }), /takes a string, given number/);
  });

  it('clicks a button, selects in a menu, submits the modal a click opened', async () => {
    const alice = fake.user('alice');
    await alice.runs(bot, 'vote', {}, { channel });
    const vote = await fake.nextMessage(channel, { from: bot });
    await alice.clicks(vote, 'vote:yes');
    assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'counted');
    await alice.selects(vote, 'pick', ['b']);
    assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'picked b');
    const why = await alice.clicks(vote, 'vote:why');
    await alice.submits(why, { reason: 'it is late' });
    assert.equal((await fake.nextMessage(channel, { from: bot })).content, 'because it is late');
    await assert.rejects(alice.clicks(vote, 'nope'), /has no component 'nope'; it has: vote:yes, vote:why, pick/);
    await assert.rejects(alice.clicks(vote, 'pick'), /is a select menu; use selects/);
  });

  it('reacts and joinsVoice dispatch what Discord sends; waitFor sees them', async () => {
    const alice = fake.user('alice');
    const message = await alice.says(channel, 'react to me');
    const reaction = fake.waitFor('MESSAGE_REACTION_ADD', (d) => (d as { user_id: string }).user_id === alice.id);
    await alice.reacts(message, '👍');
    assert.deepEqual(((await reaction) as { emoji: unknown }).emoji, { id: null, name: '👍' });
    const guild = [...fake.world.guilds.values()][0]!.guild;
    const voice = fake.addChannel(guild, { name: 'Lounge', type: ChannelType.GuildVoice });
    const state = await alice.joinsVoice(voice);
    assert.equal(state.channel_id, voice.id);
    assert.equal(fake.guild(guild)?.voiceStates.get(alice.id)?.channel_id, voice.id);
    assert.ok(fake.voice.call(voice)?.users.has(alice.id), 'alice is in the call of the fake voice server');
    await alice.leavesVoice(guild);
    assert.equal(fake.guild(guild)?.voiceStates.get(alice.id), undefined);
    await assert.rejects(alice.joinsVoice(channel), /is not a voice or stage channel/);
  });

  it('two answers in any order are each found once', async () => {
    const alice = fake.user('alice');
    await alice.says(channel, 'ping');
    await alice.says(channel, 'ping');
    const first = await fake.nextMessage(channel, { from: bot });
    const second = await fake.nextMessage(channel, { from: bot });
    assert.notEqual(first.id, second.id);
  });
});

describe('waits under a ManualClock: timeouts through the fake clock, errors list what arrived', () => {
  it('nextMessage times out when the test advances the clock, naming what arrived', async () => {
    const clock = new ManualClock();
    const fake = await FakeDiscord.start({ clock });
    try {
      const bot = fake.addBot({ name: 'Silent' });
      const guild = fake.addGuild({ name: 'G', members: [bot] });
      const channel = fake.addChannel(guild, { name: 'general' });
      const alice = fake.user('alice');
      const bob = fake.user('bob');
      await alice.says(channel, 'ping');
      const waiting = fake.nextMessage(channel, { from: bot, timeout: 1_000 });
      await bob.says(channel, 'anyone?');
      let settled = false;
      waiting
        .catch(() => {})
        .finally(() => {
          settled = true;
        });
      await clock.advance(999);
      assert.equal(settled, false, 'nothing fires before the fake clock reaches the timeout');
      await clock.advance(1);
      const error = await waiting.then(
        () => assert.fail('should time out'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof FakeTimeoutError);
      assert.match(error.message, /no message from Silent \(\d+\) in channel \d+ within 1000 ms/);
      assert.match(error.message, /arrived: bob: "anyone\?"/);
    } finally {
      await fake.close();
    }
  });

  it('waitFor a condition resolves on the change; a bad call is refused', async () => {
    const fake = await FakeDiscord.start({ clock: new ManualClock() });
    try {
      const guild = fake.addGuild({ name: 'G' });
      const channel = fake.addChannel(guild, { name: 'general' });
      const count = fake.waitFor(() => fake.messages(channel).length >= 2 && fake.messages(channel).length);
      await fake.user('alice').says(channel, 'one');
      await fake.user('alice').says(channel, 'two');
      assert.equal(await count, 2);
      await assert.rejects(fake.waitFor('' as string), FakeDiscordError);
      await assert.rejects(fake.nextMessage('123'), /unknown channel 123/);
      await assert.rejects(fake.user('alice').runs('42', 'ping'), /unknown bot 42/);
    } finally {
      await fake.close();
    }
  });

  it('ids and times are the same on every run under a ManualClock', async () => {
    const runOnce = async () => {
      const fake = await FakeDiscord.start({ clock: new ManualClock(1_750_000_000_000) });
      try {
        const seeded = fake.seed({
          bots: [{ name: 'Nue', token: 'nue-token' }],
          users: [{ username: 'alice' }],
          guilds: [{ name: 'Shrine', members: ['Nue', 'alice'], channels: [{ name: 'general' }] }],
        });
        const said = await fake.user('alice').says(seeded.guilds.Shrine!.channels.general!, 'hi');
        return [seeded.bots.Nue!.id, seeded.guilds.Shrine!.guild.id, said.id, said.timestamp];
      } finally {
        await fake.close();
      }
    };
    assert.deepEqual(await runOnce(), await runOnce());
  });
});

describe('fake.render', () => {
  it('renders content, embeds, components and Components V2 as stable text', async () => {
    const fake = await FakeDiscord.start({ clock: new ManualClock() });
    try {
      const text = fake.render({
        id: '1',
        channel_id: '2',
        author: { id: '3', username: 'Nue', bot: true, discriminator: '0', global_name: null, avatar: null },
        content: 'pong\nsecond line',
        timestamp: '2026-01-01T00:00:00.000Z',
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [{ id: '9', filename: 'a.png', content_type: 'image/png', size: 1, url: 'u', proxy_url: 'p' }],
        embeds: [
          {
            title: 'Score',
            color: 0xff0000,
            description: 'The match is over.',
            fields: [{ name: 'Home', value: '3', inline: true }],
            footer: { text: 'final' },
          },
        ],
        pinned: false,
        type: 0,
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 1, label: 'Vote', custom_id: 'vote:1' },
              { type: 2, style: 5, label: 'Docs', url: 'https://example.com' },
            ],
          },
          {
            type: 17,
            accent_color: 0x00ff00,
            components: [
              { type: 10, content: '**Hello**' },
              { type: 14 },
              {
                type: 9,
                components: [{ type: 10, content: 'side' }],
                accessory: { type: 2, style: 2, label: 'Go', custom_id: 'go' },
              },
            ],
          },
        ],
        reactions: [
          {
            emoji: { id: null, name: '👍' },
            count: 2,
            count_details: { burst: 0, normal: 2 },
            me: false,
            me_burst: false,
            burst_colors: [],
          },
        ],
      } as never);
      assert.equal(
        text,
        [
          'Nue [bot]: pong',
          '  second line',
          '  ┌ embed "Score" #ff0000',
          '  │ The match is over.',
          '  │ Home: 3 (inline)',
          '  └ footer: final',
          '  [button primary "Vote" vote:1] [button link "Docs" → https://example.com]',
          '  ╭ container #00ff00',
          '  │ ▌ **Hello**',
          '  │ ────',
          '  │ ▌ side',
          '  │   ↳ [button secondary "Go" go]',
          '  ╰',
          '  [attachment a.png image/png]',
          '  reactions: 👍 ×2',
        ].join('\n'),
      );
    } finally {
      await fake.close();
    }
  });
});
