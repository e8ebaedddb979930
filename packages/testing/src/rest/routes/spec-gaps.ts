/**
 * Operations of the spec that the other route files left out and the world can answer: the bot's
 * application by id, a sticker by id, adding a user to a guild with their OAuth2 token (Add Guild
 * Member), and what a bearer token reads of its user (the member object in a guild, connections).
 * Everything else the spec lists and the world cannot model is in not-modelled.ts (501).
 */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { botOf, guildFor, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, missingAccess, missingPermissions, unknown } from '../errors.js';
import { type RestRequest, type Router, respond } from '../router.js';
import { applicationObject } from './applications.js';

/** Add the routes; see the module comment. */
export function addSpecGapRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;

  router.add('GET', '/applications/:application_id', (request) => {
    const bot = botOf(request);
    if (!world.bots.has(request.params.application_id!)) throw unknown('application');
    if (request.params.application_id !== bot.applicationId) throw missingAccess();
    return applicationObject(world, bot);
  });

  router.add('GET', '/stickers/:sticker_id', (request) => {
    const id = request.params.sticker_id!;
    for (const guild of world.guilds.values()) {
      const sticker = guild.stickers.get(id);
      if (sticker) return sticker;
    }
    throw unknown('sticker');
  });

  // Add Guild Member: the bot adds a user who authorised its application with `guilds.join`.
  router.add('PUT', '/guilds/:guild_id/members/:user_id', (request) => {
    const guild = guildFor(world, request, request.params.guild_id!, P.CreateInstantInvite);
    const userId = request.params.user_id!;
    if (!world.users.has(userId)) throw unknown('user');
    const body = objectBody(request);
    const grant = typeof body.access_token === 'string' ? world.stores.oauthTokens.get(body.access_token) : undefined;
    if (!grant || grant.userId !== userId || grant.applicationId !== botOf(request).applicationId) {
      throw new HttpError(403, 50025, 'Invalid OAuth2 access token');
    }
    if (!grant.scopes.includes('guilds.join')) throw missingPermissions();
    if (guild.members.has(userId)) return respond(204);
    const roles = Array.isArray(body.roles) ? body.roles.map(String) : [];
    const member = world.addMember(guild.guild.id, userId, { roles });
    return respond(201, member);
  });

  const grantOf = (request: RestRequest, scope: string) => {
    const grant = request.bearer;
    if (!grant) throw new HttpError(401, 0, '401: Unauthorized');
    if (!grant.scopes.includes(scope)) throw missingAccess();
    return grant;
  };

  router.add(
    'GET',
    '/users/@me/guilds/:guild_id/member',
    (request) => {
      const grant = grantOf(request, 'guilds.members.read');
      const guild = world.guild(request.params.guild_id!);
      const member = guild?.members.get(grant.userId);
      if (!guild || !member) throw unknown('guild');
      return member;
    },
    { auth: 'user' },
  );

  router.add('GET', '/users/@me/connections', (request) => (grantOf(request, 'connections'), []), { auth: 'user' });
}
