/**
 * Interaction responses and follow-ups. The callback (`POST /interactions/{id}/{token}/callback`)
 * may be sent once, within 3 seconds of the interaction by the world's clock (else 10062 Unknown
 * interaction; a second answer is 40060). The response message becomes `@original`; follow-ups go
 * to `/webhooks/{application}/{token}` for 15 minutes. Ephemeral messages (flag 1<<6) are kept
 * apart and never dispatched, since only the invoking user would see them.
 */
import {
  type APIMessage,
  type APIUser,
  ApplicationCommandType,
  InteractionType,
  MessageFlags,
  MessageType,
  InteractionResponseType as R,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { INTERACTION_RESPONSE_WINDOW, INTERACTION_TOKEN_LIFETIME } from '../../actions/interactions.js';
import { editMessage, type NewMessage, postMessage, deleteMessage as removeMessage } from '../../actions/messages.js';
import { makeMessage } from '../../world/defaults.js';
import type { InteractionState } from '../../world/stores.js';
import type { World } from '../../world/world.js';
import { objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { badRequest, HttpError, unknown } from '../errors.js';
import { readMessageBody } from '../message-body.js';
import { type RestRequest, respond } from '../router.js';
import { Checker } from '../validate.js';

/** Callback and follow-up handling for interaction tokens. */
export class InteractionFollowups {
  readonly #ctx: RouteContext;

  constructor(ctx: RouteContext) {
    this.#ctx = ctx;
  }

  /** Whether a `/webhooks/{id}/{token}` request is an interaction follow-up. */
  owns(request: RestRequest): boolean {
    const state = this.#ctx.world.stores.interactionsByToken.get(request.params.webhook_token!);
    return state !== undefined && state.applicationId === request.params.webhook_id;
  }

  #state(request: RestRequest): InteractionState {
    const state = this.#ctx.world.stores.interactionsByToken.get(request.params.webhook_token!);
    if (!state) throw unknown('webhook');
    if (this.#ctx.world.clock.now() - state.createdAt > INTERACTION_TOKEN_LIFETIME) {
      throw new HttpError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token');
    }
    return state;
  }

  #post(state: InteractionState, fields: NewMessage): APIMessage {
    const world = this.#ctx.world;
    const bot = world.bots.get(state.applicationId);
    if (!bot || !state.channelId) throw unknown('channel');
    const type =
      state.commandType === ApplicationCommandType.User || state.commandType === ApplicationCommandType.Message
        ? MessageType.ContextMenuCommand
        : MessageType.ChatInputCommand;
    const extra: NewMessage = {
      ...fields,
      applicationId: state.applicationId,
      webhookId: state.applicationId,
      type,
    };
    const user = world.users.get(state.userId);
    if (user) {
      extra.interaction_metadata = interactionMetadata(world, state, user);
      // The deprecated `interaction` field, still sent by Discord (discord.js reads it as `message.interaction`).
      extra.interaction = {
        id: state.id,
        type: state.type ?? InteractionType.ApplicationCommand,
        name: state.commandName ?? '',
        user,
      };
    }
    if (((fields.flags ?? 0) & MessageFlags.Ephemeral) !== 0) {
      const message = makeMessage(world.nextId(), state.channelId, bot.user, fields.content ?? '', world.timestamp());
      Object.assign(message, {
        embeds: fields.embeds ?? [],
        flags: fields.flags,
        application_id: state.applicationId,
        webhook_id: state.applicationId,
        type,
        ...(extra.interaction_metadata ? { interaction_metadata: extra.interaction_metadata } : {}),
        ...(extra.interaction ? { interaction: extra.interaction } : {}),
      });
      world.stores.ephemeralMessages.set(message.id, message);
      return message;
    }
    return postMessage(world, state.channelId, bot.user, extra);
  }

  #message(state: InteractionState, id: string): APIMessage {
    const world = this.#ctx.world;
    const messageId = id === '@original' ? state.originalMessageId : id;
    if (!messageId) throw unknown('message');
    const message =
      world.stores.ephemeralMessages.get(messageId) ??
      (state.channelId ? world.messagesOf(state.channelId).get(messageId) : undefined);
    if (!message) throw unknown('message');
    return message;
  }

  /** `POST /interactions/{id}/{token}/callback`. */
  callback(request: RestRequest): unknown {
    const world = this.#ctx.world;
    const state = world.stores.interactions.get(request.params.interaction_id!);
    if (!state || state.token !== request.params.interaction_token) throw unknown('interaction');
    if (state.responseType !== undefined) {
      throw badRequest(
        RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
        'Interaction has already been acknowledged.',
      );
    }
    if (world.clock.now() - state.createdAt > INTERACTION_RESPONSE_WINDOW) throw unknown('interaction');
    const body = objectBody(request);
    const data = (body.data ?? {}) as Record<string, unknown>;
    const checker = new Checker();
    checker.integer(['type'], body.type, { required: true, min: 1, max: 12 });
    checker.done();
    const type = body.type as R;
    let message: APIMessage | undefined;
    switch (type) {
      case R.ChannelMessageWithSource:
        message = this.#post(
          state,
          readMessageBody(world, request, data, { create: true, restUrl: this.#ctx.restUrl() }),
        );
        state.originalMessageId = message.id;
        break;
      case R.DeferredChannelMessageWithSource: {
        const flags = MessageFlags.Loading | (Number(data.flags ?? 0) & MessageFlags.Ephemeral);
        message = this.#post(state, { content: '', flags });
        state.originalMessageId = message.id;
        break;
      }
      case R.DeferredMessageUpdate:
      case R.UpdateMessage: {
        if (!state.messageId)
          throw badRequest(RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Interaction has no message to update');
        state.originalMessageId = state.messageId;
        if (type === R.UpdateMessage) {
          message = this.#message(state, state.messageId);
          const fields = readMessageBody(world, request, data, { create: false, restUrl: this.#ctx.restUrl() });
          editMessage(world, message, fields as never);
        }
        break;
      }
      case R.ApplicationCommandAutocompleteResult: {
        const c = new Checker();
        c.array(['data', 'choices'], data.choices, { max: 25, required: true });
        c.done();
        break;
      }
      case R.Modal: {
        const c = new Checker();
        c.string(['data', 'title'], data.title, { min: 1, max: 45, required: true });
        c.string(['data', 'custom_id'], data.custom_id, { min: 1, max: 100, required: true });
        if (
          c.array(['data', 'components'], data.components, { max: 5, required: true }) &&
          (data.components as unknown[]).length === 0
        ) {
          c.fail(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
        }
        c.done();
        break;
      }
      case R.Pong:
        break;
      default:
        throw badRequest(
          RESTJSONErrorCodes.InvalidFormBodyOrContentType,
          `Interaction response type ${type} is not supported here`,
        );
    }
    state.responseType = type;
    state.response = body;
    if (request.query.get('with_response') !== 'true') return respond(204);
    return {
      interaction: {
        id: state.id,
        type: InteractionType.ApplicationCommand,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === R.DeferredChannelMessageWithSource,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message } : {}) },
    };
  }

  /** `POST /webhooks/{app}/{token}`: a follow-up message (after the first response). */
  create(request: RestRequest): APIMessage {
    const state = this.#state(request);
    if (state.responseType === undefined) throw unknown('webhook');
    const fields = readMessageBody(this.#ctx.world, request, objectBody(request), {
      create: true,
      restUrl: this.#ctx.restUrl(),
    });
    return this.#post(state, fields);
  }

  /** `GET /webhooks/{app}/{token}/messages/{id | @original}`. */
  get(request: RestRequest): APIMessage {
    return this.#message(this.#state(request), request.params.message_id!);
  }

  /** `PATCH .../messages/{id | @original}`: edits (and ends a deferred "thinking" state). */
  edit(request: RestRequest): APIMessage {
    const state = this.#state(request);
    const message = this.#message(state, request.params.message_id!);
    const fields = readMessageBody(this.#ctx.world, request, objectBody(request), {
      create: false,
      restUrl: this.#ctx.restUrl(),
    });
    const flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    if (this.#ctx.world.stores.ephemeralMessages.has(message.id)) {
      Object.assign(message, {
        ...(fields.content !== undefined ? { content: fields.content } : {}),
        ...(fields.embeds ? { embeds: fields.embeds } : {}),
        flags,
        edited_timestamp: this.#ctx.world.timestamp(),
      });
      return message;
    }
    return editMessage(this.#ctx.world, message, { ...(fields as object), flags } as never);
  }

  /** `DELETE .../messages/{id | @original}`. */
  delete(request: RestRequest): unknown {
    const state = this.#state(request);
    const message = this.#message(state, request.params.message_id!);
    if (!this.#ctx.world.stores.ephemeralMessages.delete(message.id))
      removeMessage(this.#ctx.world, message.channel_id, message.id);
    return respond(204);
  }
}

/**
 * The `interaction_metadata` of a message sent in answer to an interaction: who used what, the
 * owners that authorised it, the original response (on follow-ups), the context menu's target and
 * the message whose component was used.
 */
function interactionMetadata(world: World, state: InteractionState, user: APIUser): APIMessage['interaction_metadata'] {
  const metadata: Record<string, unknown> = {
    id: state.id,
    type: state.type ?? InteractionType.ApplicationCommand,
    user,
    authorizing_integration_owners: state.authorizingIntegrationOwners ?? {},
  };
  if (state.originalMessageId) metadata.original_response_message_id = state.originalMessageId;
  if (state.targetId && state.commandType === ApplicationCommandType.User) {
    const target = world.users.get(state.targetId);
    if (target) metadata.target_user = target;
  }
  if (state.targetId && state.commandType === ApplicationCommandType.Message)
    metadata.target_message_id = state.targetId;
  if (state.messageId && state.type === InteractionType.MessageComponent)
    metadata.interacted_message_id = state.messageId;
  return metadata as unknown as APIMessage['interaction_metadata'];
}
