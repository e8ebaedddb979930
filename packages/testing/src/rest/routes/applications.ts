/**
 * Application routes besides commands: command permissions as read by the bot (set through
 * OAuth2, see oauth2.ts), entitlements, the application's own emojis, editing the application,
 * and the list of voice regions.
 */
import { ApplicationFlags, GatewayIntentBits, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { FakeBot, World } from '../../world/world.js';
import { botOf, guildFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, missingAccess, unknown } from '../errors.js';
import type { RestRequest, Router } from '../router.js';
import { Checker, queryInteger } from '../validate.js';

/** Add the application routes. */
export function addApplicationRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  /** The bot's own application: another application's id is 403 Missing Access. */
  const ownApplication = (request: RestRequest): string => {
    const bot = botOf(request);
    if (request.params.application_id !== bot.applicationId) throw missingAccess();
    return bot.applicationId;
  };

  const permissionsIn = (request: RestRequest) => {
    const appId = ownApplication(request);
    const guild = guildFor(world, request, request.params.guild_id!);
    return world.stores.commandPermissions.get(`${appId}:${guild.guild.id}`);
  };
  router.add('GET', '/applications/:application_id/guilds/:guild_id/commands/permissions', (request) => [
    ...(permissionsIn(request)?.values() ?? []),
  ]);
  router.add('GET', '/applications/:application_id/guilds/:guild_id/commands/:command_id/permissions', (request) => {
    const found = permissionsIn(request)?.get(request.params.command_id!);
    if (!found) {
      throw new HttpError(
        404,
        RESTJSONErrorCodes.UnknownApplicationCommandPermissions,
        'Unknown application command permissions',
      );
    }
    return found;
  });

  router.add('GET', '/applications/:application_id/entitlements', (request) => {
    const appId = ownApplication(request);
    const q = request.query;
    const userId = q.get('user_id');
    const guildId = q.get('guild_id');
    const skuIds = q.get('sku_ids')?.split(',');
    const limit = queryInteger(q, 'limit', 100, 1, 100);
    const excludeEnded = q.get('exclude_ended') === 'true';
    const excludeDeleted = q.get('exclude_deleted') !== 'false';
    return [...world.stores.entitlements.values()]
      .filter(
        (e) =>
          e.application_id === appId &&
          (!userId || e.user_id === userId) &&
          (!guildId || e.guild_id === guildId) &&
          (!skuIds || skuIds.includes(e.sku_id)) &&
          !(excludeDeleted && e.deleted) &&
          !(excludeEnded && e.ends_at && Date.parse(e.ends_at) <= world.clock.now()),
      )
      .slice(0, limit);
  });
  router.add('GET', '/applications/:application_id/entitlements/:entitlement_id', (request) => {
    const appId = ownApplication(request);
    const entitlement = world.stores.entitlements.get(request.params.entitlement_id!);
    if (!entitlement || entitlement.application_id !== appId) throw unknown('entitlement');
    return entitlement;
  });

  // Application emojis are not modelled: every application has none.
  router.add('GET', '/applications/:application_id/emojis', (request) => {
    ownApplication(request);
    return { items: [] };
  });

  const application = (request: RestRequest) => applicationObject(world, botOf(request));
  router.add('GET', '/applications/@me', application);
  router.add('GET', '/oauth2/applications/@me', application);
  router.add('PATCH', '/applications/@me', (request) => {
    const bot = botOf(request);
    const body = objectBody(request);
    const checker = new Checker();
    checker.string(['description'], body.description, { max: 400 });
    checker.done();
    if (typeof body.description === 'string') bot.description = body.description;
    return applicationObject(world, bot);
  });

  router.add('GET', '/voice/regions', () =>
    VOICE_REGIONS.map(([id, name]) => ({ id, name, optimal: id === 'us-east', deprecated: false, custom: false })),
  );
}

/** The application object of a bot's application. */
export function applicationObject(world: World, bot: FakeBot) {
  return {
    id: bot.applicationId,
    name: bot.name,
    icon: null,
    description: bot.description ?? '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags:
      (bot.privilegedIntents & GatewayIntentBits.GuildMembers ? ApplicationFlags.GatewayGuildMembersLimited : 0) |
      (bot.privilegedIntents & GatewayIntentBits.GuildPresences ? ApplicationFlags.GatewayPresenceLimited : 0) |
      (bot.privilegedIntents & GatewayIntentBits.MessageContent ? ApplicationFlags.GatewayMessageContentLimited : 0),
    bot: bot.user,
    owner: world.defaultUser,
    team: null,
    approximate_guild_count: world.guildIdsOf(bot.id).length,
  };
}

const VOICE_REGIONS = [
  ['brazil', 'Brazil'],
  ['hongkong', 'Hong Kong'],
  ['india', 'India'],
  ['japan', 'Japan'],
  ['rotterdam', 'Rotterdam'],
  ['singapore', 'Singapore'],
  ['southafrica', 'South Africa'],
  ['sydney', 'Sydney'],
  ['us-central', 'US Central'],
  ['us-east', 'US East'],
  ['us-south', 'US South'],
  ['us-west', 'US West'],
] as const;
