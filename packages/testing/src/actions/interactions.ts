/**
 * Interactions as the fake runs them. A simulated user invokes a command, clicks a component or
 * submits a modal: the world records an {@link InteractionState} (id, token, who, where) and sends
 * INTERACTION_CREATE to the application's bot only. The bot answers through
 * `POST /interactions/{id}/{token}/callback` once, within 3 seconds (by the world's clock); after
 * that the token serves follow-ups through `/webhooks/{application}/{token}` for 15 minutes.
 */
import {
  type APIApplicationCommand,
  type APIChannel,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  GatewayDispatchEvents as E,
  InteractionType,
} from 'discord-api-types/v10';
import { FakeDiscordError } from '../world/errors.js';
import { channelPermissions } from '../world/permissions.js';
import type { InteractionState } from '../world/stores.js';
import type { FakeBot, World } from '../world/world.js';
import { botEvent } from './announce.js';
import { checkMemberPermissions, checkOptions } from './interaction-checks.js';
import { Resolved } from './resolved.js';

/** How long an interaction may wait for its first response (ms). */
export const INTERACTION_RESPONSE_WINDOW = 3_000;
/** How long an interaction token serves follow-ups (ms). */
export const INTERACTION_TOKEN_LIFETIME = 15 * 60_000;

/** What the simulated user did. */
export type InteractionAction =
  | { kind: 'command'; name: string; options?: unknown[]; commandType?: ApplicationCommandType; targetId?: string }
  | { kind: 'autocomplete'; name: string; options?: unknown[] }
  | { kind: 'component'; customId: string; componentType?: ComponentType; values?: string[]; message: APIMessage }
  | { kind: 'modal'; customId: string; components: unknown[] };

/** Select menus of users, roles, mentionables and channels come with the objects chosen, resolved. */
function selectResolved(
  world: World,
  guildId: string | undefined,
  channel: APIChannel | undefined,
  userId: string,
  action: Extract<InteractionAction, { kind: 'component' }>,
): { resolved?: unknown } {
  const type = action.componentType;
  const option = {
    [ComponentType.UserSelect]: ApplicationCommandOptionType.User,
    [ComponentType.RoleSelect]: ApplicationCommandOptionType.Role,
    [ComponentType.MentionableSelect]: ApplicationCommandOptionType.Mentionable,
    [ComponentType.ChannelSelect]: ApplicationCommandOptionType.Channel,
  }[type as number];
  if (option === undefined || !action.values) return {};
  const resolved = new Resolved(world, guildId, channel, userId);
  resolved.addOptions(action.values.map((value) => ({ type: option, value })));
  return resolved.empty ? {} : { resolved: resolved.data };
}

/** Find a command of the bot's application by name (guild commands first). */
export function findCommand(
  world: World,
  bot: FakeBot,
  name: string,
  guildId?: string,
  type = ApplicationCommandType.ChatInput,
): APIApplicationCommand | undefined {
  const pools = [
    guildId ? world.stores.commandsOf(bot.applicationId, guildId) : undefined,
    world.stores.commandsOf(bot.applicationId),
  ];
  for (const pool of pools) {
    for (const command of pool?.values() ?? []) if (command.name === name && command.type === type) return command;
  }
  return undefined;
}

/**
 * A user interacts with a bot's application in a channel; INTERACTION_CREATE to that bot.
 * As Discord, a command must be registered (in the guild or globally), its options must fit the
 * registered schema, and the user needs its `default_member_permissions`; otherwise this throws a
 * `FakeDiscordError` and nothing is sent.
 */
export function createInteraction(
  world: World,
  bot: FakeBot,
  channelId: string,
  user: APIUser,
  action: InteractionAction,
  deliver?: (interaction: APIInteraction) => void,
): APIInteraction {
  const guildId = world.guildIdOfChannel(channelId);
  const guild = guildId ? world.guild(guildId) : undefined;
  const channel = world.channels.get(channelId);
  const id = world.nextId();
  const token = `fake-interaction-${id}-${Math.floor(world.clock.now()).toString(36)}`;
  const member = guild?.members.get(user.id);
  // Discord gives permissions in the channel of the interaction (overwrites applied), for the app
  // and for the member.
  const permissionsOf = (userId: string) =>
    guild && channel ? String(channelPermissions(guild, userId, channel, world.clock.now())) : undefined;
  const common: Record<string, unknown> = {
    id,
    application_id: bot.applicationId,
    token,
    version: 1,
    channel_id: channelId,
    channel: channel ? { ...channel, ...(guild ? { permissions: permissionsOf(user.id) } : {}) } : undefined,
    app_permissions: permissionsOf(bot.id) ?? '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (guildId && guild) {
    common.guild_id = guildId;
    common.guild = { id: guildId, locale: guild.guild.preferred_locale, features: guild.guild.features };
    common.guild_locale = guild.guild.preferred_locale;
    common.member = { ...(member ?? {}), user, permissions: permissionsOf(user.id) ?? '0' };
  } else {
    common.user = user;
  }
  let interaction: Record<string, unknown>;
  let messageId: string | undefined;
  switch (action.kind) {
    case 'command':
    case 'autocomplete': {
      const type =
        action.kind === 'command'
          ? (action.commandType ?? ApplicationCommandType.ChatInput)
          : ApplicationCommandType.ChatInput;
      const command = findCommand(world, bot, action.name, guildId, type);
      const label = type === ApplicationCommandType.ChatInput ? `/${action.name}` : `'${action.name}'`;
      if (!command) {
        throw new FakeDiscordError(
          `interact: ${label} (type ${type}) is not registered for ${bot.name}${guildId ? ` in guild ${guildId}` : ''} or globally; register it first (client.slash.sync())`,
        );
      }
      checkOptions(command.options, action.options, label, action.kind === 'autocomplete');
      if (action.kind === 'autocomplete' && !(action.options ?? []).some((o) => (o as { focused?: boolean }).focused)) {
        throw new FakeDiscordError(`interact: an autocomplete of ${label} needs one option with focused: true`);
      }
      const memberPermissions =
        guild && channel ? channelPermissions(guild, user.id, channel, world.clock.now()) : undefined;
      checkMemberPermissions(command, memberPermissions, label);
      const data: Record<string, unknown> = {
        id: command.id,
        name: action.name,
        type,
        ...(action.options ? { options: action.options } : {}),
      };
      if (command.guild_id) data.guild_id = command.guild_id;
      const resolved = new Resolved(world, guildId, channel, user.id);
      if (action.options) resolved.addOptions(action.options);
      if (action.kind === 'command' && action.targetId) {
        data.target_id = action.targetId;
        if (type === ApplicationCommandType.Message) resolved.addMessage(channelId, action.targetId);
        else resolved.addUser(action.targetId);
      }
      if (!resolved.empty) data.resolved = resolved.data;
      interaction = {
        ...common,
        type:
          action.kind === 'command'
            ? InteractionType.ApplicationCommand
            : InteractionType.ApplicationCommandAutocomplete,
        data,
      };
      break;
    }
    case 'component':
      messageId = action.message.id;
      interaction = {
        ...common,
        type: InteractionType.MessageComponent,
        message: action.message,
        data: {
          custom_id: action.customId,
          component_type: action.componentType ?? ComponentType.Button,
          ...(action.values ? { values: action.values } : {}),
          ...selectResolved(world, guildId, channel, user.id, action),
        },
      };
      break;
    case 'modal':
      interaction = {
        ...common,
        type: InteractionType.ModalSubmit,
        data: { custom_id: action.customId, components: action.components },
      };
      break;
  }
  const state: InteractionState = {
    id,
    token,
    applicationId: bot.applicationId,
    channelId,
    guildId,
    userId: user.id,
    messageId,
    responseType: undefined,
    response: undefined,
    originalMessageId: undefined,
    createdAt: world.clock.now(),
    type: interaction.type as InteractionType,
    authorizingIntegrationOwners: common.authorizing_integration_owners as Record<string, string>,
    ...(action.kind === 'command'
      ? { commandType: action.commandType ?? ApplicationCommandType.ChatInput, commandName: action.name }
      : {}),
    ...(action.kind === 'command' && action.targetId ? { targetId: action.targetId } : {}),
  };
  world.stores.interactions.set(id, state);
  world.stores.interactionsByToken.set(token, state);
  // An application with an interactions endpoint gets it over HTTP instead of the gateway.
  if (deliver) deliver(interaction as unknown as APIInteraction);
  else botEvent(world, [bot.id], E.InteractionCreate, interaction, undefined, guildId);
  return interaction as unknown as APIInteraction;
}
