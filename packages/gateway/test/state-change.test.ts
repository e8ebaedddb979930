/**
 * The observable state list (RustCord's), hikari's `get_user_id`, and presence updates that merge
 * with the last presence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActivityType, PresenceUpdateStatus } from 'discord-api-types/v10';
import { GatewayFatalError, ShardState, type ShardStateChange } from '../src/index.js';
import { closedAfterEach, Recorder, until } from './helpers.js';

const opened = closedAfterEach();

const moves = (changes: ShardStateChange[]) => changes.map((c) => `${c.from}>${c.to}`);

describe('shard state changes', () => {
  it('every move is observable, with the close code, the reason, the delay and how it became ready', async () => {
    const s = await opened.setup();
    const changes: ShardStateChange[] = [];
    const fromOption: ShardStateChange[] = [];
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { onStateChange: (_shard, c) => fromOption.push(c) });
    const stop = shard.onStateChange((seen, change) => {
      assert.equal(seen, shard);
      assert.equal(seen.state, change.to, 'the listener runs after the change');
      changes.push(change);
    });
    await shard.start();
    assert.deepEqual(moves(changes), ['idle>connecting', 'connecting>identifying', 'identifying>ready']);
    assert.equal(changes.at(-1)!.how, 'ready');

    s.fake.gateway.closeConnections(4000, { botId: s.bot.id }, 'unknown error');
    await until(() => changes.at(-1)?.how === 'resumed', 'resumed');
    const lost = changes.find((c) => c.to === ShardState.Reconnecting)!;
    assert.equal(lost.from, ShardState.Ready);
    assert.equal(lost.code, 4000);
    assert.match(lost.reason!, /4000/);
    assert.equal(typeof lost.delay, 'number');
    assert.deepEqual(moves(changes).slice(3), [
      'ready>reconnecting',
      'reconnecting>connecting',
      'connecting>resuming',
      'resuming>ready',
    ]);

    await shard.close();
    assert.deepEqual(moves(changes).slice(-2), ['ready>closing', 'closing>closed']);
    assert.equal(changes.at(-1)!.code, 1000);
    assert.deepEqual(fromOption, changes, 'the option hook sees the same moves');
    stop();
    await shard.start();
    assert.equal(changes.at(-1)!.to, ShardState.Closed, 'a removed listener hears nothing more');
    assert.equal(fromOption.at(-1)!.to, ShardState.Ready);
  });

  it('a fatal close ends in closed with the code and the error', async () => {
    const { shard, ...s } = await opened.started();
    const changes: ShardStateChange[] = [];
    shard.onStateChange((_shard, change) => changes.push(change));
    s.fake.gateway.closeConnections(4013, { botId: s.bot.id }, 'Invalid intent(s).');
    await assert.rejects(shard.join(), GatewayFatalError);
    const last = changes.at(-1)!;
    assert.equal(last.to, ShardState.Closed);
    assert.equal(last.code, 4013);
    assert.ok(last.error instanceof GatewayFatalError);
  });

  it('a listener that throws costs nothing', async () => {
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder());
    shard.onStateChange(() => {
      throw new Error('listener bug');
    });
    await shard.start();
    assert.equal(shard.state, ShardState.Ready);
  });

  it('userId is the bot user from READY (hikari get_user_id)', async () => {
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder());
    assert.equal(shard.userId, undefined);
    await shard.start();
    assert.equal(shard.userId, s.bot.id);
  });

  it('updatePresence with some fields keeps the others (an undefined field is unchanged)', async () => {
    const { shard, ...s } = await opened.started();
    const presenceNow = () => s.fake.gateway.sessions({ botId: s.bot.id })[0]?.presence as Record<string, unknown>;
    const activities = [{ name: 'tests', type: ActivityType.Playing }];
    await shard.updatePresence({ status: PresenceUpdateStatus.DoNotDisturb, activities });
    await until(() => presenceNow()?.status === 'dnd', 'dnd');
    assert.deepEqual(presenceNow(), { since: null, activities, status: 'dnd', afk: false });
    await shard.updatePresence({ status: PresenceUpdateStatus.Idle, activities: undefined });
    await until(() => presenceNow()?.status === 'idle', 'idle');
    assert.deepEqual(presenceNow()!.activities, activities, 'the activity stayed');
    await shard.updatePresence({ activities: [] });
    await until(() => (presenceNow()?.activities as unknown[] | undefined)?.length === 0, 'no activity');
    assert.equal(presenceNow()!.status, 'idle', 'the status stayed');
  });
});
