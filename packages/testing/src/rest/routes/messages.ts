/**
 * Channel message routes: list (`before`/`after`/`around`, `limit` 1..100), get, create (with
 * `nonce` + `enforce_nonce`: a repeated nonce from the same author in the same channel returns the
 * first message instead of posting again), edit (author only for content), delete (author, or
 * MANAGE_MESSAGES), bulk delete. Each change is dispatched through the world.
 */
import { ChannelType, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { deleteMessage, deleteMessages, editMessage, postMessage } from '../../actions/messages.js';
import { messageFor } from '../../actions/reactions.js';
import { isThread } from '../../world/guild-create.js';
import { botOf, channelFor, hasChannelPermission, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest, missingPermissions, unknown } from '../errors.js';
import { readMessageBody } from '../message-body.js';
import { type Router, respond } from '../router.js';
import { Checker, queryInteger } from '../validate.js';

const { ViewChannel, SendMessages, SendMessagesInThreads, ReadMessageHistory, ManageMessages } = PermissionFlagsBits;

/** Channels that hold no messages of their own. */
const NOT_TEXT = new Set<number>([
  ChannelType.GuildCategory,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
  ChannelType.GuildDirectory,
]);

/** Add the message routes. */
export function addMessageRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const inThread = (channelId: string) => {
    const channel = world.channels.get(channelId);
    return channel !== undefined && isThread(channel);
  };
  /** channel:author:nonce -> message id, for enforce_nonce. */
  const nonces = new Map<string, string>();

  router.add('GET', '/channels/:channel_id/messages', (request) => {
    const { channel } = channelFor(world, request, request.params.channel_id!, ReadMessageHistory);
    const limit = queryInteger(request.query, 'limit', 50, 1, 100);
    const q = request.query;
    const anchor = (name: string) => q.get(name) ?? undefined;
    return world
      .messagesOf(channel.id)
      .query({ limit, before: anchor('before'), after: anchor('after'), around: anchor('around') })
      .map((message) => messageFor(world, message, botOf(request).id));
  });

  router.add('GET', '/channels/:channel_id/messages/:message_id', (request) => {
    const { channel } = channelFor(world, request, request.params.channel_id!, ReadMessageHistory);
    const message = world.messagesOf(channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    return messageFor(world, message, botOf(request).id);
  });

  router.add('POST', '/channels/:channel_id/messages', (request) => {
    const bot = botOf(request);
    const { channel } = channelFor(
      world,
      request,
      request.params.channel_id!,
      ViewChannel | (inThread(request.params.channel_id!) ? SendMessagesInThreads : SendMessages),
    );
    if (NOT_TEXT.has(channel.type)) {
      throw badRequest(
        RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel,
        'Cannot send messages in a non-text channel',
      );
    }
    if ((channel as { thread_metadata?: { archived?: boolean } }).thread_metadata?.archived) {
      throw badRequest(RESTJSONErrorCodes.InvalidActionOnArchivedThread, 'Thread is archived');
    }
    const body = objectBody(request);
    const fields = readMessageBody(world, request, body, { create: true, restUrl: ctx.restUrl() });
    const nonceKey =
      body.enforce_nonce === true && fields.nonce !== undefined ? `${channel.id}:${bot.id}:${fields.nonce}` : undefined;
    if (nonceKey) {
      const first = world.messagesOf(channel.id).get(nonces.get(nonceKey) ?? '');
      if (first) return first;
    }
    const message = postMessage(world, channel.id, bot.user, fields);
    if (nonceKey) nonces.set(nonceKey, message.id);
    return message;
  });

  router.add('PATCH', '/channels/:channel_id/messages/:message_id', (request) => {
    const bot = botOf(request);
    const access = channelFor(world, request, request.params.channel_id!);
    const { channel } = access;
    const message = world.messagesOf(channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    const body = objectBody(request);
    const fields = readMessageBody(world, request, body, { create: false, restUrl: ctx.restUrl() });
    if (message.author.id !== bot.id) {
      // Others' messages: only the flags (suppress embeds) may change, with MANAGE_MESSAGES.
      if (fields.content !== undefined || fields.embeds !== undefined || fields.components !== undefined) {
        throw badRequest(
          RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
          'Cannot edit a message authored by another user',
        );
      }
      if (fields.flags !== undefined && !hasChannelPermission(world, access, bot.id, ManageMessages))
        throw missingPermissions();
    }
    return editMessage(world, message, {
      ...(fields.content !== undefined ? { content: fields.content } : {}),
      ...(fields.embeds !== undefined ? { embeds: fields.embeds } : {}),
      ...(fields.components !== undefined ? { components: fields.components as never } : {}),
      ...(fields.flags !== undefined ? { flags: fields.flags } : {}),
      ...(fields.attachments !== undefined ? { attachments: fields.attachments } : {}),
    });
  });

  router.add('DELETE', '/channels/:channel_id/messages/:message_id', (request) => {
    const bot = botOf(request);
    const access = channelFor(world, request, request.params.channel_id!);
    const message = world.messagesOf(access.channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    if (message.author.id !== bot.id && !hasChannelPermission(world, access, bot.id, ManageMessages))
      throw missingPermissions();
    deleteMessage(world, access.channel.id, message.id);
    return respond(204);
  });

  // Publishing a message of an announcement channel to the channels that follow it: its author may,
  // others need MANAGE_MESSAGES; once only. Following channels are not modelled: the flag is set.
  router.add('POST', '/channels/:channel_id/messages/:message_id/crosspost', (request) => {
    const bot = botOf(request);
    const access = channelFor(world, request, request.params.channel_id!);
    const message = world.messagesOf(access.channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    if (access.channel.type !== ChannelType.GuildAnnouncement)
      throw badRequest(
        RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
        'Cannot execute action on this channel type',
      );
    const need = message.author.id === bot.id ? SendMessages : ManageMessages;
    if (!hasChannelPermission(world, access, bot.id, need)) throw missingPermissions();
    if (((message.flags ?? 0) & MessageFlags.Crossposted) !== 0)
      throw badRequest(
        RESTJSONErrorCodes.ThisMessageWasAlreadyCrossposted,
        'This message has already been crossposted.',
      );
    return editMessage(world, message, { flags: (message.flags ?? 0) | MessageFlags.Crossposted }, { edited: false });
  });

  router.add('POST', '/channels/:channel_id/messages/bulk-delete', (request) => {
    const { channel } = channelFor(world, request, request.params.channel_id!, ManageMessages);
    const body = objectBody(request);
    const checker = new Checker();
    if (
      checker.array(['messages'], body.messages, { max: 100, required: true }) &&
      (body.messages as unknown[]).length < 2
    ) {
      checker.fail(['messages'], 'BASE_TYPE_MIN_LENGTH', 'Must be 2 or more in length.');
    }
    checker.done();
    deleteMessages(world, channel.id, (body.messages as unknown[]).map(String));
    return respond(204);
  });
}
