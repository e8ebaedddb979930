import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ContainerBuilder,
  EmbedBuilder,
  TextDisplayBuilder,
} from '@discordjs/builders';
import { Cache, Client, MessageFlags } from '@kokoro/core';
import { FakeDiscord } from '@kokoro/testing';
import { ButtonStyle } from 'discord-api-types/v10';
import { ActionRow, Button, Color, Container, Embed, Section, TextDisplay } from '../src/index.js';

async function world() {
  const fake = await FakeDiscord.start();
  const bot = fake.addBot({ name: 'Builder' });
  const guild = fake.addGuild({ name: 'Builders', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const client = new Client({ name: 'Builder', token: bot.token, restUrl: fake.restUrl, cache: new Cache() });
  return { fake, client, channel };
}

test('Kokoro builders go straight into messageCreate; a layout builder sets IS_COMPONENTS_V2', async (t) => {
  const { fake, client, channel } = await world();
  t.after(() => fake.close());
  const embed = new Embed().title('Hello').color(Color.Blurple).field('a', 'b', true);
  const sent = await client.messageCreate(channel.id, {
    content: 'with an embed',
    embeds: [embed],
    components: [new ActionRow(Button.primary('vote:1', 'Vote'))],
  });
  const stored = fake.messages(channel).at(-1)!;
  assert.equal(stored.id, sent.id);
  assert.deepEqual(stored.embeds[0]?.title, 'Hello');
  assert.equal(stored.embeds[0]?.color, 0x5865f2);
  assert.equal((stored.components![0] as { components: { custom_id: string }[] }).components[0]?.custom_id, 'vote:1');

  await client.messageCreate(channel.id, {
    components: [new Container(new Section(Button.secondary('more', 'More'), 'Components V2')).accentColor('red')],
  });
  const v2 = fake.messages(channel).at(-1)!;
  assert.equal((v2.flags ?? 0) & MessageFlags.IsComponentsV2, MessageFlags.IsComponentsV2);
  assert.equal(v2.components?.[0]?.type, 17);

  await client.messageCreate(channel.id, {
    components: [new TextDisplay('just text')],
    flags: MessageFlags.SuppressNotifications,
  });
  const flagged = fake.messages(channel).at(-1)!;
  assert.equal(flagged.flags, MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2);
});

test('@discordjs/builders work unchanged where a payload is expected', async (t) => {
  const { fake, client, channel } = await world();
  t.after(() => fake.close());
  const embed = new EmbedBuilder().setTitle('From discord.js').setDescription('builders').setColor(0x00ff00);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('djs').setLabel('Click').setStyle(ButtonStyle.Primary),
  );
  await client.messageCreate(channel.id, { embeds: [embed], components: [row] });
  const stored = fake.messages(channel).at(-1)!;
  assert.equal(stored.embeds[0]?.title, 'From discord.js');
  assert.equal(stored.embeds[0]?.color, 0x00ff00);
  assert.equal((stored.components![0] as { components: { custom_id: string }[] }).components[0]?.custom_id, 'djs');

  const container = new ContainerBuilder().addTextDisplayComponents(
    new TextDisplayBuilder().setContent('v2 from discord.js'),
  );
  await client.messageCreate(channel.id, { components: [container] });
  assert.equal((fake.messages(channel).at(-1)!.flags ?? 0) & MessageFlags.IsComponentsV2, MessageFlags.IsComponentsV2);

  const edited = await client.messageEdit(
    { id: fake.messages(channel).at(-2)!.id, channelId: channel.id },
    {
      embeds: [new Embed().title('edited')],
    },
  );
  assert.equal(edited.embeds?.[0]?.title ?? fake.messages(channel).at(-2)!.embeds[0]?.title, 'edited');
});

test('a bad builder is refused before anything is sent, naming the field', async (t) => {
  const { fake, client, channel } = await world();
  t.after(() => fake.close());
  const before = fake.messages(channel).length;
  await assert.rejects(
    client.messageCreate(channel.id, { embeds: [new Embed().title('x'.repeat(300))] }),
    /embed\.title: must be/,
  );
  await assert.rejects(
    client.messageCreate(channel.id, { components: [new ActionRow(Button.primary('', 'empty id'))] }),
    /actionRow\.components\[0\]\.custom_id/,
  );
  assert.equal(fake.messages(channel).length, before);
});
