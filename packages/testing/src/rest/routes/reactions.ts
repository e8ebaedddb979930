/**
 * Reaction routes: add and remove the bot's own reaction, remove someone else's (MANAGE_MESSAGES),
 * list the users of an emoji (`after`, `limit` 1..100, `type` 0 normal / 1 burst), remove all,
 * remove one emoji's. The emoji in the path is a url-encoded unicode emoji or `name:id`.
 */
import { type APIMessage, PermissionFlagsBits as P } from 'discord-api-types/v10';
import {
  addReaction,
  parseEmoji,
  reactionUsers,
  removeAllReactions,
  removeEmojiReactions,
  removeReaction,
} from '../../actions/reactions.js';
import { botOf, channelFor } from '../access.js';
import type { RouteContext } from '../context.js';
import { unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { queryInteger } from '../validate.js';

const BASE = '/channels/:channel_id/messages/:message_id/reactions';

/** Add the reaction routes. */
export function addReactionRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const messageFor = (request: RestRequest, permission = 0n): APIMessage => {
    const { channel } = channelFor(world, request, request.params.channel_id!, permission | P.ReadMessageHistory);
    const message = world.messagesOf(channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    return message;
  };
  const emojiOf = (request: RestRequest) => {
    const emoji = parseEmoji(request.params.emoji!);
    if (emoji.id) {
      const known = [...world.guilds.values()].some((g) => g.emojis.has(emoji.id!));
      if (!known) throw unknown('emoji');
    }
    return emoji;
  };

  router.add('PUT', `${BASE}/:emoji/@me`, (request) => {
    const message = messageFor(request, P.AddReactions);
    addReaction(world, message, botOf(request).id, emojiOf(request), request.query.get('burst') === 'true');
    return respond(204);
  });
  router.add('DELETE', `${BASE}/:emoji/@me`, (request) => {
    removeReaction(world, messageFor(request), botOf(request).id, parseEmoji(request.params.emoji!));
    return respond(204);
  });
  router.add('DELETE', `${BASE}/:emoji/:user_id`, (request) => {
    removeReaction(
      world,
      messageFor(request, P.ManageMessages),
      request.params.user_id!,
      parseEmoji(request.params.emoji!),
    );
    return respond(204);
  });
  router.add('GET', `${BASE}/:emoji`, (request) => {
    const message = messageFor(request);
    const limit = queryInteger(request.query, 'limit', 25, 1, 100);
    const after = BigInt(request.query.get('after') ?? '0');
    const burst = request.query.get('type') === '1';
    return reactionUsers(world, message.id, parseEmoji(request.params.emoji!), burst)
      .filter((id) => BigInt(id) > after)
      .slice(0, limit)
      .flatMap((id) => {
        const user = world.users.get(id);
        return user ? [user] : [];
      });
  });
  router.add('DELETE', BASE, (request) => {
    removeAllReactions(world, messageFor(request, P.ManageMessages));
    return respond(204);
  });
  router.add('DELETE', `${BASE}/:emoji`, (request) => {
    removeEmojiReactions(world, messageFor(request, P.ManageMessages), parseEmoji(request.params.emoji!));
    return respond(204);
  });
}
