/**
 * Fidelity of interactions: discord.js builds its interaction classes from the fake's
 * INTERACTION_CREATE (options and resolved objects, permissions in the channel, context menus,
 * components, modals, autocomplete) and answers through the fake's callback and webhook routes;
 * the fake records what was answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  ComponentType,
  type Interaction,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  LabelBuilder,
  MessageFlags,
  MessageType,
  ModalBuilder,
  PermissionFlagsBits,
  StringSelectMenuBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
  UserSelectMenuBuilder,
} from 'discord.js';
import type { InteractionAction } from '../src/index.js';
import { type DiscordjsWorld, startDiscordjsWorld, waitFor } from './discordjs-helpers.js';

describe('discord.js 14 against the fake Discord: interactions', () => {
  let w: DiscordjsWorld;

  /** A user acts; resolves with discord.js's interaction and the fake's raw one. */
  async function interact(action: InteractionAction, user = w.alice.id) {
    const received = waitFor(w.client, 'interactionCreate');
    const raw = w.fake.interact(w.nue, w.channelId, action, { user });
    const [interaction] = (await received) as [Interaction];
    assert.equal(interaction.id, raw.id);
    return { interaction, raw };
  }

  before(async () => {
    w = await startDiscordjsWorld();
    await w.client.application.commands.set([
      { name: 'ping', description: 'Answers pong' },
      {
        name: 'greet',
        description: 'Greets someone',
        options: [
          { name: 'who', description: 'Whom', type: ApplicationCommandOptionType.User, required: true },
          { name: 'where', description: 'Where', type: ApplicationCommandOptionType.Channel },
          { name: 'as', description: 'As which role', type: ApplicationCommandOptionType.Role },
        ],
      },
      {
        name: 'find',
        description: 'Finds things',
        options: [{ name: 'q', description: 'Query', type: ApplicationCommandOptionType.String, autocomplete: true }],
      },
      { name: 'Inspect', type: ApplicationCommandType.User },
      { name: 'Quote', type: ApplicationCommandType.Message },
    ]);
  });
  after(async () => {
    await w?.close();
  });

  test('reply with withResponse: the callback response names the interaction and the message', async () => {
    const { interaction, raw } = await interact({ kind: 'command', name: 'ping' });
    assert.ok(interaction.isChatInputCommand());
    const response = await interaction.reply({ content: 'pong', withResponse: true });
    assert.equal(response.interaction.id, raw.id);
    assert.equal(response.interaction.type, InteractionType.ApplicationCommand);
    const message = response.resource?.message;
    assert.equal(message?.content, 'pong');
    assert.equal(message?.type, MessageType.ChatInputCommand);
    assert.equal(message?.interactionMetadata?.id, raw.id);
    assert.equal(message?.interactionMetadata?.user.id, w.alice.id);
    assert.equal(message?.interactionMetadata?.authorizingIntegrationOwners.guildId, w.guildId);
    assert.equal(message?.interaction?.commandName, 'ping', 'the deprecated interaction field too');
    assert.equal(w.fake.interactionResponse(raw)?.originalMessageId, message?.id);
  });

  test('options resolve users, members, channels and roles', async () => {
    const role = w.fake.simulate.roleCreate(w.guildId, { name: 'Greeter' });
    const { interaction } = await interact({
      kind: 'command',
      name: 'greet',
      options: [
        { name: 'who', type: ApplicationCommandOptionType.User, value: w.nue.id },
        { name: 'where', type: ApplicationCommandOptionType.Channel, value: w.channelId },
        { name: 'as', type: ApplicationCommandOptionType.Role, value: role.id },
      ],
    });
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.options.getUser('who')?.id, w.nue.id);
    const member = interaction.options.getMember('who');
    assert.ok(member && 'guild' in member, 'a GuildMember built from resolved.members');
    assert.equal(member.user.id, w.nue.id);
    assert.equal(interaction.options.getChannel('where')?.id, w.channelId);
    assert.equal(interaction.options.getRole('as')?.name, 'Greeter');
    await interaction.reply('hello');
  });

  test('permissions are those in the channel: overwrites apply to the member and the app', async () => {
    const channel = w.client.channels.cache.get(w.channelId) as TextChannel;
    // Not alice: the owner has every permission whatever the overwrites say.
    const bob = w.fake.addUser({ username: 'bob' });
    const joined = waitFor(w.client, 'guildMemberAdd', (m) => m.id === bob.id);
    w.fake.addMembers(w.guildId, [bob]);
    await joined;
    await channel.permissionOverwrites.edit(bob.id, { SendMessages: false });
    try {
      const { interaction } = await interact({ kind: 'command', name: 'ping' }, bob.id);
      assert.equal(interaction.memberPermissions?.has(PermissionFlagsBits.ViewChannel), true);
      assert.equal(
        interaction.memberPermissions?.has(PermissionFlagsBits.SendMessages),
        false,
        'the overwrite applies',
      );
      assert.equal(interaction.appPermissions.has(PermissionFlagsBits.Administrator), true);
      assert.ok(interaction.isRepliable());
      await interaction.reply('ok');
    } finally {
      await channel.permissionOverwrites.delete(bob.id);
    }
  });

  test('ephemeral reply and ephemeral follow-up, edited and deleted', async () => {
    const { interaction, raw } = await interact({ kind: 'command', name: 'ping' });
    assert.ok(interaction.isChatInputCommand());
    await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
    const reply = await interaction.fetchReply();
    assert.equal(reply.flags.has(MessageFlags.Ephemeral), true);
    assert.equal(
      w.fake.messages(w.channelId).some((m) => m.id === reply.id),
      false,
      'ephemeral messages are not in the channel',
    );
    const followUp = await interaction.followUp({ content: 'also you', flags: MessageFlags.Ephemeral });
    assert.equal(followUp.flags.has(MessageFlags.Ephemeral), true);
    assert.equal(followUp.interactionMetadata?.originalResponseMessageId, reply.id);
    const edited = await interaction.editReply({ content: 'also you, edited', message: followUp.id });
    assert.equal(edited.content, 'also you, edited');
    await interaction.deleteReply(followUp.id);
    assert.equal(w.fake.interactionResponse(raw)?.responseType, InteractionResponseType.ChannelMessageWithSource);
  });

  test('a button: update the message, then deferUpdate and edit it again', async () => {
    const { interaction } = await interact({ kind: 'command', name: 'ping' });
    assert.ok(interaction.isChatInputCommand());
    const button = new ButtonBuilder().setCustomId('again').setLabel('Again').setStyle(ButtonStyle.Primary);
    const response = await interaction.reply({
      content: 'press it',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
      withResponse: true,
    });
    const messageId = response.resource?.message?.id;
    const stored = () => w.fake.messages(w.channelId).find((m) => m.id === messageId);
    const message = stored();
    assert.ok(message, 'the reply is in the channel');

    const click = await interact({ kind: 'component', customId: 'again', message });
    assert.ok(click.interaction.isButton());
    assert.equal(click.interaction.customId, 'again');
    assert.equal(click.interaction.message.id, messageId);
    await click.interaction.update({ content: 'pressed', components: [] });
    assert.equal(stored()?.content, 'pressed');
    assert.equal(stored()?.components?.length, 0);
    assert.equal(w.fake.interactionResponse(click.raw)?.responseType, InteractionResponseType.UpdateMessage);

    const second = await interact({ kind: 'component', customId: 'again', message: stored()! });
    assert.ok(second.interaction.isButton());
    await second.interaction.deferUpdate();
    await second.interaction.editReply('pressed twice');
    assert.equal(stored()?.content, 'pressed twice');
  });

  test('select menus: string values, and the users chosen in a user select, resolved', async () => {
    const channel = w.client.channels.cache.get(w.channelId) as TextChannel;
    const sent = await channel.send({
      content: 'choose',
      components: [
        new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
          new StringSelectMenuBuilder()
            .setCustomId('flavour')
            .addOptions({ label: 'Tea', value: 'tea' }, { label: 'Coffee', value: 'coffee' }),
        ),
        new ActionRowBuilder<UserSelectMenuBuilder>().addComponents(new UserSelectMenuBuilder().setCustomId('whom')),
      ],
    });
    const message = w.fake.messages(w.channelId).find((m) => m.id === sent.id);
    assert.ok(message);
    const picked = await interact({
      kind: 'component',
      customId: 'flavour',
      componentType: ComponentType.StringSelect,
      values: ['coffee'],
      message,
    });
    assert.ok(picked.interaction.isStringSelectMenu());
    assert.deepEqual(picked.interaction.values, ['coffee']);
    await picked.interaction.deferUpdate();

    const chosen = await interact({
      kind: 'component',
      customId: 'whom',
      componentType: ComponentType.UserSelect,
      values: [w.alice.id],
      message,
    });
    assert.ok(chosen.interaction.isUserSelectMenu());
    assert.equal(chosen.interaction.users.get(w.alice.id)?.username, 'alice', 'users from resolved.users');
    assert.ok(chosen.interaction.members.has(w.alice.id), 'members from resolved.members');
    await chosen.interaction.deferUpdate();
  });

  test('a command in a DM: no guild, the user, the bot-DM context', async () => {
    const dm = w.fake.dmChannel(w.nue, w.alice);
    const received = waitFor(w.client, 'interactionCreate');
    w.fake.interact(w.nue, dm.id, { kind: 'command', name: 'ping' }, { user: w.alice });
    const [interaction] = await received;
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.guildId, null);
    assert.equal(interaction.user.id, w.alice.id);
    assert.equal(interaction.member, null);
    assert.equal(interaction.context, InteractionContextType.BotDM);
    await interaction.reply('hello in private');
    assert.equal(w.fake.messages(dm.id).at(-1)?.content, 'hello in private');
  });

  test('a modal: shown in answer to a command, its submission read back', async () => {
    const { interaction, raw } = await interact({ kind: 'command', name: 'ping' });
    assert.ok(interaction.isChatInputCommand());
    const modal = new ModalBuilder()
      .setCustomId('profile')
      .setTitle('Profile')
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('Name')
          .setTextInputComponent(new TextInputBuilder().setCustomId('name').setStyle(TextInputStyle.Short)),
      );
    await interaction.showModal(modal);
    const shown = w.fake.interactionResponse(raw);
    assert.equal(shown?.responseType, InteractionResponseType.Modal);
    assert.equal((shown?.response as { data?: { custom_id?: string } } | undefined)?.data?.custom_id, 'profile');

    const submit = await interact({
      kind: 'modal',
      customId: 'profile',
      components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'name', value: 'Alice' } }],
    });
    assert.ok(submit.interaction.isModalSubmit());
    assert.equal(submit.interaction.fields.getTextInputValue('name'), 'Alice');
    await submit.interaction.reply('saved');
    assert.equal(w.fake.messages(w.channelId).at(-1)?.content, 'saved');
  });

  test('autocomplete: the focused option, and the choices answered', async () => {
    const { interaction, raw } = await interact({
      kind: 'autocomplete',
      name: 'find',
      options: [{ name: 'q', type: ApplicationCommandOptionType.String, value: 'sh', focused: true }],
    });
    assert.ok(interaction.isAutocomplete());
    assert.equal(interaction.options.getFocused(), 'sh');
    await interaction.respond([{ name: 'shrine', value: 'shrine' }]);
    const answered = w.fake.interactionResponse(raw);
    assert.equal(answered?.responseType, InteractionResponseType.ApplicationCommandAutocompleteResult);
    assert.deepEqual((answered?.response as { data?: { choices?: unknown[] } } | undefined)?.data?.choices, [
      { name: 'shrine', value: 'shrine' },
    ]);
  });

  test('context menus: the target user with their member, the target message', async () => {
    const onUser = await interact({
      kind: 'command',
      name: 'Inspect',
      commandType: ApplicationCommandType.User,
      targetId: w.alice.id,
    });
    assert.ok(onUser.interaction.isUserContextMenuCommand());
    assert.equal(onUser.interaction.targetUser.id, w.alice.id);
    assert.equal(onUser.interaction.targetMember?.user.id, w.alice.id, 'member from resolved.members');
    const answer = await onUser.interaction.reply({ content: 'looked', withResponse: true });
    assert.equal(answer.resource?.message?.type, MessageType.ContextMenuCommand);

    const said = await w.fake.userSays(w.channelId, 'quotable', { author: w.alice });
    const onMessage = await interact({
      kind: 'command',
      name: 'Quote',
      commandType: ApplicationCommandType.Message,
      targetId: said.id,
    });
    assert.ok(onMessage.interaction.isMessageContextMenuCommand());
    assert.equal(onMessage.interaction.targetMessage.content, 'quotable');
    await onMessage.interaction.reply('quoted');
  });

  test('answering twice is 40060, as Discord says', async () => {
    const { interaction, raw } = await interact({ kind: 'command', name: 'ping' });
    assert.ok(interaction.isChatInputCommand());
    await interaction.reply('once');
    // discord.js refuses a second reply itself; send the callback as a second process would.
    const second = await w.client.rest
      .post(`/interactions/${raw.id}/${raw.token}/callback`, {
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'twice' } },
        auth: false,
      })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: number; status?: number },
      );
    assert.equal(second?.status, 400);
    assert.equal(second?.code, 40060);
  });
});
