/**
 * The rest of Discord's API: every operation of the OpenAPI spec that no route of the fake serves
 * gets one here, added last, so no operation of the spec ever meets a silent `404: Not Found`.
 * Such a route first does what Discord does with the objects named in the path — a guild, channel,
 * message, user, application, webhook, command, role, emoji, sticker, scheduled event, lobby, SKU
 * or invite that the world does not have answers 404 with its JSON code (10004 Unknown Guild...), a
 * guild the bot is not in answers 403 50001 — and then, as the world cannot model the operation
 * itself, answers:
 *
 *     501 {"code": 0, "message": "The fake Discord does not model POST /lobbies (create_lobby) yet.",
 *          "route": "POST /lobbies", "operation": "create_lobby"}
 *
 * `notModelledRoutes(router)` lists them; the spec-walking test checks that each of the spec's
 * operations has a route and that every unknown object gets its 404 code.
 */
import { RESTJSONErrorCodes as Codes } from 'discord-api-types/v10';
import type { World } from '../../world/world.js';
import { channelFor, guildFor } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unauthorized, unknown } from '../errors.js';
import type { RestRequest, Router } from '../router.js';
import { specOperations } from '../spec-operations.js';

/** The status of an operation the fake does not model. */
export const NOT_MODELLED_STATUS = 501;

/** The routes (`METHOD /template`) this module added: the spec's operations the world cannot model yet. */
const added = new WeakMap<Router, string[]>();

/** Every operation the fake answers with 501, as `METHOD /path/{param}` in the spec's words. */
export function notModelledRoutes(router: Router): readonly string[] {
  return added.get(router) ?? [];
}

/** Add a 501 route for each operation of the spec that the router does not serve yet. */
export function addNotModelledRoutes(router: Router, ctx: RouteContext): void {
  const list: string[] = [];
  for (const [method, path, operationId, auth] of specOperations) {
    const template = path.replace(/\{(\w+)\}/g, ':$1');
    if (served(router, method, template)) continue;
    const name = `${method} ${path}`;
    list.push(name);
    const tokenRoute = template.includes(':webhook_token') || template.includes(':interaction_token');
    router.add(
      method,
      template,
      (request) => {
        if (auth === 'bearer' && !request.bearer) throw unauthorized();
        checkPathObjects(ctx.world, request);
        throw new HttpError(
          NOT_MODELLED_STATUS,
          0,
          `The fake Discord does not model ${name} (${operationId}) yet.`,
          undefined,
        );
      },
      { auth: tokenRoute ? 'none' : auth === 'bot' ? 'bot' : 'user' },
    );
    const last = router.routes.at(-1);
    if (last) (last as { notModelled?: string }).notModelled = name;
  }
  added.set(router, list);
}

/**
 * Whether a route already serves the operation: one that the router would pick for it. A literal
 * of the spec (`@original`, `@me`) served by a parameter route (`:message_id`) counts as served.
 */
function served(router: Router, method: string, template: string): boolean {
  const path = template.replace(/:\w+/g, '0');
  return router.match(method, path).route !== undefined;
}

const notFound = (code: number, message: string) => new HttpError(404, code, message);

/**
 * Discord's 404 (or 403) for the first object of the path, in path order, that the world does not
 * have or the bot may not see. A bot must be in a guild and see a channel; a bearer request is
 * checked for existence only.
 */
function checkPathObjects(world: World, request: RestRequest): void {
  const p = request.params;
  const guild = p.guild_id ? world.guild(p.guild_id) : undefined;
  for (const [name, id] of Object.entries(p)) {
    switch (name) {
      case 'application_id':
        if (id !== '@me' && !world.bots.has(id)) throw unknown('application');
        break;
      case 'guild_id':
        if (request.bot) guildFor(world, request, id);
        else if (!guild) throw unknown('guild');
        break;
      case 'channel_id':
        if (request.bot) channelFor(world, request, id);
        else if (!world.channels.has(id)) throw unknown('channel');
        break;
      case 'message_id':
        if (p.channel_id && !world.messagesOf(p.channel_id).get(id)) throw unknown('message');
        break;
      case 'user_id':
      case 'user_id_1':
      case 'user_id_2':
        if (id !== '@me' && !world.users.has(id)) throw unknown('user');
        break;
      case 'webhook_id': {
        const webhook = world.stores.webhooks.get(id);
        if (!webhook || (p.webhook_token !== undefined && webhook.token !== p.webhook_token)) throw unknown('webhook');
        break;
      }
      case 'interaction_id':
        if (!world.stores.interactions.has(id)) throw unknown('interaction');
        break;
      case 'role_id':
        if (guild && !guild.roles.has(id)) throw unknown('role');
        break;
      case 'emoji_id':
        if (guild && !guild.emojis.has(id)) throw unknown('emoji');
        break;
      case 'sticker_id':
        if (guild ? !guild.stickers.has(id) : true) throw unknown('sticker');
        break;
      case 'sound_id':
        if (guild && !guild.soundboardSounds.has(id)) throw unknown('soundboardSound');
        break;
      case 'guild_scheduled_event_id':
        if (guild && !guild.scheduledEvents.has(id)) throw unknown('scheduledEvent');
        break;
      case 'command_id':
        if (p.application_id && !world.stores.commandsOf(p.application_id, p.guild_id).has(id))
          throw unknown('command');
        break;
      case 'entitlement_id':
        if (!world.stores.entitlements.has(id)) throw unknown('entitlement');
        break;
      // The world keeps no lobbies, SKUs, sticker packs or guild templates: every id of those is unknown.
      case 'lobby_id':
        throw notFound(Codes.UnknownLobby, 'Unknown Lobby');
      case 'sku_id':
        throw notFound(Codes.UnknownSKU, 'Unknown SKU');
      case 'pack_id':
        throw notFound(Codes.UnknownStickerPack, 'Unknown Sticker Pack');
      case 'code':
        if (request.route.includes('/templates')) throw notFound(Codes.UnknownGuildTemplate, 'Unknown Guild Template');
        if (request.route.includes('/invites/') && !world.stores.invites.has(id)) throw unknown('invite');
        break;
    }
  }
}
