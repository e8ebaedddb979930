/**
 * Poll routes: the voters of an answer (`GET .../polls/{message}/answers/{answer}`, paged with
 * `after` and `limit` 1..100, as `{users}`) and ending a poll early (`POST .../expire`, only the
 * poll's author, and not twice), which finalises the results and dispatches MESSAGE_UPDATE.
 */
import { type APIMessage, GatewayDispatchEvents, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { messageDispatch } from '../../actions/messages.js';
import { messageFor } from '../../actions/reactions.js';
import { botOf, channelFor } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest, missingPermissions, unknown } from '../errors.js';
import type { RestRequest, Router } from '../router.js';
import { queryInteger } from '../validate.js';

/** Add the poll routes. */
export function addPollRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const pollMessage = (request: RestRequest): APIMessage => {
    const { channel } = channelFor(world, request, request.params.channel_id!);
    const message = world.messagesOf(channel.id).get(request.params.message_id!);
    if (!message) throw unknown('message');
    return message;
  };

  router.add('GET', '/channels/:channel_id/polls/:message_id/answers/:answer_id', (request) => {
    const message = pollMessage(request);
    const answerId = Number(request.params.answer_id);
    if (!message.poll?.answers.some((a) => a.answer_id === answerId)) throw unknown('message');
    const limit = queryInteger(request.query, 'limit', 25, 1, 100);
    const after = BigInt(request.query.get('after') ?? '0');
    const voters = [...(world.stores.pollVotes.get(message.id)?.get(answerId) ?? [])]
      .filter((id) => BigInt(id) > after)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .slice(0, limit);
    return { users: voters.flatMap((id) => world.users.get(id) ?? []) };
  });

  router.add('POST', '/channels/:channel_id/polls/:message_id/expire', (request) => {
    const message = pollMessage(request);
    const poll = message.poll;
    if (!poll) throw badRequest(RESTJSONErrorCodes.CannotExpireANonPollMessage, 'Cannot expire a non-poll message');
    if (message.author.id !== botOf(request).id) throw missingPermissions();
    if (poll.results?.is_finalized) throw badRequest(RESTJSONErrorCodes.PollExpired, 'Poll expired');
    poll.expiry = world.timestamp();
    poll.results = { answer_counts: poll.results?.answer_counts ?? [], is_finalized: true };
    world.dispatch(messageDispatch(world, GatewayDispatchEvents.MessageUpdate, message));
    return messageFor(world, message, botOf(request).id);
  });
}
