/**
 * Webhook routes: create/list (MANAGE_WEBHOOKS), get/edit/delete by id (bot) or id + token (no
 * auth), execute (`?wait=true` returns the message, else 204), and the webhook's messages
 * (get/edit/delete). Interaction tokens use the same `/webhooks/{application}/{token}` paths for
 * follow-ups and `@original`; those are handled by ./interactions.ts and reached from here.
 */
import {
  type APIMessage,
  type APIUser,
  type APIWebhook,
  PermissionFlagsBits as P,
  WebhookType,
} from 'discord-api-types/v10';
import { webhooksUpdate } from '../../actions/guild-events.js';
import { deleteMessage, editMessage, postMessage } from '../../actions/messages.js';
import type { World } from '../../world/world.js';
import { botOf, channelFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import { readMessageBody } from '../message-body.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { Checker } from '../validate.js';
import { InteractionFollowups } from './interaction-followups.js';

/** The user a webhook posts as. */
export function webhookAuthor(webhook: APIWebhook): APIUser {
  return {
    id: webhook.id,
    username: webhook.name ?? 'Captain Hook',
    discriminator: '0000',
    global_name: null,
    avatar: webhook.avatar,
    bot: true,
  };
}

function publicWebhook(webhook: APIWebhook, withToken: boolean): APIWebhook {
  if (withToken) return webhook;
  const { token: _token, url: _url, ...rest } = webhook;
  return rest as APIWebhook;
}

/** Add the webhook routes (and interaction follow-ups on the same paths). */
export function addWebhookRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  const followups = new InteractionFollowups(ctx);
  const byId = (id: string) => {
    const webhook = world.stores.webhooks.get(id);
    if (!webhook) throw unknown('webhook');
    return webhook;
  };
  const byToken = (request: RestRequest) => {
    const webhook = world.stores.webhooks.get(request.params.webhook_id!);
    if (!webhook || webhook.token !== request.params.webhook_token) throw unknown('webhook');
    return webhook;
  };

  router.add('POST', '/channels/:channel_id/webhooks', (request) => {
    const bot = botOf(request);
    const { channel, guild } = channelFor(world, request, request.params.channel_id!, P.ManageWebhooks);
    const body = objectBody(request);
    const checker = new Checker();
    if (
      checker.string(['name'], body.name, { min: 1, max: 80, required: true }) &&
      /clyde|discord/i.test(String(body.name))
    ) {
      checker.fail(['name'], 'WEBHOOK_INVALID_NAME', 'Webhook names cannot contain "clyde" or "discord"');
    }
    checker.done();
    const id = world.nextId();
    const token = `fake-webhook-token-${id}`;
    const webhook: APIWebhook = {
      id,
      type: WebhookType.Incoming,
      guild_id: guild?.guild.id ?? null,
      channel_id: channel.id,
      user: bot.user,
      name: String(body.name),
      avatar: null,
      token,
      application_id: null,
      url: `${ctx.restUrl()}/webhooks/${id}/${token}`,
    };
    world.stores.webhooks.set(id, webhook);
    if (guild) webhooksUpdate(world, guild.guild.id, channel.id);
    return webhook;
  });

  router.add('GET', '/channels/:channel_id/webhooks', (request) => {
    const { channel } = channelFor(world, request, request.params.channel_id!, P.ManageWebhooks);
    return [...world.stores.webhooks.values()].filter((w) => w.channel_id === channel.id);
  });

  router.add('GET', '/guilds/:guild_id/webhooks', (request) => {
    botOf(request);
    const guildId = request.params.guild_id!;
    if (!world.guild(guildId)) throw unknown('guild');
    return [...world.stores.webhooks.values()].filter((w) => w.guild_id === guildId);
  });

  router.add('GET', '/webhooks/:webhook_id', (request) => {
    const webhook = byId(request.params.webhook_id!);
    if (webhook.channel_id) channelFor(world, request, webhook.channel_id, P.ManageWebhooks);
    return webhook;
  });
  router.add('PATCH', '/webhooks/:webhook_id', (request) => {
    const webhook = byId(request.params.webhook_id!);
    if (webhook.channel_id) channelFor(world, request, webhook.channel_id, P.ManageWebhooks);
    return editWebhook(world, webhook, objectBody(request), true);
  });
  router.add('DELETE', '/webhooks/:webhook_id', (request) => {
    const webhook = byId(request.params.webhook_id!);
    if (webhook.channel_id) channelFor(world, request, webhook.channel_id, P.ManageWebhooks);
    removeWebhook(world, webhook);
    return respond(204);
  });

  router.add('GET', '/webhooks/:webhook_id/:webhook_token', (request) => publicWebhook(byToken(request), false), {
    auth: 'optional',
  });
  router.add(
    'PATCH',
    '/webhooks/:webhook_id/:webhook_token',
    (request) => publicWebhook(editWebhook(world, byToken(request), objectBody(request), false), false),
    { auth: 'optional' },
  );
  router.add(
    'DELETE',
    '/webhooks/:webhook_id/:webhook_token',
    (request) => {
      removeWebhook(world, byToken(request));
      return respond(204);
    },
    { auth: 'optional' },
  );

  router.add(
    'POST',
    '/webhooks/:webhook_id/:webhook_token',
    (request) => {
      if (followups.owns(request)) return followups.create(request);
      const webhook = byToken(request);
      const body = objectBody(request);
      const fields = readMessageBody(world, request, body, { create: true, restUrl: ctx.restUrl() });
      const author = webhookAuthor(webhook);
      if (typeof body.username === 'string') author.username = body.username;
      const channelId =
        typeof request.query.get('thread_id') === 'string' ? request.query.get('thread_id')! : webhook.channel_id!;
      if (!world.channels.has(channelId)) throw unknown('channel');
      const message = postMessage(world, channelId, author, { ...fields, webhookId: webhook.id });
      return request.query.get('wait') === 'true' ? message : respond(204);
    },
    { auth: 'optional', globalExempt: false },
  );

  const messagePath = '/webhooks/:webhook_id/:webhook_token/messages/:message_id';
  const webhookMessage = (request: RestRequest): APIMessage => {
    const webhook = byToken(request);
    const channelId = request.query.get('thread_id') ?? webhook.channel_id!;
    const message = world.messagesOf(channelId).get(request.params.message_id!);
    if (!message || message.webhook_id !== webhook.id) throw unknown('message');
    return message;
  };
  router.add(
    'GET',
    messagePath,
    (request) => (followups.owns(request) ? followups.get(request) : webhookMessage(request)),
    { auth: 'optional', globalExempt: true },
  );
  router.add(
    'PATCH',
    messagePath,
    (request) => {
      if (followups.owns(request)) return followups.edit(request);
      const message = webhookMessage(request);
      const fields = readMessageBody(world, request, objectBody(request), { create: false, restUrl: ctx.restUrl() });
      return editMessage(world, message, fields as never);
    },
    { auth: 'optional', globalExempt: true },
  );
  router.add(
    'DELETE',
    messagePath,
    (request) => {
      if (followups.owns(request)) return followups.delete(request);
      const message = webhookMessage(request);
      deleteMessage(world, message.channel_id, message.id);
      return respond(204);
    },
    { auth: 'optional', globalExempt: true },
  );
}

function editWebhook(
  world: World,
  webhook: APIWebhook,
  body: Record<string, unknown>,
  allowChannel: boolean,
): APIWebhook {
  const checker = new Checker();
  checker.string(['name'], body.name, { min: 1, max: 80 });
  checker.done();
  if (typeof body.name === 'string') webhook.name = body.name;
  if (body.avatar !== undefined) webhook.avatar = body.avatar as string | null;
  if (allowChannel && typeof body.channel_id === 'string') {
    if (!world.channels.has(body.channel_id))
      throw new HttpError(400, 50035, 'Invalid Form Body', {
        channel_id: { _errors: [{ code: 'CHANNEL_INVALID', message: 'Unknown channel' }] },
      });
    webhook.channel_id = body.channel_id;
  }
  if (webhook.guild_id && webhook.channel_id) webhooksUpdate(world, webhook.guild_id, webhook.channel_id);
  return webhook;
}

function removeWebhook(world: World, webhook: APIWebhook): void {
  world.stores.webhooks.delete(webhook.id);
  if (webhook.guild_id && webhook.channel_id) webhooksUpdate(world, webhook.guild_id, webhook.channel_id);
}
