/**
 * Acting as a user with an OAuth2 access token: a `Rest` with `tokenType: 'Bearer'` sends
 * `Authorization: Bearer <token>`, and `TypedRest` puts the generated methods on it. Only routes the
 * granted scopes allow will succeed (`currentUserGet` with `identify`, `currentUserGuildsGet` with
 * `guilds`, `guildMemberAdd` needs `guilds.join` on the user's token but is sent with the bot's).
 */
import { TypedRest } from '../generated/typed-rest.js';
import { Rest, type RestOptions } from '../rest.js';

/**
 * Typed methods acting with a user's bearer token:
 * `const me = await bearerClient(tokens.access_token).currentUserGet()`.
 * Pass `pool` to share the runtime's HTTP pool; call `client.rest.close()` only if you gave `baseUrl`.
 */
export function bearerClient(
  accessToken: string,
  options: Omit<RestOptions, 'token' | 'tokenType'> = {},
): TypedRest & { rest: Rest } {
  return new TypedRest(new Rest({ ...options, token: accessToken, tokenType: 'Bearer' })) as TypedRest & { rest: Rest };
}
