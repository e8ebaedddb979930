/**
 * OAuth2 for Discord applications.
 *
 * Discord's token endpoint (`POST /oauth2/token`) takes form-urlencoded bodies and authenticates the
 * application itself, with HTTP Basic (`client_id:client_secret`, the default here) or with
 * `client_id` / `client_secret` fields in the body. Three grants are used by bots and their web sites:
 * - `authorization_code`: a user approved the app in the browser and came back to `redirect_uri` with
 *   `?code=`; the code is exchanged for an access token (+ refresh token) within minutes;
 * - `refresh_token`: a new access token before the old one expires (about a week);
 * - `client_credentials`: a token for the app owner's own account, for testing (no user involved).
 * `POST /oauth2/token/revoke` ends a token. The access token then acts with `Authorization: Bearer`:
 * see `bearerClient`. The client secret and every token received are registered as secrets, so they
 * never appear in Kokoro's errors or logs.
 */
import { KokoroError, registerSecret, ValidationError } from '@kokoro/common';
import type {
  OAuth2Scopes,
  RESTPostOAuth2AccessTokenResult,
  RESTPostOAuth2ClientCredentialsResult,
  RESTPostOAuth2RefreshTokenResult,
} from 'discord-api-types/v10';
import { DiscordAPIError } from '../errors.js';
import type { RestLike } from '../generated/rest-like.js';
import { Rest } from '../rest.js';

/**
 * The token endpoint refused a grant. `error` is the OAuth2 error code (`invalid_grant`: the code or
 * refresh token is wrong, expired or already used; `invalid_client`: wrong client id or secret;
 * `invalid_scope`...), `description` Discord's explanation. `cause` holds the `DiscordAPIError`.
 */
export class OAuth2Error extends KokoroError {
  /** The OAuth2 error code. */
  readonly error: string;
  /** Discord's `error_description`, if any. */
  readonly description: string | undefined;
  /** HTTP status of the answer. */
  readonly status: number;

  constructor(status: number, error: string, description: string | undefined, cause: unknown) {
    super(
      'KOKORO_OAUTH2',
      `OAuth2 token request refused (${status}): ${error}${description ? ` - ${description}` : ''}`,
      { cause },
    );
    this.error = error;
    this.description = description;
    this.status = status;
  }
}

/** Options of {@link OAuth2Client}. */
export interface OAuth2ClientOptions {
  /** The application's client id. */
  clientId: string;
  /** The application's client secret (required by every grant except a PKCE code exchange of a public client). */
  clientSecret?: string;
  /** Default redirect URI: must be one registered for the application. */
  redirectUri?: string;
  /** Where token requests go; default a `Rest` without a token on `baseUrl`. */
  rest?: RestLike;
  /** API base when no `rest` is given; default Discord's (`https://discord.com/api/v10`). */
  baseUrl?: string;
  /** Where the browser is sent to approve the app. Default `https://discord.com/oauth2/authorize`. */
  authorizeUrl?: string;
  /** How the app authenticates at the token endpoint: HTTP Basic (`'basic'`, default) or body fields. */
  clientAuthentication?: 'basic' | 'body';
}

/** Parameters of {@link OAuth2Client.authorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** Scopes to ask for (`identify`, `guilds`, `bot`, `applications.commands`...). */
  scopes: readonly (OAuth2Scopes | `${OAuth2Scopes}`)[];
  /** Opaque value echoed back to the redirect; check it to stop CSRF. */
  state?: string;
  /** Default: the client's `redirectUri`. */
  redirectUri?: string;
  /** `'consent'` to ask again, `'none'` to skip the screen for an already approved app. */
  prompt?: 'consent' | 'none';
  /** PKCE: `base64url(sha256(code_verifier))`. */
  codeChallenge?: string;
  /** Bot authorization: permissions bitfield (string) and a guild to preselect. */
  permissions?: string;
  /** A guild to preselect in the authorization screen. */
  guildId?: string;
  /** 0 = guild install, 1 = user install. */
  integrationType?: 0 | 1;
}

/** Exchanges and revokes OAuth2 tokens for one application. */
export class OAuth2Client {
  /** The application's client id. */
  readonly clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #redirectUri: string | undefined;
  readonly #rest: RestLike;
  readonly #ownedRest: Rest | undefined;
  readonly #authorizeUrl: string;
  readonly #clientAuthentication: 'basic' | 'body';

  constructor(options: OAuth2ClientOptions) {
    if (!options.clientId) throw new ValidationError('clientId', 'an OAuth2 client needs the application id');
    registerSecret(options.clientSecret);
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#redirectUri = options.redirectUri;
    this.#ownedRest = options.rest ? undefined : new Rest(options.baseUrl ? { baseUrl: options.baseUrl } : {});
    this.#rest = options.rest ?? this.#ownedRest!;
    this.#authorizeUrl = options.authorizeUrl ?? 'https://discord.com/oauth2/authorize';
    this.#clientAuthentication = options.clientAuthentication ?? 'basic';
  }

  /** The URL to send a user's browser to, for the authorization-code grant. */
  authorizationUrl(options: AuthorizationUrlOptions): string {
    if (options.scopes.length === 0) throw new ValidationError('scopes', 'ask for at least one scope');
    const url = new URL(this.#authorizeUrl);
    url.searchParams.set('client_id', this.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', options.scopes.join(' '));
    const redirectUri = options.redirectUri ?? this.#redirectUri;
    if (redirectUri !== undefined) url.searchParams.set('redirect_uri', redirectUri);
    if (options.state !== undefined) url.searchParams.set('state', options.state);
    if (options.prompt !== undefined) url.searchParams.set('prompt', options.prompt);
    if (options.codeChallenge !== undefined) {
      url.searchParams.set('code_challenge', options.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    if (options.permissions !== undefined) url.searchParams.set('permissions', options.permissions);
    if (options.guildId !== undefined) url.searchParams.set('guild_id', options.guildId);
    if (options.integrationType !== undefined)
      url.searchParams.set('integration_type', String(options.integrationType));
    return url.toString();
  }

  /** Exchange the `code` a user's browser brought back for an access token and a refresh token. */
  async exchangeCode(
    code: string,
    options: { redirectUri?: string; codeVerifier?: string; signal?: AbortSignal } = {},
  ): Promise<RESTPostOAuth2AccessTokenResult> {
    if (!code) throw new ValidationError('code', 'the authorization code from the redirect is required');
    const redirectUri = options.redirectUri ?? this.#redirectUri;
    if (!redirectUri) {
      throw new ValidationError('redirect_uri', 'give the same redirectUri the authorization URL used');
    }
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    if (options.codeVerifier !== undefined) form.set('code_verifier', options.codeVerifier);
    return this.#token(form, options.signal, options.codeVerifier !== undefined);
  }

  /** Trade a refresh token for a new access token (and a new refresh token). */
  async refreshToken(
    refreshToken: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<RESTPostOAuth2RefreshTokenResult> {
    if (!refreshToken) throw new ValidationError('refresh_token', 'a refresh token is required');
    registerSecret(refreshToken);
    return this.#token(
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      options.signal,
    );
  }

  /** A token for the application owner's own account (client credentials grant). */
  async clientCredentials(
    scopes: readonly (OAuth2Scopes | `${OAuth2Scopes}`)[],
    options: { signal?: AbortSignal } = {},
  ): Promise<RESTPostOAuth2ClientCredentialsResult> {
    if (scopes.length === 0) throw new ValidationError('scope', 'ask for at least one scope');
    return this.#token(
      new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }),
      options.signal,
    );
  }

  /** Revoke an access or refresh token (revoking either ends the whole grant). */
  async revokeToken(
    token: string,
    options: { tokenTypeHint?: 'access_token' | 'refresh_token'; signal?: AbortSignal } = {},
  ): Promise<void> {
    if (!token) throw new ValidationError('token', 'the token to revoke is required');
    registerSecret(token);
    const form = new URLSearchParams({ token });
    if (options.tokenTypeHint !== undefined) form.set('token_type_hint', options.tokenTypeHint);
    await this.#post('/oauth2/token/revoke', form, options.signal, false);
  }

  /** Close the HTTP pool this client made for itself (none when a `rest` was given). */
  async close(): Promise<void> {
    await this.#ownedRest?.close();
  }

  async #token<T extends { access_token: string; refresh_token?: string }>(
    form: URLSearchParams,
    signal: AbortSignal | undefined,
    publicClient = false,
  ): Promise<T> {
    const result = await this.#post<T>('/oauth2/token', form, signal, publicClient);
    registerSecret(result.access_token);
    registerSecret(result.refresh_token);
    return result;
  }

  #post<T>(path: string, form: URLSearchParams, signal: AbortSignal | undefined, publicClient: boolean): Promise<T> {
    let auth: string | false = false;
    if (this.#clientSecret === undefined) {
      if (!publicClient) {
        throw new ValidationError(
          'clientSecret',
          'this grant needs the application client secret (OAuth2ClientOptions.clientSecret)',
        );
      }
      form.set('client_id', this.clientId);
    } else if (this.#clientAuthentication === 'basic') {
      auth = `Basic ${Buffer.from(`${this.clientId}:${this.#clientSecret}`).toString('base64')}`;
    } else {
      form.set('client_id', this.clientId);
      form.set('client_secret', this.#clientSecret);
    }
    return this.#rest.request<T>('POST', path, { body: form, auth, signal }).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && typeof error.body === 'object' && error.body !== null) {
        const body = error.body as { error?: unknown; error_description?: unknown };
        if (typeof body.error === 'string') {
          const description = typeof body.error_description === 'string' ? body.error_description : undefined;
          throw new OAuth2Error(error.status, body.error, description, error);
        }
      }
      throw error;
    });
  }
}
