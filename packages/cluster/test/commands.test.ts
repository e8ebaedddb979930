/**
 * Gateway commands from a worker against the real NATS: the gateway process owning the shard sends
 * them (presence on every shard, a member request on the guild's shard, its chunks back through the
 * stream); a refused payload and a shard nobody owns are typed errors, not hangs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { GatewayCommandError, GatewayConnector, WorkerConnector } from '../src/index.js';
import { requireNats } from './services.js';
import { clientOn, fakeWorld, testStream, waitUntil } from './stream-helpers.js';

test('a worker sets presence, requests members and sends raw payloads through the gateway process', async (t) => {
  if (!(await requireNats(t))) return;
  const { options } = testStream('cmd');
  const { fake, bot, user, guild } = await fakeWorld();
  // A guild on shard 1 of 2: its shard is the parity of its id's millisecond, and guilds made in
  // one millisecond share it, so add guilds a millisecond or more apart until one lands there.
  const onShard = (g: { id: string }) => Number((BigInt(g.id) >> 22n) % 2n);
  let onShard1 = onShard(guild) === 1 ? guild : undefined;
  for (let i = 0; !onShard1 && i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const other = fake.addGuild({ name: `g${i}`, members: [bot, user] });
    if (onShard(other) === 1) onShard1 = other;
  }
  if (!onShard1) {
    await fake.close();
    assert.fail('no guild landed on shard 1 in 200 tries');
  }
  const gateway = new GatewayConnector(options);
  const worker = new WorkerConnector({ ...options, group: 'g', commandTimeout: 500 });
  try {
    const publisher = clientOn(fake, bot.token, gateway, 'Publisher', 2);
    await publisher.start();
    const client = clientOn(fake, bot.token, worker, 'Worker');
    await client.start();
    assert.equal(client.gateway, undefined, 'the worker runs no shard');

    await client.updatePresence({ status: 'dnd', activities: [{ name: 'from a worker', type: 0 }] });
    const presences = () =>
      fake.gateway.received.filter(
        (r) => r.op === GatewayOpcodes.PresenceUpdate && (r.d as { status?: string }).status === 'dnd',
      );
    await waitUntil('op 3 on both shards', () => new Set(presences().map((r) => r.shardId)).size === 2);
    assert.deepEqual([...new Set(presences().map((r) => r.shardId))].sort(), [0, 1]);

    const result = await client.requestGuildMembers(onShard1.id, { query: 'al', limit: 10 });
    assert.equal(result.guildId, onShard1.id);
    assert.deepEqual(
      result.members.map((m) => m.user?.id),
      [user.id],
      'the chunk came back through the stream',
    );
    const requests = fake.gateway.received.filter((r) => r.op === GatewayOpcodes.RequestGuildMembers);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.shardId, 1, 'sent on the shard of the guild');

    await client.updateVoiceState(guild.id, null);
    await waitUntil('op 4', () => fake.gateway.received.some((r) => r.op === GatewayOpcodes.VoiceStateUpdate));

    // The gateway process's shard refuses a payload over 4096 bytes: the worker gets the reason.
    const huge = {
      op: GatewayOpcodes.PresenceUpdate,
      d: { status: 'online', activities: [], since: null, afk: false, x: 'x'.repeat(5000) },
    };
    await assert.rejects(
      client.sendGatewayPayload(huge as never, 0),
      (error: unknown) => error instanceof GatewayCommandError && error.shardId === 0 && /refused/.test(error.message),
    );

    // No gateway process owns the shards any more: a typed error after the command timeout.
    await publisher.stop();
    const started = Date.now();
    await assert.rejects(
      client.updatePresence({ status: 'idle' }),
      (error: unknown) => error instanceof GatewayCommandError && /no gateway process/.test(error.message),
    );
    t.diagnostic(`refused after ${Date.now() - started} ms (commandTimeout 500)`);
    await client.stop();
  } finally {
    await worker.close();
    await gateway.close();
    await fake.close();
  }
});
