/** Calls on a shard that is not running are refused at once; bad member requests reject, never throw. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '@kokoro/common';
import { GatewayOpcodes, GatewayIntentBits as I } from 'discord-api-types/v10';
import { buildMemberRequest, ShardClosedError } from '../src/index.js';
import { closedAfterEach, Recorder } from './helpers.js';

const opened = closedAfterEach();
const heartbeat = { op: GatewayOpcodes.Heartbeat, d: null } as const;

describe('refused calls', () => {
  it('a never-started shard rejects send, updateVoiceState and requestGuildMembers at once', async () => {
    const s = await opened.setup();
    const shard = opened.shard(s.fake, s.bot, new Recorder(), { intents: I.Guilds | I.GuildMembers });
    await assert.rejects(shard.send(heartbeat), (error: Error) => {
      assert.ok(error instanceof ShardClosedError);
      assert.match(error.message, /shard 0 was never started; nothing was sent/);
      return true;
    });
    await assert.rejects(shard.updateVoiceState(s.guild.id, null), ShardClosedError);
    await assert.rejects(shard.requestGuildMembers(s.guild.id), ShardClosedError);
    assert.equal(s.fake.gateway.connectionAttempts, 0);
  });

  it('a closed shard rejects them at once too', async () => {
    const { shard, ...s } = await opened.started();
    await shard.close();
    await assert.rejects(shard.send(heartbeat), /shard 0 is closed; nothing was sent/);
    await assert.rejects(shard.updateVoiceState(s.guild.id, null), ShardClosedError);
    await assert.rejects(shard.requestGuildMembers(s.guild.id, { query: 'a' }), ShardClosedError);
  });

  it('bad member requests are rejected promises, and userIds with a limit is a ValidationError', async () => {
    const { shard, ...s } = await opened.started();
    let result: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      result = shard.requestGuildMembers(s.guild.id, { userIds: [s.bot.id], limit: 1 });
    });
    await assert.rejects(result!, (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.path, 'limit');
      return true;
    });
    await assert.rejects(shard.requestGuildMembers('not-an-id', { query: 'a' }), /guild: expected a snowflake/);
    await assert.rejects(shard.requestGuildMembers(s.guild.id, { userIds: ['12ab'] }), /userIds\[0\]/);
    assert.throws(() => buildMemberRequest('1', { userIds: ['2'], limit: 1 }, I.GuildMembers, 'n'), ValidationError);
  });
});
