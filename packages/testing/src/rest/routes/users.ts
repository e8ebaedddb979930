/** User routes: the current user, a user by id, DM channel creation, leaving a guild. */
import { botOf, objectBody } from '../access.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import { type Router, respond } from '../router.js';
import { Checker } from '../validate.js';

/** Add the user routes. */
export function addUserRoutes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;
  router.add(
    'GET',
    '/users/@me',
    (request) => {
      if (request.bearer) {
        if (!request.bearer.scopes.includes('identify')) throw new HttpError(401, 0, '401: Unauthorized');
        const user = world.users.get(request.bearer.userId);
        const email = request.bearer.scopes.includes('email')
          ? { email: `${user?.username}@example.com`, verified: true }
          : {};
        return { ...user, ...email, mfa_enabled: false, locale: 'en-US', flags: 0, premium_type: 0 };
      }
      return { ...botOf(request).user, verified: true, mfa_enabled: true, flags: 0, locale: 'en-US' };
    },
    { auth: 'user' },
  );

  router.add('GET', '/users/:user_id', (request) => {
    botOf(request);
    const user = world.users.get(request.params.user_id!);
    if (!user) throw unknown('user');
    return user;
  });

  router.add('PATCH', '/users/@me', (request) => {
    const bot = botOf(request);
    const body = objectBody(request);
    const checker = new Checker();
    if (checker.string(['username'], body.username, { min: 2, max: 32 })) bot.user.username = body.username as string;
    checker.done();
    if (typeof body.username === 'string') bot.name = body.username;
    return bot.user;
  });

  router.add(
    'GET',
    '/users/@me/guilds',
    (request) => {
      if (request.bearer && !request.bearer.scopes.includes('guilds')) throw new HttpError(401, 0, '401: Unauthorized');
      const userId = request.bearer?.userId ?? botOf(request).id;
      return world.guildIdsOf(userId).map((id) => {
        const g = world.guild(id)!.guild;
        return {
          id,
          name: g.name,
          icon: g.icon,
          banner: g.banner,
          owner: g.owner_id === userId,
          permissions: '0',
          features: g.features,
        };
      });
    },
    { auth: 'user' },
  );

  router.add('DELETE', '/users/@me/guilds/:guild_id', (request) => {
    const bot = botOf(request);
    if (!world.guild(request.params.guild_id!)) throw unknown('guild');
    world.removeMember(request.params.guild_id!, bot.id);
    return respond(204);
  });

  router.add('POST', '/users/@me/channels', (request) => {
    const bot = botOf(request);
    const body = objectBody(request);
    const checker = new Checker();
    checker.snowflake(['recipient_id'], body.recipient_id, { required: true });
    checker.done();
    if (!world.users.has(String(body.recipient_id))) throw unknown('user');
    return world.dmChannel(bot.id, String(body.recipient_id));
  });
}
