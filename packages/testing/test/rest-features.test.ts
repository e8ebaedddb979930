import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelType, GatewayDispatchEvents as E, GatewayIntentBits } from 'discord-api-types/v10';
import { api, fakePerSuite, recordDispatches } from './helpers.js';

describe('fake REST: expressions, scheduled events, stages, auto-moderation, audit log, voice states', () => {
  const ctx = fakePerSuite();
  const { seen, events } = recordDispatches(ctx);
  const g = () => `/guilds/${ctx.guild.id}`;

  test('emojis: create, list, edit, delete with GUILD_EMOJIS_UPDATE; reactions with a custom emoji', async () => {
    events();
    const emoji = await api(ctx.fake, ctx.nue.token, 'POST', `${g()}/emojis`, {
      name: 'blob',
      image: 'data:image/png;base64,AAAA',
    });
    assert.equal(emoji.status, 201);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/emojis`)).body.length, 1);
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `${g()}/emojis/${emoji.body.id}`, { name: 'blobby' })).body.name,
      'blobby',
    );
    const message = await ctx.fake.userSays(ctx.channel, 'react');
    const react = await api(
      ctx.fake,
      ctx.nue.token,
      'PUT',
      `/channels/${ctx.channel.id}/messages/${message.id}/reactions/${encodeURIComponent(`blobby:${emoji.body.id}`)}/@me`,
    );
    assert.equal(react.status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `${g()}/emojis/${emoji.body.id}`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/emojis/${emoji.body.id}`)).body.code, 10014);
    assert.deepEqual(
      events().filter((t) => t !== E.MessageCreate),
      [E.GuildEmojisUpdate, E.GuildEmojisUpdate, E.MessageReactionAdd, E.GuildEmojisUpdate],
    );
  });

  test('scheduled events: create, get, edit, delete', async () => {
    events();
    const created = await api(ctx.fake, ctx.nue.token, 'POST', `${g()}/scheduled-events`, {
      name: 'Party',
      scheduled_start_time: new Date(Date.now() + 3_600_000).toISOString(),
      entity_type: 3,
      privacy_level: 2,
      entity_metadata: { location: 'Shrine' },
    });
    assert.equal(created.body.name, 'Party');
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `${g()}/scheduled-events/${created.body.id}`, { status: 2 })).body
        .status,
      2,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `${g()}/scheduled-events/${created.body.id}`)).status,
      204,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/scheduled-events/${created.body.id}`)).body.code,
      10070,
    );
    assert.deepEqual(events(), [E.GuildScheduledEventCreate, E.GuildScheduledEventUpdate, E.GuildScheduledEventDelete]);
    const bad = await api(ctx.fake, ctx.nue.token, 'POST', `${g()}/scheduled-events`, { name: 'x' });
    assert.equal(bad.body.code, 50035);
  });

  test('stage instances: create, edit, delete', async () => {
    const stage = ctx.fake.addChannel(ctx.guild, { name: 'stage', type: ChannelType.GuildStageVoice });
    events();
    const created = await api(ctx.fake, ctx.nue.token, 'POST', '/stage-instances', {
      channel_id: stage.id,
      topic: 'Talk',
    });
    assert.equal(created.body.topic, 'Talk');
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `/stage-instances/${stage.id}`, { topic: 'Q&A' })).body.topic,
      'Q&A',
    );
    assert.equal((await api(ctx.fake, ctx.nue.token, 'DELETE', `/stage-instances/${stage.id}`)).status, 204);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/stage-instances/${stage.id}`)).body.code, 10067);
    assert.deepEqual(events(), [E.StageInstanceCreate, E.StageInstanceUpdate, E.StageInstanceDelete]);
  });

  test('auto-moderation rules: create, edit, delete', async () => {
    events();
    const rule = await api(ctx.fake, ctx.nue.token, 'POST', `${g()}/auto-moderation/rules`, {
      name: 'no spam',
      event_type: 1,
      trigger_type: 1,
      trigger_metadata: { keyword_filter: ['spam'] },
      actions: [{ type: 1 }],
    });
    assert.deepEqual(rule.body.trigger_metadata.keyword_filter, ['spam']);
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'PATCH', `${g()}/auto-moderation/rules/${rule.body.id}`, { enabled: false }))
        .body.enabled,
      false,
    );
    assert.equal(
      (await api(ctx.fake, ctx.nue.token, 'DELETE', `${g()}/auto-moderation/rules/${rule.body.id}`)).status,
      204,
    );
    assert.deepEqual(
      events().filter((t) => t.startsWith('AUTO')),
      [E.AutoModerationRuleCreate, E.AutoModerationRuleUpdate, E.AutoModerationRuleUpdate, E.AutoModerationRuleDelete],
    );
  });

  test('a kick with a reason is in the audit log and dispatched', async () => {
    const carol = ctx.fake.addUser({ username: 'carol' });
    ctx.fake.addMembers(ctx.guild, [carol]);
    events();
    await api(ctx.fake, ctx.nue.token, 'DELETE', `${g()}/members/${carol.id}`, undefined, {
      'x-audit-log-reason': encodeURIComponent('too loud'),
    });
    const log = await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/audit-logs`);
    assert.equal(log.body.audit_log_entries[0].action_type, 20);
    assert.equal(log.body.audit_log_entries[0].target_id, carol.id);
    assert.equal(log.body.audit_log_entries[0].reason, 'too loud');
    const audit = seen.find((d) => d.t === E.GuildAuditLogEntryCreate);
    assert.equal(audit?.intent, GatewayIntentBits.GuildModeration);
  });

  test('voice states are readable after simulate.voiceJoin', async () => {
    const voice = ctx.fake.addChannel(ctx.guild, { name: 'voice', type: ChannelType.GuildVoice });
    ctx.fake.simulate.voiceJoin(voice, ctx.alice);
    const state = await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/voice-states/${ctx.alice.id}`);
    assert.equal(state.body.channel_id, voice.id);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `${g()}/voice-states/@me`)).body.code, 10065);
  });

  test('a user DMs a bot: MESSAGE_CREATE to that bot only, with DIRECT_MESSAGES', async () => {
    const dm = ctx.fake.dmChannel(ctx.nue, ctx.alice);
    events();
    await ctx.fake.userSays(dm, 'psst', { author: ctx.alice });
    const create = seen.find((d) => d.t === E.MessageCreate);
    assert.deepEqual(create?.recipients, [ctx.nue.id]);
    assert.equal(create?.intent, GatewayIntentBits.DirectMessages);
    assert.equal((await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${dm.id}/messages`)).body[0].content, 'psst');
  });

  test('reactions carry `me` for the bot that reads the message', async () => {
    const message = await ctx.fake.userSays(ctx.channel, 'me?');
    await api(
      ctx.fake,
      ctx.nue.token,
      'PUT',
      `/channels/${ctx.channel.id}/messages/${message.id}/reactions/${encodeURIComponent('⭐')}/@me`,
    );
    const byNue = await api(ctx.fake, ctx.nue.token, 'GET', `/channels/${ctx.channel.id}/messages/${message.id}`);
    const bySaki = await api(ctx.fake, ctx.saki.token, 'GET', `/channels/${ctx.channel.id}/messages/${message.id}`);
    assert.equal(byNue.body.reactions[0].me, true);
    assert.equal(bySaki.body.reactions[0].me, false);
    assert.equal(bySaki.body.reactions[0].count, 1);
  });

  test('posting in a category is 50008; in an archived thread 50083', async () => {
    const category = ctx.fake.addChannel(ctx.guild, { name: 'cat', type: ChannelType.GuildCategory });
    const res = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${category.id}/messages`, { content: 'x' });
    assert.equal(res.body.code, 50008);
    const thread = ctx.fake.simulate.threadCreate(ctx.channel, 'old thread', { user: ctx.alice });
    ctx.fake.simulate.channelUpdate(thread, { archived: true });
    const archived = await api(ctx.fake, ctx.nue.token, 'POST', `/channels/${thread.id}/messages`, { content: 'x' });
    assert.equal(archived.body.code, 50083);
  });
});
