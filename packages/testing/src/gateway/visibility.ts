/**
 * Who sees a world event. A session sees a dispatch when its bot is a recipient (targeted events),
 * or a member of the event's guild with the guild on the session's shard, and it has the intent
 * the event needs. Events without a guild (DMs, user updates) go to shard 0, as Discord sends them.
 * Message payloads lose their content unless the session has MESSAGE_CONTENT, the bot wrote or is
 * mentioned in the message, or it is a DM.
 */
import { shardIdForGuild } from '@kokoro/common';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { FakeSession } from './session.js';
import type { GatewayWorld, GatewayWorldDispatch } from './world-view.js';

/** Whether `session` receives `dispatch`. */
export function sessionSees(world: GatewayWorld, session: FakeSession, dispatch: GatewayWorldDispatch): boolean {
  const botId = session.bot.id;
  if (dispatch.recipients && !dispatch.recipients.includes(botId)) return false;
  if (dispatch.intent !== undefined && (session.intents & dispatch.intent) === 0) return false;
  const guildId = guildOf(dispatch);
  if (guildId !== undefined) {
    if (shardIdForGuild(guildId, session.shardCount) !== session.shardId) return false;
    // Targeted guild events (GUILD_DELETE on leave) reach their recipients after membership ended.
    return dispatch.recipients !== undefined || world.isMember(guildId, botId);
  }
  return session.shardId === 0;
}

/** The guild an event is about: its `guildId`, or the guild a GUILD_DELETE names. */
function guildOf(dispatch: GatewayWorldDispatch): string | undefined {
  if (dispatch.guildId !== undefined) return dispatch.guildId;
  if (dispatch.t === GatewayDispatchEvents.GuildDelete) return (dispatch.d as { id?: string } | null)?.id;
  return undefined;
}

const CONTENT_FIELDS = ['content', 'embeds', 'attachments', 'components', 'poll'] as const;

interface MessageLike {
  author?: { id: string };
  mentions?: { id: string }[];
  [field: string]: unknown;
}

/** The payload `session` gets for a message-like dispatch: without content when it may not read it. */
export function contentFor(session: FakeSession, dispatch: GatewayWorldDispatch): unknown {
  if (!dispatch.hasContent || dispatch.guildId === undefined) return dispatch.d;
  if ((session.intents & GatewayIntentBits.MessageContent) !== 0) return dispatch.d;
  const message = dispatch.d as MessageLike;
  const botId = session.bot.id;
  if (message.author?.id === botId) return dispatch.d;
  if (message.mentions?.some((user) => user.id === botId)) return dispatch.d;
  const stripped: MessageLike = { ...message };
  for (const field of CONTENT_FIELDS) {
    if (!(field in stripped)) continue;
    if (field === 'content') stripped.content = '';
    else if (field === 'poll') delete stripped.poll;
    else stripped[field] = [];
  }
  return stripped;
}
