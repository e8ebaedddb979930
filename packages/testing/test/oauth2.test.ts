import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { FakeDiscord } from '../src/index.js';
import { fakePerSuite } from './helpers.js';

async function form(fake: FakeDiscord, path: string, fields: Record<string, string>, basic?: string) {
  const res = await fetch(`${fake.restUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(fields),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests
  return { status: res.status, body: (await res.json()) as any };
}

async function bearer(fake: FakeDiscord, token: string, path: string) {
  const res = await fetch(`${fake.restUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests
  return { status: res.status, body: (await res.json()) as any };
}

describe('fake OAuth2', () => {
  const ctx = fakePerSuite();

  test('authorization code exchange (Basic auth), bearer calls, refresh, revoke', async () => {
    const code = ctx.fake.authorize(ctx.nue, ctx.alice, {
      scopes: ['identify', 'guilds'],
      redirectUri: 'http://localhost/cb',
    });
    const basic = `${ctx.nue.applicationId}:${ctx.nue.clientSecret}`;
    const exchangeCode = () =>
      form(
        ctx.fake,
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost/cb' },
        basic,
      );
    const token = await exchangeCode();
    assert.equal(token.status, 200);
    assert.equal(token.body.token_type, 'Bearer');
    assert.equal(token.body.scope, 'identify guilds');
    const me = await bearer(ctx.fake, token.body.access_token, '/users/@me');
    assert.equal(me.body.id, ctx.alice.id);
    const guilds = await bearer(ctx.fake, token.body.access_token, '/users/@me/guilds');
    assert.deepEqual(
      guilds.body.map((g: { id: string }) => g.id),
      [ctx.guild.id],
    );
    const info = await bearer(ctx.fake, token.body.access_token, '/oauth2/@me');
    assert.equal(info.body.application.id, ctx.nue.applicationId);
    const reused = await exchangeCode();
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    const refreshed = await form(
      ctx.fake,
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: token.body.refresh_token },
      basic,
    );
    assert.notEqual(refreshed.body.access_token, token.body.access_token);
    assert.equal((await bearer(ctx.fake, token.body.access_token, '/users/@me')).status, 401, 'the old token is gone');
    await form(ctx.fake, '/oauth2/token/revoke', { token: refreshed.body.access_token }, basic);
    assert.equal((await bearer(ctx.fake, refreshed.body.access_token, '/users/@me')).status, 401);
  });

  test('client credentials with body fields; a wrong secret is invalid_client', async () => {
    const ok = await form(ctx.fake, '/oauth2/token', {
      grant_type: 'client_credentials',
      scope: 'identify',
      client_id: ctx.nue.applicationId,
      client_secret: ctx.nue.clientSecret,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.refresh_token, undefined);
    const bad = await form(ctx.fake, '/oauth2/token', {
      grant_type: 'client_credentials',
      client_id: ctx.nue.applicationId,
      client_secret: 'nope',
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
  });

  test('PKCE: a public client exchanges a code with its verifier', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = ctx.fake.authorize(ctx.nue, ctx.alice, {
      codeChallenge: challenge,
      redirectUri: 'http://localhost/cb',
    });
    const wrong = await form(ctx.fake, '/oauth2/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost/cb',
      client_id: ctx.nue.applicationId,
      code_verifier: 'b'.repeat(50),
    });
    assert.equal(wrong.body.error, 'invalid_client');
    const code2 = ctx.fake.authorize(ctx.nue, ctx.alice, {
      codeChallenge: challenge,
      redirectUri: 'http://localhost/cb',
    });
    const ok = await form(ctx.fake, '/oauth2/token', {
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: 'http://localhost/cb',
      client_id: ctx.nue.applicationId,
      code_verifier: verifier,
    });
    assert.equal(ok.status, 200);
  });
});
