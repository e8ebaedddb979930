// SmallD-style raw access: every inbound gateway payload through a filter, raw sends through the
// shard's limiter, and raw REST calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeDiscord } from '@kokoro/testing';
import { PresenceUpdateStatus } from 'discord-api-types/v10';
import { Cache, Client, GatewayIntentBits, RestPool } from 'kokoro';
import { waitFor } from './helpers.js';

test('onGatewayPayload sees raw payloads by op and event; sendGatewayPayload and client.api reach Discord', async () => {
  const fake = await FakeDiscord.start();
  const pool = new RestPool();
  const bot = fake.addBot({ name: 'Raw', privilegedIntents: GatewayIntentBits.MessageContent });
  const guild = fake.addGuild({ name: 'Raw Guild', members: [bot] });
  const channel = fake.addChannel(guild, { name: 'raw' });
  const Raw = new Client({
    name: 'Raw',
    token: bot.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    restUrl: fake.restUrl,
    cache: new Cache(),
    pool,
  });
  const dispatches: string[] = [];
  const hello: unknown[] = [];
  const creates: { d: { content: string } }[] = [];
  Raw.onGatewayPayload({}, (_client, payload) => {
    if (payload.op === 0) dispatches.push(payload.t);
  });
  Raw.onGatewayPayload({ op: 10 }, (_client, payload) => hello.push(payload));
  const stop = Raw.onGatewayPayload({ t: 'MESSAGE_CREATE' }, (_client, payload) => {
    creates.push(payload as unknown as { d: { content: string } });
  });
  try {
    await Raw.start();
    assert.equal(hello.length, 1);
    assert.ok(dispatches.includes('READY') && dispatches.includes('GUILD_CREATE'), dispatches.join(','));
    await fake.userSays(channel, 'raw hello');
    await waitFor(() => creates.length === 1, 'the raw MESSAGE_CREATE');
    assert.equal(creates[0]!.d.content, 'raw hello');
    stop();
    await fake.userSays(channel, 'not seen by the removed hook');
    await waitFor(() => dispatches.filter((t) => t === 'MESSAGE_CREATE').length === 2, 'the second dispatch');
    assert.equal(creates.length, 1);

    await Raw.sendGatewayPayload({
      op: 3,
      d: { since: null, activities: [], status: PresenceUpdateStatus.DoNotDisturb, afk: false },
    });
    await assert.rejects(
      Raw.sendGatewayPayload({
        op: 3,
        d: {
          since: null,
          activities: [{ name: 'x'.repeat(5000), type: 0 }],
          status: PresenceUpdateStatus.Idle,
          afk: false,
        },
      }),
      /4096/,
      'an oversized payload is refused locally',
    );
    await waitFor(
      () => fake.gateway.received.find((p) => p.op === 3 && (p.d as { status?: string }).status === 'dnd'),
      'the presence update at the fake',
    );
    await assert.rejects(
      Raw.sendGatewayPayload(
        { op: 3, d: { since: null, activities: [], status: PresenceUpdateStatus.Idle, afk: false } },
        7,
      ),
      /has no shard 7/,
    );

    const me = await Raw.api.get<{ id: string }>('/users/@me');
    assert.equal(me.id, bot.id);
    const posted = await Raw.api.post<{ content: string }>(`/channels/${channel.id}/messages`, { content: 'raw post' });
    assert.equal(posted.content, 'raw post');
  } finally {
    await Raw.stop();
    await fake.close();
    await pool.close();
  }
});
