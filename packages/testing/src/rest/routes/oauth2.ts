/**
 * OAuth2 as Discord runs it, for bots' web sites and their tests. `fake.authorize(bot, user, ...)`
 * stands for the browser step and returns a code; `POST /oauth2/token` (form-urlencoded; the client
 * authenticates with HTTP Basic or `client_id`/`client_secret` fields, or a PKCE `code_verifier`)
 * exchanges it (`authorization_code`), refreshes (`refresh_token`) or issues a token for the owner
 * (`client_credentials`). Errors are OAuth2's `{error, error_description}`. Codes live 10 minutes
 * and are single-use; access tokens a week. `Bearer` tokens then act as the user on `/users/@me`,
 * `/users/@me/guilds`, `/oauth2/@me` and command permissions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type APIGuildApplicationCommandPermissions, GatewayDispatchEvents } from 'discord-api-types/v10';
import type { OAuthGrant } from '../../world/stores.js';
import type { FakeBot, World } from '../../world/world.js';
import type { RouteContext } from '../context.js';
import { HttpError, unknown } from '../errors.js';
import type { RestRequest, Router } from '../router.js';

/** How long an access token lives (ms). */
export const ACCESS_TOKEN_LIFETIME = 7 * 86_400_000;
const CODE_LIFETIME = 10 * 60_000;

function oauthError(status: number, error: string, description?: string): HttpError {
  const err = new HttpError(status, 0, description ?? error);
  (err as { body: unknown }).body = { error, ...(description ? { error_description: description } : {}) };
  return err;
}

/** Make an authorization code, as if `user` approved `bot`'s application in the browser. */
export function authorize(
  world: World,
  bot: FakeBot,
  userId: string,
  options: { scopes?: string[]; redirectUri?: string; codeChallenge?: string } = {},
): string {
  const code = randomBytes(15).toString('base64url');
  world.stores.oauthCodes.set(code, {
    applicationId: bot.applicationId,
    userId,
    scopes: options.scopes ?? ['identify'],
    redirectUri: options.redirectUri ?? bot.redirectUris[0] ?? 'http://localhost/callback',
    codeChallenge: options.codeChallenge,
    expiresAt: world.clock.now() + CODE_LIFETIME,
  });
  return code;
}

function issue(
  world: World,
  applicationId: string,
  userId: string,
  scopes: string[],
  withRefresh: boolean,
): OAuthGrant {
  const grant: OAuthGrant = {
    accessToken: randomBytes(20).toString('base64url'),
    refreshToken: withRefresh ? randomBytes(20).toString('base64url') : undefined,
    applicationId,
    userId,
    scopes,
    expiresAt: world.clock.now() + ACCESS_TOKEN_LIFETIME,
  };
  world.stores.oauthTokens.set(grant.accessToken, grant);
  if (grant.refreshToken) world.stores.refreshTokens.set(grant.refreshToken, grant);
  return grant;
}

function tokenResponse(grant: OAuthGrant) {
  return {
    access_token: grant.accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_LIFETIME / 1000,
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scopes.join(' '),
  };
}

/** Add the OAuth2 routes. */
export function addOAuth2Routes(router: Router, ctx: RouteContext): void {
  const { world } = ctx;

  const client = (request: RestRequest, form: Record<string, string>): { bot: FakeBot; authenticated: boolean } => {
    let id = form.client_id;
    let secret = form.client_secret;
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Basic ')) {
      const [basicId, basicSecret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      id = basicId;
      secret = basicSecret;
    }
    const bot = id ? [...world.bots.values()].find((b) => b.applicationId === id) : undefined;
    if (!bot) throw oauthError(401, 'invalid_client');
    if (secret !== undefined && secret !== bot.clientSecret) throw oauthError(401, 'invalid_client');
    return { bot, authenticated: secret !== undefined };
  };

  router.add(
    'POST',
    '/oauth2/token',
    (request) => {
      const form = (request.body ?? {}) as Record<string, string>;
      const { bot, authenticated } = client(request, form);
      const now = world.clock.now();
      switch (form.grant_type) {
        case 'authorization_code': {
          const code = world.stores.oauthCodes.get(form.code ?? '');
          world.stores.oauthCodes.delete(form.code ?? '');
          if (!code || code.applicationId !== bot.applicationId || code.expiresAt <= now) {
            throw oauthError(400, 'invalid_grant', 'Invalid "code" in request.');
          }
          if (form.redirect_uri !== code.redirectUri)
            throw oauthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
          if (!authenticated) {
            const verifier = form.code_verifier;
            const challenge = verifier ? createHash('sha256').update(verifier).digest('base64url') : undefined;
            if (!code.codeChallenge || challenge !== code.codeChallenge) throw oauthError(401, 'invalid_client');
          }
          return tokenResponse(issue(world, bot.applicationId, code.userId, code.scopes, true));
        }
        case 'refresh_token': {
          const old = world.stores.refreshTokens.get(form.refresh_token ?? '');
          if (!old || old.applicationId !== bot.applicationId) throw oauthError(400, 'invalid_grant');
          world.stores.refreshTokens.delete(old.refreshToken!);
          world.stores.oauthTokens.delete(old.accessToken);
          return tokenResponse(issue(world, bot.applicationId, old.userId, old.scopes, true));
        }
        case 'client_credentials': {
          if (!authenticated) throw oauthError(401, 'invalid_client');
          const scopes = (form.scope ?? 'identify').split(' ').filter(Boolean);
          return tokenResponse(issue(world, bot.applicationId, world.defaultUser.id, scopes, false));
        }
        default:
          throw oauthError(400, 'unsupported_grant_type');
      }
    },
    { auth: 'none' },
  );

  router.add(
    'POST',
    '/oauth2/token/revoke',
    (request) => {
      const form = (request.body ?? {}) as Record<string, string>;
      client(request, form);
      const token = form.token ?? '';
      const grant = world.stores.oauthTokens.get(token) ?? world.stores.refreshTokens.get(token);
      if (grant) {
        world.stores.oauthTokens.delete(grant.accessToken);
        if (grant.refreshToken) world.stores.refreshTokens.delete(grant.refreshToken);
      }
      return {};
    },
    { auth: 'none' },
  );

  router.add(
    'GET',
    '/oauth2/@me',
    (request) => {
      const grant = request.bearer;
      if (!grant) throw new HttpError(401, 0, '401: Unauthorized');
      const bot = world.bots.get(grant.applicationId);
      return {
        application: {
          id: grant.applicationId,
          name: bot?.name ?? '',
          icon: null,
          description: '',
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
        },
        scopes: grant.scopes,
        expires: new Date(grant.expiresAt).toISOString(),
        ...(grant.scopes.includes('identify') ? { user: world.users.get(grant.userId) } : {}),
      };
    },
    { auth: 'user' },
  );

  router.add(
    'PUT',
    '/applications/:application_id/guilds/:guild_id/commands/:command_id/permissions',
    (request) => {
      const grant = request.bearer;
      if (!grant?.scopes.includes('applications.commands.permissions.update')) {
        throw new HttpError(401, 50025, 'Invalid OAuth2 access token');
      }
      const {
        application_id: appId,
        guild_id: guildId,
        command_id: commandId,
      } = request.params as Record<string, string>;
      if (!world.guild(guildId)) throw unknown('guild');
      const permissions = ((request.body ?? {}) as { permissions?: unknown[] }).permissions ?? [];
      const d = { id: commandId, application_id: appId, guild_id: guildId, permissions };
      const key = `${appId}:${guildId}`;
      const stored = world.stores.commandPermissions.get(key) ?? new Map();
      world.stores.commandPermissions.set(key, stored);
      stored.set(commandId, d as APIGuildApplicationCommandPermissions);
      const bot = world.bots.get(appId);
      if (bot)
        world.dispatch({
          t: GatewayDispatchEvents.ApplicationCommandPermissionsUpdate,
          d,
          recipients: [bot.id],
          guildId,
        });
      return d;
    },
    { auth: 'user' },
  );
}
