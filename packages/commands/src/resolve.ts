/**
 * Turning an argument into an entity, the way a user refers to one in a chat: a mention
 * (`<@id>`, `<#id>`, `<@&id>`), a bare id, or a name. Lookups go to the shared cache first; an id
 * the cache does not know is fetched once over REST (users, members, channels, messages), so a
 * command works right after a restart. Names match exactly, case-insensitively (usernames, global
 * and display names, nicknames, `user#1234` tags, role and channel names).
 */
import type { Channel, Guild, GuildMember, Message, Role, User } from '@kokoro/core';
import type { APIPartialEmoji, ChannelType } from 'discord-api-types/v10';
import { ParamValueError } from './errors.js';
import type { ParamContext } from './param-context.js';

const ID = /^\d{15,21}$/;

function idIn(text: string, mention: RegExp): string | undefined {
  const match = mention.exec(text);
  if (match) return match[1];
  return ID.test(text) ? text : undefined;
}

async function fetched<T>(fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch {
    return undefined;
  }
}

function guildOf(context: ParamContext, what: string): Guild {
  const guild = context.message.guild;
  if (!guild) throw new ParamValueError(`a ${what} can only be named in a server`);
  return guild;
}

function userNamed(user: User, lower: string): boolean {
  return (
    user.username.toLowerCase() === lower ||
    user.globalName?.toLowerCase() === lower ||
    user.tag.toLowerCase() === lower
  );
}

/** A user by mention, id, or name (among the guild's members, then the message's mentions). */
export async function resolveUser(text: string, context: ParamContext): Promise<User> {
  const { client, message } = context;
  const id = idIn(text, /^<@!?(\d{15,21})>$/);
  if (id !== undefined) {
    const user = client.cache.users.get(id) ?? (await fetched(() => client.userGet(id)));
    if (user) return user;
    throw new ParamValueError('no user has that id');
  }
  const lower = text.toLowerCase().replace(/^@/, '');
  for (const member of message.guild?.members.values() ?? []) {
    if (userNamed(member.user, lower) || member.nick?.toLowerCase() === lower) return member.user;
  }
  for (const user of [message.author, ...message.mentions]) if (userNamed(user, lower)) return user;
  throw new ParamValueError('expected a user (a mention, an id or a name)');
}

/** A member of the message's guild by mention, id, name or nickname. */
export async function resolveMember(text: string, context: ParamContext): Promise<GuildMember> {
  const guild = guildOf(context, 'member');
  const id = idIn(text, /^<@!?(\d{15,21})>$/);
  if (id !== undefined) {
    const member = guild.members.get(id) ?? (await fetched(() => context.client.guildMemberGet(guild, id)));
    if (member) return member;
    throw new ParamValueError('no member of this server has that id');
  }
  const lower = text.toLowerCase().replace(/^@/, '');
  for (const member of guild.members.values()) {
    if (member.nick?.toLowerCase() === lower || userNamed(member.user, lower)) return member;
  }
  throw new ParamValueError('expected a member of this server (a mention, an id or a name)');
}

/** A channel by mention, id, or name in the message's guild; of one of `types` when given. */
export async function resolveChannel(
  text: string,
  context: ParamContext,
  types?: readonly ChannelType[],
): Promise<Channel> {
  const { client, message } = context;
  const id = idIn(text, /^<#(\d{15,21})>$/);
  let channel: Channel | undefined;
  if (id !== undefined) {
    channel = client.cache.channels.get(id) ?? (await fetched(() => client.channelGet(id)));
    if (!channel) throw new ParamValueError('no channel has that id');
  } else {
    const lower = text.toLowerCase().replace(/^#/, '');
    for (const candidate of guildOf(context, 'channel').channels.values()) {
      if (candidate.name.toLowerCase() === lower && (!types || types.includes(candidate.type as ChannelType))) {
        channel = candidate;
        break;
      }
    }
    if (!channel) throw new ParamValueError('expected a channel (a mention, an id or a name)');
  }
  if (message.guild && channel.guild && channel.guild !== message.guild) {
    throw new ParamValueError('that channel is in another server');
  }
  if (types && !types.includes(channel.type as ChannelType)) {
    throw new ParamValueError('that channel is not of a kind this command takes');
  }
  return channel;
}

/** A role of the message's guild by mention, id or name. */
export function resolveRole(text: string, context: ParamContext): Role {
  const guild = guildOf(context, 'role');
  const id = idIn(text, /^<@&(\d{15,21})>$/);
  if (id !== undefined) {
    const role = guild.roles.get(id);
    if (role) return role;
    throw new ParamValueError('no role of this server has that id');
  }
  const lower = text.toLowerCase().replace(/^@(?!everyone$)/, '');
  for (const role of guild.roles.values()) if (role.name.toLowerCase() === lower) return role;
  throw new ParamValueError('expected a role (a mention, an id or a name)');
}

const UNICODE_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;

/** An emoji: custom (`<:name:id>`, `<a:name:id>`), unicode, or the name of one of the guild's (`:name:` or `name`). */
export function resolveEmoji(text: string, context: ParamContext): APIPartialEmoji {
  const custom = /^<(a?):([\w~]{2,32}):(\d{15,21})>$/.exec(text);
  if (custom) return { id: custom[3]!, name: custom[2]!, animated: custom[1] === 'a' };
  if (UNICODE_EMOJI.test(text) && [...text].length <= 16 && !/\s/.test(text)) return { id: null, name: text };
  const name = text.replace(/^:|:$/g, '').toLowerCase();
  for (const emoji of context.message.guild?.emojis.values() ?? []) {
    if (emoji.id && emoji.name?.toLowerCase() === name) {
      return { id: emoji.id, name: emoji.name, ...(emoji.animated ? { animated: true } : {}) };
    }
  }
  throw new ParamValueError('expected an emoji');
}

const LINK =
  /^<?https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{15,21}|@me)\/(\d{15,21})\/(\d{15,21})>?$/;

/** A message: a link, `channelId-messageId`, or an id in the same channel. */
export async function resolveMessage(text: string, context: ParamContext): Promise<Message> {
  const { client, message } = context;
  const link = LINK.exec(text) ?? /^()(\d{15,21})-(\d{15,21})$/.exec(text);
  const channelId = link ? link[2]! : message.channel.id;
  const messageId = link ? link[3]! : ID.test(text) ? text : undefined;
  if (messageId === undefined) throw new ParamValueError('expected a message link or id');
  const channel = client.cache.channels.get(channelId);
  if (message.guild && channel?.guild && channel.guild !== message.guild) {
    throw new ParamValueError('that message is in another server');
  }
  const found = channel?.messages?.get(messageId) ?? (await fetched(() => client.messageGet(channelId, messageId)));
  if (!found) throw new ParamValueError('no message found there (or the bot cannot read that channel)');
  return found;
}
