import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { FakeDiscord } from '../src/index.js';
import { RawClient } from './gateway-helpers.js';
import { api } from './helpers.js';

test('FakeDiscord end to end: REST posts and userSays reach both bots over the gateway, content by intent', async () => {
  const fake = await FakeDiscord.start({ gatewayOptions: { heartbeatInterval: 50 } });
  const nue = fake.addBot({ name: 'Nue' });
  const saki = fake.addBot({ name: 'Saki' });
  const guild = fake.addGuild({ name: 'Shrine', members: [nue, saki] });
  const channel = fake.addChannel(guild, { name: 'general' });
  const clients: RawClient[] = [];
  try {
    const info = await api(fake, nue.token, 'GET', '/gateway/bot');
    assert.equal(info.body.url, fake.gatewayUrl);
    const a = new RawClient(info.body.url);
    const b = new RawClient(info.body.url);
    clients.push(a, b);
    a.identify(nue.token, I.Guilds | I.GuildMessages | I.MessageContent);
    b.identify(saki.token, I.Guilds | I.GuildMessages);
    for (const c of [a, b]) {
      await c.dispatch('READY');
      const created = await c.dispatch('GUILD_CREATE');
      assert.equal(created.d.id, guild.id);
    }
    await fake.userSays(channel, 'ping');
    const [ma, mb] = await Promise.all([a.dispatch('MESSAGE_CREATE'), b.dispatch('MESSAGE_CREATE')]);
    assert.equal(ma.d.content, 'ping');
    assert.equal(mb.d.content, '', 'no MESSAGE_CONTENT intent: content stripped');
    const posted = await api(fake, nue.token, 'POST', `/channels/${channel.id}/messages`, { content: 'pong' });
    const echo = await b.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === posted.body.id);
    assert.equal(echo.d.author.id, nue.id);
    assert.equal(fake.messages(channel).at(-1)?.content, 'pong');
  } finally {
    for (const c of clients) c.ws.close(1000);
    await fake.close();
  }
});
