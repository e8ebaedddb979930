import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '@kokoro/common';
import type { RestLike } from '../src/generated/rest-like.js';
import { bearerClient, OAuth2Client, OAuth2Error } from '../src/oauth2/index.js';
import { Rest } from '../src/rest.js';

const CLIENT_ID = '100000000000000001';
const CLIENT_SECRET = 'client-secret-0123456789';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

/** A tiny stand-in for Discord's OAuth2 endpoints: token, revoke, and one bearer route. */
class OAuth2Server {
  readonly seen: Seen[] = [];
  readonly revoked = new Set<string>();
  #server: Server | undefined;
  #issued = 0;

  async start(): Promise<string> {
    this.#server = createServer(async (request, response) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      const form = new URLSearchParams(text);
      this.seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, form });
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (request.url === '/api/v10/users/@me') {
        if (request.headers.authorization === 'Bearer access-1') return reply(200, { id: '42', username: 'user' });
        return reply(401, { message: '401: Unauthorized', code: 0 });
      }
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        return reply(415, { message: 'expected a form' });
      }
      const client = this.#clientOf(request, form);
      if (request.url === '/api/v10/oauth2/token/revoke') {
        if (!client) return reply(401, { error: 'invalid_client' });
        this.revoked.add(form.get('token') ?? '');
        return reply(200, {});
      }
      if (request.url !== '/api/v10/oauth2/token') return reply(404, { message: 'Unknown route', code: 0 });
      const grant = form.get('grant_type');
      const publicPkce = !client && form.get('client_id') === CLIENT_ID && form.has('code_verifier');
      if (!client && !publicPkce) return reply(401, { error: 'invalid_client' });
      const issue = (scope: string, refresh = true) => {
        this.#issued++;
        return reply(200, {
          access_token: `access-${this.#issued}`,
          token_type: 'Bearer',
          expires_in: 604800,
          scope,
          ...(refresh ? { refresh_token: `refresh-${this.#issued}` } : {}),
        });
      };
      if (grant === 'authorization_code') {
        if (form.get('code') !== 'good-code' || form.get('redirect_uri') !== 'https://app.example/callback') {
          return reply(400, { error: 'invalid_grant', error_description: 'Invalid "code" in request.' });
        }
        return issue('identify guilds');
      }
      if (grant === 'refresh_token') {
        if (!form.get('refresh_token')?.startsWith('refresh-')) return reply(400, { error: 'invalid_grant' });
        return issue('identify guilds');
      }
      if (grant === 'client_credentials') return issue(form.get('scope') ?? '', false);
      return reply(400, { error: 'unsupported_grant_type' });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api/v10`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  get last(): Seen {
    return this.seen[this.seen.length - 1]!;
  }

  #clientOf(request: IncomingMessage, form: URLSearchParams): boolean {
    const header = request.headers.authorization;
    if (header?.startsWith('Basic ')) {
      return Buffer.from(header.slice(6), 'base64').toString() === `${CLIENT_ID}:${CLIENT_SECRET}`;
    }
    return form.get('client_id') === CLIENT_ID && form.get('client_secret') === CLIENT_SECRET;
  }
}

describe('OAuth2', () => {
  const server = new OAuth2Server();
  let baseUrl = '';
  let oauth: OAuth2Client;

  before(async () => {
    baseUrl = await server.start();
    oauth = new OAuth2Client({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: 'https://app.example/callback',
      baseUrl,
    });
  });
  after(async () => {
    await oauth.close();
    await server.close();
  });

  it('builds the authorization URL', () => {
    const url = new URL(oauth.authorizationUrl({ scopes: ['identify', 'guilds'], state: 's1', prompt: 'none' }));
    assert.equal(url.origin + url.pathname, 'https://discord.com/oauth2/authorize');
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('scope'), 'identify guilds');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://app.example/callback');
    assert.equal(url.searchParams.get('state'), 's1');
    assert.equal(url.searchParams.get('prompt'), 'none');
  });

  it('exchanges an authorization code, authenticating with HTTP Basic', async () => {
    const tokens = await oauth.exchangeCode('good-code');
    assert.equal(tokens.token_type, 'Bearer');
    assert.match(tokens.access_token, /^access-/);
    assert.match(tokens.refresh_token, /^refresh-/);
    const seen = server.last;
    assert.equal(seen.url, '/api/v10/oauth2/token');
    assert.equal(seen.form.get('grant_type'), 'authorization_code');
    assert.equal(seen.form.get('code'), 'good-code');
    assert.equal(seen.form.get('redirect_uri'), 'https://app.example/callback');
    assert.equal(seen.form.get('client_secret'), null, 'the secret travels in the Basic header only');
    assert.match(seen.headers.authorization ?? '', /^Basic /);
  });

  it('turns a refused grant into an OAuth2Error', async () => {
    await assert.rejects(oauth.exchangeCode('bad-code'), (error: unknown) => {
      assert.ok(error instanceof OAuth2Error);
      assert.equal(error.error, 'invalid_grant');
      assert.equal(error.status, 400);
      assert.match(error.message, /Invalid "code"/);
      assert.doesNotMatch(error.message, new RegExp(CLIENT_SECRET));
      return true;
    });
  });

  it('refuses a code exchange without a redirect URI before sending', async () => {
    const bare = new OAuth2Client({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl });
    const before = server.seen.length;
    await assert.rejects(bare.exchangeCode('good-code'), ValidationError);
    assert.equal(server.seen.length, before);
    await bare.close();
  });

  it('refreshes a token', async () => {
    const tokens = await oauth.refreshToken('refresh-1');
    assert.match(tokens.access_token, /^access-/);
    assert.equal(server.last.form.get('grant_type'), 'refresh_token');
    assert.equal(server.last.form.get('refresh_token'), 'refresh-1');
  });

  it('gets a client-credentials token, with the credentials in the body when asked', async () => {
    const rest = new Rest({ baseUrl });
    const bodyAuth = new OAuth2Client({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      rest,
      clientAuthentication: 'body',
    });
    const tokens = await bodyAuth.clientCredentials(['identify', 'applications.commands.update']);
    assert.equal(tokens.scope, 'identify applications.commands.update');
    assert.equal(server.last.form.get('grant_type'), 'client_credentials');
    assert.equal(server.last.form.get('client_id'), CLIENT_ID);
    assert.equal(server.last.headers.authorization, undefined);
    await rest.close();
  });

  it('exchanges a PKCE code without a client secret', async () => {
    const pkce = new OAuth2Client({ clientId: CLIENT_ID, redirectUri: 'https://app.example/callback', baseUrl });
    const tokens = await pkce.exchangeCode('good-code', { codeVerifier: 'verifier' });
    assert.match(tokens.access_token, /^access-/);
    assert.equal(server.last.form.get('code_verifier'), 'verifier');
    await assert.rejects(pkce.refreshToken('refresh-1'), ValidationError);
    await pkce.close();
  });

  it('revokes a token', async () => {
    await oauth.revokeToken('access-1', { tokenTypeHint: 'access_token' });
    assert.equal(server.last.url, '/api/v10/oauth2/token/revoke');
    assert.ok(server.revoked.has('access-1'));
    assert.equal(server.last.form.get('token_type_hint'), 'access_token');
  });

  it('acts with a bearer token through the typed methods', async () => {
    const user = bearerClient('access-1', { baseUrl });
    const me = await user.currentUserGet();
    assert.equal(me.id, '42');
    assert.equal(server.last.headers.authorization, 'Bearer access-1');
    await user.rest.close();
  });

  it('works over any RestLike', async () => {
    const calls: unknown[] = [];
    const fake: RestLike = {
      async request<T>(method: string, path: string, options?: unknown): Promise<T> {
        calls.push({ method, path, options });
        return { access_token: 'a-token-from-a-stub', token_type: 'Bearer', expires_in: 1, scope: 'identify' } as T;
      },
    };
    const client = new OAuth2Client({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rest: fake });
    await client.clientCredentials(['identify']);
    const [call] = calls as { method: string; path: string; options: { body: URLSearchParams; auth: string } }[];
    assert.equal(call!.method, 'POST');
    assert.equal(call!.path, '/oauth2/token');
    assert.ok(call!.options.body instanceof URLSearchParams);
    assert.equal(call!.options.auth, `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
  });

  it('Rest satisfies RestLike', async () => {
    const rest = new Rest({ baseUrl });
    const like: RestLike = rest;
    assert.equal(typeof like.request, 'function');
    await rest.close();
  });
});
