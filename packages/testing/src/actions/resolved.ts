/**
 * The `resolved` part of an interaction's data: Discord sends the objects behind every id the
 * interaction names (user, channel, role and mentionable options, the target of a context menu
 * command) so the application needs no lookup. Members come without `user`, `deaf` and `mute` and
 * with their `permissions` in the interaction's channel; channels as partial objects with the
 * invoking user's permissions there.
 */
import {
  type APIChannel,
  type APIInteractionDataResolved,
  type APIMessage,
  ApplicationCommandOptionType as O,
} from 'discord-api-types/v10';
import { channelPermissions } from '../world/permissions.js';
import type { World } from '../world/world.js';

/** An option as the simulated user gives it (`value`, or nested `options` for sub-commands). */
interface OptionLike {
  type?: number;
  value?: unknown;
  options?: unknown[];
}

/** Collects the `resolved` objects of one interaction. */
export class Resolved {
  readonly data: APIInteractionDataResolved & { messages?: Record<string, APIMessage> } = {};
  readonly #world: World;
  readonly #guildId: string | undefined;
  readonly #channel: APIChannel | undefined;
  readonly #userId: string;

  /** For an interaction by `userId` in `channel` (of guild `guildId`, if any). */
  constructor(world: World, guildId: string | undefined, channel: APIChannel | undefined, userId: string) {
    this.#world = world;
    this.#guildId = guildId;
    this.#channel = channel;
    this.#userId = userId;
  }

  /** Whether nothing was resolved (Discord then leaves `resolved` out). */
  get empty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  /** Resolve the ids named by user, channel, role and mentionable options, sub-commands included. */
  addOptions(options: readonly unknown[]): void {
    for (const raw of options) {
      const option = raw as OptionLike;
      if (Array.isArray(option.options)) this.addOptions(option.options);
      if (typeof option.value !== 'string') continue;
      if (option.type === O.User) this.addUser(option.value);
      else if (option.type === O.Channel) this.addChannel(option.value);
      else if (option.type === O.Role) this.addRole(option.value);
      else if (option.type === O.Mentionable) {
        if (this.#world.users.has(option.value)) this.addUser(option.value);
        else this.addRole(option.value);
      }
    }
  }

  /** A user, and their member in the guild of the interaction. */
  addUser(userId: string): void {
    const user = this.#world.users.get(userId);
    if (!user) return;
    this.data.users = { ...this.data.users, [userId]: user };
    const guild = this.#guildId ? this.#world.guild(this.#guildId) : undefined;
    const member = guild?.members.get(userId);
    if (!guild || !member) return;
    const { user: _user, deaf: _deaf, mute: _mute, ...rest } = member;
    const permissions = this.#channel ? channelPermissions(guild, userId, this.#channel, this.#world.clock.now()) : 0n;
    this.data.members = { ...this.data.members, [userId]: { ...rest, permissions: String(permissions) } };
  }

  /** A channel as a partial object, with the invoking user's permissions in it. */
  addChannel(channelId: string): void {
    const channel = this.#world.channels.get(channelId) as
      | (APIChannel & { name?: string; parent_id?: string | null; thread_metadata?: unknown })
      | undefined;
    if (!channel) return;
    const guild = this.#guildId ? this.#world.guild(this.#guildId) : undefined;
    const permissions = guild ? channelPermissions(guild, this.#userId, channel, this.#world.clock.now()) : 0n;
    const partial = {
      id: channel.id,
      type: channel.type,
      name: channel.name ?? null,
      permissions: String(permissions),
      ...(channel.parent_id !== undefined ? { parent_id: channel.parent_id } : {}),
      ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
    };
    this.data.channels = { ...this.data.channels, [channelId]: partial as never };
  }

  /** A role of the interaction's guild. */
  addRole(roleId: string): void {
    const role = this.#guildId ? this.#world.guild(this.#guildId)?.roles.get(roleId) : undefined;
    if (role) this.data.roles = { ...this.data.roles, [roleId]: role };
  }

  /** A message (the target of a message command). */
  addMessage(channelId: string, messageId: string): void {
    const message = this.#world.messagesOf(channelId).get(messageId);
    if (message) this.data.messages = { ...this.data.messages, [messageId]: message };
  }
}
