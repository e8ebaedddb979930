// The operations of the spec modelled for issue 15 (src/rest/routes/spec-gaps.ts): the bot's
// application by id, a sticker by id, Add Guild Member with an OAuth2 token, a bearer's member
// object and connections.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeBot, FakeDiscord } from '../src/index.js';

describe('spec gaps filled', () => {
  let fake: FakeDiscord;
  let bot: FakeBot;
  before(async () => {
    fake = await FakeDiscord.start();
    bot = fake.addBot({ name: 'Gap' });
  });
  after(() => fake.close());

  const call = async (method: string, path: string, body?: unknown, auth = `Bot ${bot.token}`) => {
    const res = await fetch(`${fake.restUrl}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  async function accessToken(userId: string, scopes: string[]): Promise<string> {
    const code = fake.authorize(bot, userId, { scopes, redirectUri: 'http://localhost/cb' });
    const res = await fetch(`${fake.restUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${bot.applicationId}:${bot.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost/cb' }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  it('GET /applications/{id}: the own application; another is 403, an unknown one 404 10002', async () => {
    const own = await call('GET', `/applications/${bot.applicationId}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.id, bot.applicationId);
    const other = fake.addBot({ name: 'Other' });
    assert.equal((await call('GET', `/applications/${other.applicationId}`)).body.code, 50001);
    assert.equal((await call('GET', '/applications/123')).body.code, 10002);
  });

  it('GET /stickers/{id}: a guild sticker, or 404 10060', async () => {
    assert.deepEqual((await call('GET', '/stickers/123')).body, { code: 10060, message: 'Unknown Sticker' });
  });

  it('PUT /guilds/{guild}/members/{user}: adds a user who granted guilds.join (201), then 204', async () => {
    const alice = fake.addUser({ username: 'alice' });
    const guild = fake.addGuild({ name: 'Join', members: [bot] });
    const joined = fake.waitFor('GUILD_MEMBER_ADD', (d) => (d as { user: { id: string } }).user.id === alice.id);
    const wrong = await call('PUT', `/guilds/${guild.id}/members/${alice.id}`, { access_token: 'nope' });
    assert.deepEqual([wrong.status, wrong.body.code], [403, 50025]);
    const identifyOnly = await accessToken(alice.id, ['identify']);
    const noScope = await call('PUT', `/guilds/${guild.id}/members/${alice.id}`, { access_token: identifyOnly });
    assert.deepEqual([noScope.status, noScope.body.code], [403, 50013]);
    const token = await accessToken(alice.id, ['identify', 'guilds.join', 'guilds.members.read']);
    const added = await call('PUT', `/guilds/${guild.id}/members/${alice.id}`, { access_token: token });
    assert.equal(added.status, 201);
    assert.equal(added.body.user.id, alice.id);
    await joined;
    assert.equal((await call('PUT', `/guilds/${guild.id}/members/${alice.id}`, { access_token: token })).status, 204);

    const member = await call('GET', `/users/@me/guilds/${guild.id}/member`, undefined, `Bearer ${token}`);
    assert.equal(member.body.user.id, alice.id);
    const connections = await call('GET', '/users/@me/connections', undefined, `Bearer ${token}`);
    assert.equal(connections.status, 403, 'without the connections scope');
    assert.equal((await call('GET', '/users/@me/connections')).status, 401, 'a bot token is not a bearer token');
  });
});
