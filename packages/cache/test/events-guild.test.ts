import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Channel, ThreadMember } from '../src/entities/channel.js';
import type { Guild } from '../src/entities/guild.js';
import type { GuildMember } from '../src/entities/member.js';
import type { Message, MessageReaction } from '../src/entities/message.js';
import type { Role } from '../src/entities/role.js';
import type { User } from '../src/entities/user.js';
import type { ExpressionChanges } from '../src/events.js';
import {
  GUILD,
  member,
  message,
  messageId,
  oneClientCache,
  ROLE_MOD,
  ROLE_MUTED,
  TEXT,
  user,
  VOICE,
} from './fixtures.js';

const BOT = '800000000000000001';
const ALICE = '900000000000000002';

const setup = () => oneClientCache(BOT);

describe('member events', () => {
  it('GUILD_MEMBER_ADD / UPDATE / REMOVE', () => {
    const { cache, ingest, guild } = setup();
    const [added] = ingest('GUILD_MEMBER_ADD', { ...member(ALICE, [ROLE_MOD]), guild_id: GUILD }) as [GuildMember];
    assert.equal(added.guild, guild);
    assert.equal(added.user, cache.users.get(ALICE));
    assert.deepEqual(
      added.roles.map((r) => r.name),
      ['mod'],
    );
    assert.equal(guild.memberCount, 2);
    const [updated, old] = ingest('GUILD_MEMBER_UPDATE', {
      ...member(ALICE, [ROLE_MOD, ROLE_MUTED], { nick: 'Ali' }),
      guild_id: GUILD,
    }) as [GuildMember, Record<string, unknown>];
    assert.equal(updated, added);
    assert.equal(updated.nick, 'Ali');
    assert.deepEqual(Object.keys(old).sort(), ['nick', 'roles']);
    assert.equal(old.nick, null);
    assert.deepEqual(
      (old.roles as Role[]).map((r) => r.id),
      [ROLE_MOD],
    );
    const [g, u, removed] = ingest('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: user(ALICE) }) as [
      Guild,
      User,
      GuildMember,
    ];
    assert.equal(g, guild);
    assert.equal(u.id, ALICE);
    assert.equal(removed, added);
    assert.equal(guild.members.has(ALICE), false);
    assert.equal(guild.memberCount, 1);
    assert.equal(cache.users.has(ALICE), false, 'a user no guild refers to is freed');
  });

  it('joinedTimestamp is the join time rounded down to the second (documented trade-off)', () => {
    const { ingest } = setup();
    const joined = '2021-08-05T19:24:30.717000+00:00';
    const [m] = ingest('GUILD_MEMBER_ADD', { ...member(ALICE, [], { joined_at: joined }), guild_id: GUILD }) as [
      GuildMember,
    ];
    assert.equal(m.joinedTimestamp, Date.parse('2021-08-05T19:24:30Z'));
    const [, old] = ingest('GUILD_MEMBER_UPDATE', {
      ...member(ALICE, [], { joined_at: '2021-08-05T19:25:00.000000+00:00' }),
      guild_id: GUILD,
    }) as [GuildMember, Record<string, unknown>];
    assert.equal(old.joinedTimestamp, Date.parse('2021-08-05T19:24:30Z'), 'old values use the public unit (ms)');
  });

  it('members with the same roles share one role list', () => {
    const { ingest } = setup();
    const [m1] = ingest('GUILD_MEMBER_ADD', {
      ...member('900000000000000011', [ROLE_MOD, ROLE_MUTED]),
      guild_id: GUILD,
    }) as [GuildMember];
    const [m2] = ingest('GUILD_MEMBER_ADD', {
      ...member('900000000000000012', [ROLE_MUTED, ROLE_MOD]),
      guild_id: GUILD,
    }) as [GuildMember];
    assert.equal(m1.roles, m2.roles);
  });

  it('GUILD_MEMBERS_CHUNK adds members and presences', () => {
    const { cache, ingest, guild } = setup();
    const data = {
      guild_id: GUILD,
      members: [member('900000000000000021'), member('900000000000000022')],
      presences: [
        { user: { id: '900000000000000021' }, status: 'idle', activities: [], client_status: { web: 'idle' } },
      ],
      chunk_index: 0,
      chunk_count: 1,
    };
    const [g, list, chunk] = ingest('GUILD_MEMBERS_CHUNK', data) as [Guild, GuildMember[], unknown];
    assert.equal(g, guild);
    assert.equal(list.length, 2);
    assert.equal(chunk, data);
    assert.equal(cache.users.get('900000000000000021')?.status, 'idle');
  });

  it('PRESENCE_UPDATE gives the old presence fields', () => {
    const { ingest, guild } = setup();
    const owner = guild.ownerId;
    const [u, old, g] = ingest('PRESENCE_UPDATE', {
      user: { id: owner },
      guild_id: GUILD,
      status: 'online',
      activities: [{ name: 'chess', type: 0 }],
      client_status: { desktop: 'online' },
    }) as [User, Record<string, unknown>, Guild];
    assert.equal(g, guild);
    assert.equal(u.status, 'online');
    assert.deepEqual(old, { status: 'offline', activities: [], clientStatus: null });
    const [, old2] = ingest('PRESENCE_UPDATE', {
      user: { id: owner },
      guild_id: GUILD,
      status: 'dnd',
      activities: [{ name: 'chess', type: 0 }],
      client_status: { desktop: 'online' },
    }) as [User, Record<string, unknown>];
    assert.deepEqual(old2, { status: 'online' });
  });

  it('GUILD_BAN_ADD / REMOVE, TYPING_START', () => {
    const { ingest, guild } = setup();
    const [g, u] = ingest('GUILD_BAN_ADD', { guild_id: GUILD, user: user(ALICE, 'alice') }) as [Guild, User];
    assert.equal(g, guild);
    assert.equal(u.username, 'alice');
    assert.deepEqual(ingest('GUILD_BAN_REMOVE', { guild_id: GUILD, user: user(ALICE, 'alice') }), [guild, u]);
    const [channel, typer, at] = ingest('TYPING_START', {
      channel_id: TEXT,
      guild_id: GUILD,
      user_id: ALICE,
      timestamp: 1700000000,
      member: member(ALICE),
    }) as [Channel, User, number];
    assert.equal(channel, guild.channels.get(TEXT));
    assert.equal(typer.id, ALICE);
    assert.equal(at, 1700000000000);
  });
});

describe('role events', () => {
  it('GUILD_ROLE_CREATE / UPDATE / DELETE (and members lose the deleted role)', () => {
    const { ingest, guild } = setup();
    const role = {
      id: '310000000000000001',
      name: 'new',
      permissions: '0',
      position: 3,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    const [created] = ingest('GUILD_ROLE_CREATE', { guild_id: GUILD, role }) as [Role];
    assert.equal(guild.roles.get(role.id), created);
    const [updated, old] = ingest('GUILD_ROLE_UPDATE', {
      guild_id: GUILD,
      role: { ...role, name: 'renamed', permissions: '8' },
    }) as [Role, unknown];
    assert.equal(updated, created);
    assert.deepEqual(old, { name: 'new', permissions: 0n });
    const [m] = ingest('GUILD_MEMBER_ADD', { ...member(ALICE, [role.id, ROLE_MOD]), guild_id: GUILD }) as [GuildMember];
    const [deleted] = ingest('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: role.id }) as [Role];
    assert.equal(deleted, created);
    assert.equal(guild.roles.has(role.id), false);
    assert.deepEqual(
      m.roles.map((r) => r.id),
      [ROLE_MOD],
    );
  });
});

describe('expression events', () => {
  it('GUILD_EMOJIS_UPDATE says what was created, updated, deleted', () => {
    const { ingest, guild } = setup();
    const [g, changes] = ingest('GUILD_EMOJIS_UPDATE', {
      guild_id: GUILD,
      emojis: [
        { id: '400000000000000001', name: 'kokoro2', animated: false },
        { id: '400000000000000002', name: 'new', animated: true },
      ],
    }) as [Guild, ExpressionChanges<{ id: string; name: string }>];
    assert.equal(g, guild);
    assert.deepEqual(
      changes.created.map((e) => e.name),
      ['new'],
    );
    assert.deepEqual(changes.updated[0]?.old, { name: 'kokoro' });
    assert.equal(changes.deleted.length, 0);
    const [, again] = ingest('GUILD_EMOJIS_UPDATE', { guild_id: GUILD, emojis: [] }) as [
      Guild,
      ExpressionChanges<unknown>,
    ];
    assert.equal(again.deleted.length, 2);
    assert.equal(guild.emojis.size, 0);
  });

  it('GUILD_STICKERS_UPDATE', () => {
    const { ingest, guild } = setup();
    const [, changes] = ingest('GUILD_STICKERS_UPDATE', { guild_id: GUILD, stickers: [{ id: '1', name: 's' }] }) as [
      Guild,
      ExpressionChanges<unknown>,
    ];
    assert.equal(changes.created.length, 1);
    assert.equal(guild.stickers.size, 1);
  });

  it('soundboard sound create / update / delete / list update / request answer', () => {
    const { ingest, guild } = setup();
    const sound = { sound_id: '1', name: 'boom', volume: 1, guild_id: GUILD, available: true };
    assert.deepEqual(ingest('GUILD_SOUNDBOARD_SOUND_CREATE', sound), [sound, guild]);
    const [s, g, old] = ingest('GUILD_SOUNDBOARD_SOUND_UPDATE', { ...sound, volume: 0.5 }) as [unknown, Guild, unknown];
    assert.equal(g, guild);
    assert.deepEqual(old, { volume: 1 });
    assert.deepEqual(ingest('GUILD_SOUNDBOARD_SOUND_DELETE', { sound_id: '1', guild_id: GUILD }), [s, guild, '1']);
    assert.equal(guild.soundboardSounds.size, 0);
    const [, changes] = ingest('GUILD_SOUNDBOARD_SOUNDS_UPDATE', { guild_id: GUILD, soundboard_sounds: [sound] }) as [
      Guild,
      ExpressionChanges<unknown>,
    ];
    assert.equal(changes.created.length, 1);
    assert.deepEqual(ingest('SOUNDBOARD_SOUNDS', { guild_id: GUILD, soundboard_sounds: [] }), [guild, []]);
    assert.equal(guild.soundboardSounds.size, 0);
  });
});

describe('guild extras', () => {
  const kinds: [string, string, keyof Guild][] = [
    ['GUILD_SCHEDULED_EVENT', 'scheduled', 'scheduledEvents'],
    ['STAGE_INSTANCE', 'stage', 'stageInstances'],
    ['AUTO_MODERATION_RULE', 'rule', 'autoModerationRules'],
    ['INTEGRATION', 'integration', 'integrations'],
  ];
  for (const [prefix, name, mapName] of kinds) {
    it(`${prefix}_CREATE / UPDATE / DELETE`, () => {
      const { ingest, guild } = setup();
      const map = () => guild[mapName] as Map<string, unknown>;
      const item = { id: '600000000000000001', guild_id: GUILD, name, user_count: 0 };
      assert.deepEqual(ingest(`${prefix}_CREATE`, item), [item, guild]);
      assert.equal(map().get(item.id), item);
      const changed = { ...item, name: `${name}!` };
      const [now, g, old] = ingest(`${prefix}_UPDATE`, changed) as [unknown, Guild, unknown];
      assert.equal(now, changed);
      assert.equal(g, guild);
      assert.deepEqual(old, { name });
      const deleted = ingest(`${prefix}_DELETE`, { id: item.id, guild_id: GUILD, application_id: '1' });
      assert.equal(deleted[0], changed);
      assert.equal(map().size, 0);
    });
  }

  it('GUILD_SCHEDULED_EVENT_USER_ADD / REMOVE count users', () => {
    const { ingest, guild } = setup();
    ingest('GUILD_SCHEDULED_EVENT_CREATE', { id: '610000000000000001', guild_id: GUILD, name: 'e', user_count: 0 });
    const data = { guild_scheduled_event_id: '610000000000000001', user_id: ALICE, guild_id: GUILD };
    const [g, eventId, u] = ingest('GUILD_SCHEDULED_EVENT_USER_ADD', data) as [Guild, string, User];
    assert.equal(g, guild);
    assert.equal(eventId, '610000000000000001');
    assert.equal(u.id, ALICE);
    assert.equal(guild.scheduledEvents.get(eventId)?.user_count, 1);
    ingest('GUILD_SCHEDULED_EVENT_USER_REMOVE', data);
    assert.equal(guild.scheduledEvents.get(eventId)?.user_count, 0);
  });

  it('AUTO_MODERATION_ACTION_EXECUTION, GUILD_INTEGRATIONS_UPDATE, GUILD_AUDIT_LOG_ENTRY_CREATE, invites', () => {
    const { ingest, guild } = setup();
    const execution = {
      guild_id: GUILD,
      rule_id: '1',
      user_id: ALICE,
      action: { type: 1 },
      rule_trigger_type: 1,
      content: '',
    };
    assert.deepEqual(ingest('AUTO_MODERATION_ACTION_EXECUTION', execution), [execution, guild]);
    assert.deepEqual(ingest('GUILD_INTEGRATIONS_UPDATE', { guild_id: GUILD }), [guild]);
    const [entry, g] = ingest('GUILD_AUDIT_LOG_ENTRY_CREATE', { guild_id: GUILD, id: '1', action_type: 1 }) as [
      unknown,
      Guild,
    ];
    assert.deepEqual(entry, { id: '1', action_type: 1 });
    assert.equal(g, guild);
    const invite = { code: 'abc', channel_id: TEXT, guild_id: GUILD, inviter: user(ALICE, 'alice'), uses: 0 };
    assert.deepEqual(ingest('INVITE_CREATE', invite), [invite, guild.channels.get(TEXT)]);
    assert.equal(guild.invites.get('abc'), invite, 'guild invites are cached by code');
    assert.deepEqual(ingest('INVITE_DELETE', { code: 'abc', channel_id: TEXT, guild_id: GUILD }), [
      { code: 'abc', channel_id: TEXT, guild_id: GUILD },
      guild.channels.get(TEXT),
      invite,
    ]);
    assert.equal(guild.invites.has('abc'), false);
    const [, , uncached] = ingest('INVITE_DELETE', { code: 'zzz', channel_id: TEXT, guild_id: GUILD });
    assert.equal(uncached, undefined);
  });
});

describe('thread events', () => {
  const THREAD = '230000000000000001';
  const thread = {
    id: THREAD,
    type: 11,
    guild_id: GUILD,
    parent_id: TEXT,
    name: 'thread',
    owner_id: ALICE,
    thread_metadata: {
      archived: false,
      locked: false,
      auto_archive_duration: 60,
      archive_timestamp: '2024-01-01T00:00:00.000Z',
    },
  };

  it('THREAD_CREATE / UPDATE / DELETE', () => {
    const { cache, ingest, guild } = setup();
    const [created] = ingest('THREAD_CREATE', thread) as [Channel];
    assert.equal(created.isThread, true);
    assert.equal(created.parent, guild.channels.get(TEXT));
    const metadata = { ...thread.thread_metadata, archived: true };
    const [updated, old] = ingest('THREAD_UPDATE', { ...thread, thread_metadata: metadata }) as [
      Channel,
      Record<string, unknown>,
    ];
    assert.equal(updated, created);
    assert.deepEqual(old, { threadMetadata: thread.thread_metadata });
    assert.deepEqual(ingest('THREAD_DELETE', { id: THREAD, guild_id: GUILD, parent_id: TEXT, type: 11 }), [created]);
    assert.equal(cache.channels.has(THREAD), false);
  });

  it('deleting a channel drops its threads', () => {
    const { cache, ingest } = setup();
    ingest('THREAD_CREATE', thread);
    ingest('CHANNEL_DELETE', { id: TEXT, type: 0, guild_id: GUILD });
    assert.equal(cache.channels.has(THREAD), false);
  });

  it('THREAD_LIST_SYNC drops the active threads of the synced channels it does not list', () => {
    const { cache, ingest } = setup();
    const stale = { ...thread, id: '230000000000000002' };
    const archived = {
      ...thread,
      id: '230000000000000003',
      thread_metadata: { ...thread.thread_metadata, archived: true },
    };
    const elsewhere = { ...thread, id: '230000000000000004', parent_id: VOICE };
    for (const t of [stale, archived, elsewhere]) ingest('THREAD_CREATE', t);
    ingest('THREAD_LIST_SYNC', { guild_id: GUILD, channel_ids: [TEXT], threads: [thread], members: [] });
    assert.ok(cache.channels.has(THREAD));
    assert.equal(cache.channels.has(stale.id), false, 'an active thread the sync does not list is gone');
    assert.ok(cache.channels.has(archived.id), 'archived threads are not in the list and stay');
    assert.ok(cache.channels.has(elsewhere.id), 'threads of channels not synced stay');
    ingest('THREAD_LIST_SYNC', { guild_id: GUILD, threads: [], members: [] });
    assert.equal(cache.channels.has(elsewhere.id), false, 'without channel_ids the whole guild is synced');
  });

  it('THREAD_LIST_SYNC, THREAD_MEMBER_UPDATE, THREAD_MEMBERS_UPDATE', () => {
    const { ingest, guild } = setup();
    const [g, threads] = ingest('THREAD_LIST_SYNC', {
      guild_id: GUILD,
      threads: [thread],
      members: [{ id: THREAD, user_id: BOT, join_timestamp: '2024-01-01T00:00:00.000Z', flags: 0 }],
    }) as [Guild, Channel[]];
    assert.equal(g, guild);
    assert.equal(threads[0]?.id, THREAD);
    assert.equal(threads[0]?.threadMembers?.size, 1);
    const [t, me] = ingest('THREAD_MEMBER_UPDATE', {
      id: THREAD,
      user_id: BOT,
      join_timestamp: '2024-01-01T00:00:00.000Z',
      flags: 1,
      guild_id: GUILD,
    }) as [Channel, ThreadMember];
    assert.equal(t, threads[0]);
    assert.equal(me.flags, 1);
    const [t2, added, removed, removedMembers] = ingest('THREAD_MEMBERS_UPDATE', {
      id: THREAD,
      guild_id: GUILD,
      member_count: 2,
      added_members: [
        { id: THREAD, user_id: ALICE, join_timestamp: '2024-01-01T00:00:00.000Z', flags: 0, member: member(ALICE) },
      ],
      removed_member_ids: [BOT],
    }) as [Channel, ThreadMember[], string[], ThreadMember[]];
    assert.equal(t2, t);
    assert.deepEqual(removedMembers, [me], 'the removed thread member as it was cached');
    assert.equal(added[0]?.userId, ALICE);
    assert.deepEqual(removed, [BOT]);
    assert.deepEqual([...(t.threadMembers?.keys() ?? [])], [ALICE]);
    assert.equal(t.memberCount, 2);
    assert.ok(guild.members.has(ALICE));
  });
});

describe('reaction and poll events', () => {
  it('MESSAGE_REACTION_ADD / REMOVE / REMOVE_EMOJI / REMOVE_ALL', () => {
    const { ingest } = setup();
    const id = messageId();
    const [msg] = ingest('MESSAGE_CREATE', message(id, 'react to me')) as [Message];
    const emoji = { id: null, name: '👍' };
    const base = { channel_id: TEXT, message_id: id, guild_id: GUILD, emoji, burst: false, type: 0 };
    const [m, u, e, burst] = ingest('MESSAGE_REACTION_ADD', { ...base, user_id: ALICE, member: member(ALICE) }) as [
      Message,
      User,
      unknown,
      boolean,
    ];
    assert.equal(m, msg);
    assert.equal(u.id, ALICE);
    assert.equal(e, emoji);
    assert.equal(burst, false);
    ingest('MESSAGE_REACTION_ADD', { ...base, user_id: BOT });
    assert.equal(msg.reactions[0]?.count, 2);
    assert.deepEqual(msg.reactions[0]?.userIds, [ALICE, BOT]);
    ingest('MESSAGE_REACTION_REMOVE', { ...base, user_id: BOT });
    assert.equal(msg.reactions[0]?.count, 1);
    ingest('MESSAGE_REACTION_ADD', { ...base, emoji: { id: '1', name: 'x' }, user_id: BOT });
    const [, removed] = ingest('MESSAGE_REACTION_REMOVE_EMOJI', {
      channel_id: TEXT,
      message_id: id,
      guild_id: GUILD,
      emoji,
    }) as [Message, MessageReaction];
    assert.equal(removed.count, 1);
    assert.equal(msg.reactions.length, 1);
    const [, all] = ingest('MESSAGE_REACTION_REMOVE_ALL', { channel_id: TEXT, message_id: id, guild_id: GUILD }) as [
      Message,
      MessageReaction[],
    ];
    assert.equal(all.length, 1);
    assert.equal(msg.reactions.length, 0);
  });

  it('MESSAGE_POLL_VOTE_ADD / REMOVE count votes', () => {
    const { ingest } = setup();
    const id = messageId();
    const poll = {
      question: { text: 'q' },
      answers: [{ answer_id: 1, poll_media: { text: 'a' } }],
      expiry: null,
      allow_multiselect: false,
      layout_type: 1,
    };
    const [msg] = ingest('MESSAGE_CREATE', message(id, '', { poll })) as [Message];
    const vote = { user_id: ALICE, channel_id: TEXT, message_id: id, guild_id: GUILD, answer_id: 1 };
    const [m, u, answer] = ingest('MESSAGE_POLL_VOTE_ADD', vote) as [Message, User, number];
    assert.equal(m, msg);
    assert.equal(u.id, ALICE);
    assert.equal(answer, 1);
    assert.equal(msg.poll?.results?.answer_counts[0]?.count, 1);
    ingest('MESSAGE_POLL_VOTE_REMOVE', vote);
    assert.equal(msg.poll?.results?.answer_counts[0]?.count, 0);
  });
});

describe('voice events', () => {
  it('VOICE_STATE_UPDATE joins, moves and leaves', () => {
    const { ingest, guild } = setup();
    const state = {
      guild_id: GUILD,
      channel_id: VOICE,
      user_id: ALICE,
      member: member(ALICE),
      session_id: 's',
      deaf: false,
      mute: false,
      self_deaf: false,
      self_mute: false,
      self_video: false,
      suppress: false,
      request_to_speak_timestamp: null,
    };
    const [g, u, joined, none] = ingest('VOICE_STATE_UPDATE', state) as [Guild, User, unknown, unknown];
    assert.equal(g, guild);
    assert.equal(u.id, ALICE);
    assert.equal((joined as { channel_id: string }).channel_id, VOICE);
    assert.equal(none, undefined);
    assert.equal(guild.voiceStates.get(ALICE), joined);
    const [, , left, old] = ingest('VOICE_STATE_UPDATE', { ...state, channel_id: null }) as [
      Guild,
      User,
      unknown,
      unknown,
    ];
    assert.equal(left, undefined);
    assert.equal(old, joined);
    assert.equal(guild.voiceStates.size, 0);
  });

  it('VOICE_CHANNEL_EFFECT_SEND', () => {
    const { ingest, guild } = setup();
    const data = { channel_id: VOICE, guild_id: GUILD, user_id: ALICE, emoji: null };
    const [channel, u, effect] = ingest('VOICE_CHANNEL_EFFECT_SEND', data) as [Channel, User, unknown];
    assert.equal(channel, guild.channels.get(VOICE));
    assert.equal(u.id, ALICE);
    assert.equal(effect, data);
  });
});
