/**
 * Every dispatch event, produced by the fake Discord's simulated actions (its payloads, not ours),
 * applied to a cache with the default policy. For each event the test checks its *effect*: the
 * entity the event creates is in the cache with the payload's fields, the changed fields changed
 * (and the handler's `old` says what they were), the removed entity is gone, and the handler
 * arguments are the cached objects (the same guild, channel, user), not copies. Events that change
 * nothing in the cache (an interaction, typing, entitlements...) check that they resolve their
 * references to the cached entities and pass the payload through. The table is typed by the
 * dispatch events, so a new event needs its effect written here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALL_INTENTS, createEventScenario, EVENT_ACTIONS, type EventScenario, FakeDiscord } from '@kokoro/testing';
import type { GatewayDispatchEvents } from 'discord-api-types/v10';
import { Cache } from '../src/cache.js';
import type { Guild } from '../src/entities/guild.js';
import { eventNameOf } from '../src/events.js';
import { owner } from './fixtures.js';

/** What an effect check sees: the last payload and handler arguments of its event, and the cache. */
interface Seen {
  cache: Cache;
  guild: Guild;
  s: EventScenario;
  // biome-ignore lint/suspicious/noExplicitAny: payloads of every kind, read field by field
  d: any;
  // biome-ignore lint/suspicious/noExplicitAny: handler arguments of every kind
  args: any[];
  /** Every payload of the event produced by the action (some actions produce two). */
  // biome-ignore lint/suspicious/noExplicitAny: as `d`
  all: any[];
}

type Effect = (seen: Seen) => void;

/** The cached user of an id; fails when missing. */
function userOf(cache: Cache, id: string) {
  const user = cache.users.get(id);
  assert.ok(user, `user ${id} is cached`);
  return user;
}

/** A guild collection keyed by id holds the payload (create/update). */
const kept =
  (collection: 'scheduledEvents' | 'stageInstances' | 'autoModerationRules' | 'integrations' | 'soundboardSounds') =>
  ({ guild, d, args }: Seen) => {
    const id = collection === 'soundboardSounds' ? d.sound_id : d.id;
    assert.deepEqual(guild[collection].get(id), d, `${collection} holds ${id} as sent`);
    assert.equal(args[1], guild, 'the handler gets the cached guild');
  };

/** A guild collection no longer holds the removed entity; the handler gets what was cached. */
const removed =
  (collection: 'scheduledEvents' | 'stageInstances' | 'autoModerationRules' | 'integrations') =>
  ({ guild, d, args, all }: Seen) => {
    assert.equal(guild[collection].has(d.id), false, `${collection} no longer holds ${d.id}`);
    assert.equal(args[0].id, d.id);
    assert.equal(args[1], guild);
    assert.ok(all.length >= 1);
  };

/** The entity's update: the changed field holds the new value and `old` says what it was. */
const updatedField =
  (
    collection: 'scheduledEvents' | 'stageInstances' | 'autoModerationRules' | 'integrations',
    field: string,
    before: unknown,
  ) =>
  ({ guild, d, args }: Seen) => {
    assert.deepEqual(guild[collection].get(d.id), d);
    assert.deepEqual(args[2], { [field]: before }, `old ${field}`);
  };

/** A payload passed through as the first argument, the cache unchanged but for references. */
const passThrough = ({ d, args }: Seen) => assert.deepEqual(args[0], d);

const EFFECTS: Record<Exclude<GatewayDispatchEvents, 'READY' | 'RESUMED'>, Effect> = {
  APPLICATION_COMMAND_PERMISSIONS_UPDATE: passThrough,
  AUTO_MODERATION_ACTION_EXECUTION: ({ d, args, guild, s }) => {
    assert.deepEqual(args[0], d);
    assert.equal(args[1], guild);
    assert.equal(d.user_id, s.user.id);
  },
  AUTO_MODERATION_RULE_CREATE: kept('autoModerationRules'),
  AUTO_MODERATION_RULE_DELETE: removed('autoModerationRules'),
  AUTO_MODERATION_RULE_UPDATE: updatedField('autoModerationRules', 'enabled', true),
  CHANNEL_CREATE: ({ cache, guild, d, args }) => {
    const channel = cache.channels.get(d.id);
    assert.ok(channel, 'the channel is cached');
    assert.equal(guild.channels.get(d.id), channel, "and in its guild's channels");
    assert.equal(channel.name, 'new');
    assert.equal(channel.guild, guild);
    assert.equal(args[0], channel);
  },
  CHANNEL_DELETE: ({ cache, guild, d, args }) => {
    assert.equal(cache.channels.has(d.id), false, 'the channel is gone');
    assert.equal(guild.channels.has(d.id), false, "and from its guild's channels");
    assert.equal(args[0].id, d.id);
    assert.equal(args[0].name, 'doomed', 'the handler gets the channel as it was');
  },
  CHANNEL_INFO: ({ guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.deepEqual(args[1], d);
  },
  CHANNEL_PINS_UPDATE: ({ cache, d, args, s }) => {
    const channel = cache.channels.get(s.channel.id);
    assert.ok(channel);
    assert.equal(channel.lastPinTimestamp, Date.parse(d.last_pin_timestamp), 'lastPinTimestamp set');
    assert.equal(args[0], channel);
    assert.equal(args[1], channel.lastPinTimestamp);
  },
  CHANNEL_UPDATE: ({ cache, args, s }) => {
    const channel = cache.channels.get(s.channel.id);
    assert.equal(channel?.topic, 'new topic', 'the topic changed');
    assert.equal(args[0], channel);
    assert.equal(args[1]?.topic ?? null, null, 'old topic: none');
  },
  ENTITLEMENT_CREATE: passThrough,
  ENTITLEMENT_DELETE: passThrough,
  ENTITLEMENT_UPDATE: ({ d, args }) => {
    assert.deepEqual(args[0], d);
    assert.equal(d.ends_at, new Date(0).toISOString());
  },
  GUILD_AUDIT_LOG_ENTRY_CREATE: ({ d, args, guild }) => {
    const { guild_id: _guildId, ...entry } = d;
    assert.deepEqual(args[0], entry, 'the entry, its guild given as the cached guild');
    assert.equal(args[1], guild);
  },
  GUILD_BAN_ADD: ({ cache, guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.equal(args[1], userOf(cache, d.user.id), 'the banned user, cached');
    assert.equal(guild.members.has(d.user.id), false, 'not a member');
  },
  GUILD_BAN_REMOVE: ({ cache, guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.equal(args[1], userOf(cache, d.user.id));
  },
  GUILD_CREATE: ({ cache, d, args, s }) => {
    const guild = cache.guilds.get(d.id);
    assert.ok(guild, 'the new guild is cached');
    assert.equal(guild.name, 'Another');
    assert.ok(guild.members.has(s.user.id) && guild.members.has(s.bot.id), 'with its members');
    assert.equal(args[0], guild);
  },
  GUILD_DELETE: ({ cache, d, args }) => {
    assert.equal(cache.guilds.has(d.id), false, 'the guild the bot left is gone');
    assert.equal(args[0].id, d.id);
    assert.equal(args[0].name, 'Temporary', 'the handler gets the guild as it was');
    assert.equal(args[1], false, 'left, not unavailable');
  },
  GUILD_EMOJIS_UPDATE: ({ guild, args }) => {
    const smile = [...guild.emojis.values()].find((emoji) => emoji.name === 'smile');
    assert.ok(smile, 'the new emoji is cached');
    assert.equal(args[0], guild);
    assert.deepEqual(
      args[1].created.map((emoji: { name: string }) => emoji.name),
      ['smile'],
    );
    assert.equal(args[1].deleted.length, 0);
  },
  GUILD_INTEGRATIONS_UPDATE: ({ guild, args }) => assert.equal(args[0], guild),
  GUILD_MEMBER_ADD: ({ cache, guild, d, args }) => {
    const member = guild.members.get(d.user.id);
    assert.ok(member, 'the member is cached');
    assert.equal(member.user, userOf(cache, d.user.id));
    assert.equal(member.user.username, 'newcomer');
    assert.equal(args[0], member);
  },
  GUILD_MEMBERS_CHUNK: ({ guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.ok(d.members.length > 0);
    for (const member of d.members) assert.ok(guild.members.has(member.user.id), `member ${member.user.id} cached`);
    assert.deepEqual(
      args[1].map((member: { id: string }) => member.id).sort(),
      d.members.map((member: { user: { id: string } }) => member.user.id).sort(),
    );
  },
  GUILD_MEMBER_REMOVE: ({ guild, d, args }) => {
    assert.equal(guild.members.has(d.user.id), false, 'the member is gone');
    assert.equal(args[0], guild);
    assert.equal(args[1].id, d.user.id);
    assert.equal(args[2]?.user.id, d.user.id, 'the handler gets the member as it was');
  },
  GUILD_MEMBER_UPDATE: ({ guild, args, s }) => {
    const member = guild.members.get(s.user.id);
    assert.equal(member?.nick, 'Actor', 'the nick changed');
    assert.equal(args[0], member);
    assert.deepEqual(args[1], { nick: null }, 'old nick: none');
  },
  GUILD_ROLE_CREATE: ({ guild, d, args }) => {
    const role = guild.roles.get(d.role.id);
    assert.ok(role, 'the role is cached');
    assert.equal(role.name, 'fresh');
    assert.equal(args[0], role);
  },
  GUILD_ROLE_DELETE: ({ guild, d, args }) => {
    assert.equal(guild.roles.has(d.role_id), false, 'the role is gone');
    assert.equal(args[0].id, d.role_id);
    assert.equal(args[0].name, 'gone');
  },
  GUILD_ROLE_UPDATE: ({ guild, d, args }) => {
    const role = guild.roles.get(d.role.id);
    assert.equal(role?.name, 'b', 'the name changed');
    assert.equal(args[0], role);
    assert.deepEqual(args[1], { name: 'a' });
  },
  GUILD_SCHEDULED_EVENT_CREATE: kept('scheduledEvents'),
  GUILD_SCHEDULED_EVENT_DELETE: removed('scheduledEvents'),
  GUILD_SCHEDULED_EVENT_UPDATE: ({ guild, d, args }) => {
    assert.equal(guild.scheduledEvents.get(d.id)?.status, 2, 'the status changed');
    assert.equal(args[2]?.status, 1, 'old status: scheduled');
  },
  GUILD_SCHEDULED_EVENT_USER_ADD: ({ cache, guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.equal(args[1], d.guild_scheduled_event_id);
    assert.equal(args[2], userOf(cache, d.user_id));
  },
  GUILD_SCHEDULED_EVENT_USER_REMOVE: ({ cache, guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.equal(args[1], d.guild_scheduled_event_id);
    assert.equal(args[2], userOf(cache, d.user_id));
  },
  GUILD_SOUNDBOARD_SOUND_CREATE: ({ guild, d, args }) => {
    assert.equal(guild.soundboardSounds.get(d.sound_id)?.name, 'airhorn', 'the sound is cached');
    assert.equal(args[1], guild);
  },
  GUILD_SOUNDBOARD_SOUND_DELETE: ({ guild, d, args }) => {
    assert.equal(guild.soundboardSounds.has(d.sound_id), false, 'the sound is gone');
    assert.equal(args[0]?.name, 'boo', 'the handler gets the sound as it was');
    assert.equal(args[2], d.sound_id);
  },
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: ({ guild, d, args }) => {
    assert.equal(args[0], guild);
    for (const sound of d.soundboard_sounds) assert.ok(guild.soundboardSounds.has(sound.sound_id));
  },
  GUILD_SOUNDBOARD_SOUND_UPDATE: ({ guild, d, args }) => {
    assert.equal(guild.soundboardSounds.get(d.sound_id)?.volume, 0.5, 'the volume changed');
    assert.equal(args[1], guild);
    assert.ok(args[2] && 'volume' in args[2], 'old volume reported');
  },
  GUILD_STICKERS_UPDATE: ({ guild, args }) => {
    assert.ok(
      [...guild.stickers.values()].some((sticker) => sticker.name === 'wave'),
      'the sticker is cached',
    );
    assert.deepEqual(
      args[1].created.map((sticker: { name: string }) => sticker.name),
      ['wave'],
    );
  },
  GUILD_UPDATE: ({ guild, args }) => {
    assert.equal(guild.description, 'A place', 'the description changed');
    assert.equal(args[0], guild);
    assert.deepEqual(args[1], { description: null });
  },
  INTEGRATION_CREATE: kept('integrations'),
  INTEGRATION_DELETE: ({ guild, d, args }) => {
    assert.equal(guild.integrations.has(d.id), false, 'the integration is gone');
    assert.equal(args[0]?.id, d.id, 'the handler gets the integration as it was');
    assert.equal(args[1], guild);
  },
  INTEGRATION_UPDATE: updatedField('integrations', 'enabled', true),
  INTERACTION_CREATE: ({ d, args, s }) => {
    assert.deepEqual(args[0], d);
    assert.equal(d.data.name, 'ping');
    assert.equal(d.member?.user.id ?? d.user?.id, s.user.id);
  },
  INVITE_CREATE: ({ cache, guild, d, args, s }) => {
    assert.deepEqual(guild.invites.get(d.code), d, 'the invite is kept with its guild');
    assert.equal(args[1], cache.channels.get(s.channel.id));
  },
  INVITE_DELETE: ({ guild, d, args }) => {
    assert.equal(guild.invites.has(d.code), false, 'the invite is gone');
    assert.equal(args[2]?.code, d.code, 'the handler gets the invite as it was');
  },
  MESSAGE_CREATE: ({ cache, d, args, s }) => {
    const channel = cache.channels.get(s.channel.id);
    const message = channel?.messages?.get(d.id);
    assert.ok(message, "the message is in its channel's cache");
    assert.equal(message.content, 'hello');
    assert.equal(message.author, userOf(cache, s.user.id));
    assert.equal(channel?.lastMessageId, d.id, 'the channel knows its last message');
    assert.equal(args[0], message);
  },
  MESSAGE_DELETE: ({ cache, d, args, s }) => {
    assert.equal(cache.channels.get(s.channel.id)?.messages?.has(d.id), false, 'the message is gone');
    assert.equal(args[0].id, d.id);
    assert.equal(args[0].content, 'hello', 'the handler gets the message as it was');
  },
  MESSAGE_DELETE_BULK: ({ cache, d, args, s }) => {
    const channel = cache.channels.get(s.channel.id);
    for (const id of d.ids) assert.equal(channel?.messages?.has(id), false, `message ${id} is gone`);
    assert.equal(args[0], channel);
    assert.deepEqual(args[1].map((message: { id: string }) => message.id).sort(), [...d.ids].sort());
  },
  MESSAGE_POLL_VOTE_ADD: ({ cache, d, args }) => {
    assert.equal(args[0].id, d.message_id);
    assert.equal(args[1], userOf(cache, d.user_id));
    assert.equal(args[2], 1);
  },
  MESSAGE_POLL_VOTE_REMOVE: ({ cache, d, args }) => {
    assert.equal(args[0].id, d.message_id);
    assert.equal(args[1], userOf(cache, d.user_id));
    assert.equal(args[2], 1);
  },
  MESSAGE_REACTION_ADD: ({ cache, d, args, s }) => {
    const message = cache.channels.get(s.channel.id)?.messages?.get(d.message_id);
    assert.ok(message);
    assert.deepEqual(
      message.reactions.map((reaction) => [reaction.emoji.name, reaction.count]),
      [['👍', 1]],
      'the reaction is counted on the message',
    );
    assert.equal(args[0], message);
    assert.equal(args[1], userOf(cache, s.user.id));
  },
  MESSAGE_REACTION_REMOVE: ({ cache, d, args }) => {
    const message = args[0];
    assert.equal(message.id, d.message_id);
    assert.equal(message.reactions.length, 0, 'the only reaction is gone');
    assert.equal(args[1], userOf(cache, d.user_id));
  },
  MESSAGE_REACTION_REMOVE_ALL: ({ d, args }) => {
    assert.equal(args[0].id, d.message_id);
    assert.equal(args[0].reactions.length, 0, 'no reaction left');
    assert.deepEqual(
      args[1].map((reaction: { emoji: { name: string } }) => reaction.emoji.name),
      ['👍'],
      'the handler gets the reactions that were there',
    );
  },
  MESSAGE_REACTION_REMOVE_EMOJI: ({ d, args }) => {
    assert.equal(args[0].id, d.message_id);
    assert.equal(args[0].reactions.length, 0, "the emoji's reaction is gone");
    assert.equal(args[1]?.count, 1, 'the handler gets the reaction as it was');
  },
  MESSAGE_UPDATE: ({ cache, d, args, s }) => {
    const message = cache.channels.get(s.channel.id)?.messages?.get(d.id);
    assert.equal(message?.content, 'edited', 'the content changed');
    assert.equal(args[0], message);
    assert.equal(args[1]?.content, 'hello', 'old content');
  },
  PRESENCE_UPDATE: ({ cache, guild, args, s }) => {
    const user = userOf(cache, s.user.id);
    assert.equal(user.status, 'online', 'the status changed');
    assert.equal(args[0], user);
    assert.equal(args[1]?.status, 'offline', 'old status');
    assert.equal(args[2], guild);
  },
  RATE_LIMITED: ({ d, args }) => {
    assert.deepEqual(args[0], d);
    assert.equal(d.retry_after, 12.5);
  },
  SOUNDBOARD_SOUNDS: ({ guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.deepEqual(args[1], d.soundboard_sounds);
  },
  STAGE_INSTANCE_CREATE: kept('stageInstances'),
  STAGE_INSTANCE_DELETE: removed('stageInstances'),
  STAGE_INSTANCE_UPDATE: updatedField('stageInstances', 'topic', 'talk'),
  SUBSCRIPTION_CREATE: passThrough,
  SUBSCRIPTION_DELETE: passThrough,
  SUBSCRIPTION_UPDATE: ({ d, args }) => {
    assert.deepEqual(args[0], d);
    assert.equal(d.status, 1);
  },
  THREAD_CREATE: ({ cache, guild, d, args, s }) => {
    const thread = cache.channels.get(d.id);
    assert.ok(thread?.isThread, 'the thread is cached');
    assert.equal(thread.name, 'thread');
    assert.equal(thread.parent, cache.channels.get(s.channel.id));
    assert.equal(guild.channels.get(d.id), thread);
    assert.equal(args[0], thread);
  },
  THREAD_DELETE: ({ cache, guild, d, args }) => {
    assert.equal(cache.channels.has(d.id), false, 'the thread is gone');
    assert.equal(guild.channels.has(d.id), false);
    assert.equal(args[0].name, 'doomed thread', 'the handler gets the thread as it was');
  },
  THREAD_LIST_SYNC: ({ cache, guild, d, args }) => {
    assert.equal(args[0], guild);
    assert.ok(d.threads.length > 0);
    for (const thread of d.threads) assert.ok(cache.channels.get(thread.id)?.isThread, `thread ${thread.id} cached`);
    assert.ok(args[1].some((thread: { name: string }) => thread.name === 'listed'));
  },
  THREAD_MEMBERS_UPDATE: ({ cache, d, args }) => {
    const thread = cache.channels.get(d.id);
    assert.equal(args[0], thread);
    for (const added of d.added_members ?? []) {
      assert.ok(thread?.threadMembers?.has(added.user_id), `thread member ${added.user_id} cached`);
    }
    assert.deepEqual(
      args[1].map((member: { userId: string }) => member.userId),
      (d.added_members ?? []).map((member: { user_id: string }) => member.user_id),
    );
  },
  THREAD_MEMBER_UPDATE: ({ cache, d, args, s }) => {
    const thread = cache.channels.get(d.id);
    assert.equal(args[0], thread);
    assert.equal(args[1].userId, s.bot.id, "the bot's own thread member");
    assert.equal(thread?.threadMembers?.get(s.bot.id), args[1], 'kept on the thread');
  },
  THREAD_UPDATE: ({ cache, d, args }) => {
    const thread = cache.channels.get(d.id);
    assert.equal(thread?.name, 'renamed', 'the name changed');
    assert.equal(args[0], thread);
    assert.equal(args[1]?.name, 'old');
  },
  TYPING_START: ({ cache, args, s }) => {
    assert.equal(args[0], cache.channels.get(s.channel.id), 'the cached channel');
    assert.equal(args[1], userOf(cache, s.user.id), 'the cached user');
  },
  USER_UPDATE: ({ cache, args, s }) => {
    const user = userOf(cache, s.bot.id);
    assert.equal(user.avatar, 'a'.repeat(32), "the bot's avatar changed");
    assert.equal(args[0], user);
    assert.deepEqual(args[1], { avatar: null });
  },
  VOICE_CHANNEL_EFFECT_SEND: ({ cache, d, args, s }) => {
    assert.equal(args[0], cache.channels.get(s.voice.id));
    assert.equal(args[1], userOf(cache, s.user.id));
    assert.deepEqual(args[2], d);
  },
  VOICE_CHANNEL_START_TIME_UPDATE: ({ cache, d, args, s }) => {
    assert.equal(args[0], cache.channels.get(s.voice.id));
    assert.equal(args[1], d.voice_start_time * 1000, 'in ms, like every time the cache gives');
  },
  VOICE_CHANNEL_STATUS_UPDATE: ({ cache, args, s }) => {
    const channel = cache.channels.get(s.voice.id);
    assert.equal(channel?.status, 'chilling', 'the status is kept on the channel');
    assert.equal(args[0], channel);
    assert.equal(args[1], 'chilling');
    assert.equal(args[2] ?? null, null, 'no status before');
  },
  VOICE_SERVER_UPDATE: passThrough,
  VOICE_STATE_UPDATE: ({ cache, guild, args, s }) => {
    const state = guild.voiceStates.get(s.user.id);
    assert.equal(state?.channel_id, s.voice.id, 'the voice state is cached');
    assert.equal(args[0], guild);
    assert.equal(args[1], userOf(cache, s.user.id));
    assert.equal(args[2], state);
    assert.equal(args[3], undefined, 'no state before');
  },
  WEBHOOKS_UPDATE: ({ cache, args, s }) => assert.equal(args[0], cache.channels.get(s.channel.id)),
};

describe('every dispatch event from the fake Discord: its effect on the cache', () => {
  let fake: FakeDiscord;
  let scenario: EventScenario;
  const cache = new Cache();
  const bot = owner('bot');
  const seen = new Map<string, { payloads: unknown[]; calls: unknown[][] }>();

  before(async () => {
    fake = await FakeDiscord.start();
    scenario = createEventScenario(fake);
    const { world } = fake;
    cache.ingest(
      bot,
      0,
      'READY',
      {
        v: 10,
        user: scenario.bot.user,
        guilds: [{ id: scenario.guild.id, unavailable: true }],
        session_id: 's',
        resume_gateway_url: fake.gatewayUrl,
        shard: [0, 1],
        application: { id: scenario.bot.applicationId, flags: 0 },
      },
      true,
    );
    cache.ingest(
      bot,
      0,
      'GUILD_CREATE',
      world.guildCreatePayload(scenario.guild.id, scenario.bot.id, { intents: ALL_INTENTS }),
      true,
    );
    world.onDispatch((dispatch) => {
      if (dispatch.recipients && !dispatch.recipients.includes(scenario.bot.id)) return;
      // As on the wire: a fresh copy of each payload (the fake's own objects live on in its world).
      const d = JSON.parse(JSON.stringify(dispatch.d));
      const args = cache.ingest(bot, 0, dispatch.t, d, true);
      const entry = seen.get(dispatch.t) ?? { payloads: [], calls: [] };
      entry.payloads.push(dispatch.d);
      if (args) entry.calls.push(args);
      seen.set(dispatch.t, entry);
    });
  });

  after(async () => {
    await fake.close();
  });

  it('the table has an effect for every event an action produces', () => {
    const produced = Object.entries(EVENT_ACTIONS)
      .filter(([, action]) => typeof action === 'function')
      .map(([t]) => t)
      .sort();
    assert.deepEqual(Object.keys(EFFECTS).sort(), produced);
  });

  for (const [t, effect] of Object.entries(EFFECTS)) {
    const action = EVENT_ACTIONS[t as GatewayDispatchEvents];
    if (typeof action !== 'function') continue;
    it(`${t} -> ${eventNameOf(t)}`, async () => {
      seen.delete(t);
      await action(scenario);
      const entry = seen.get(t);
      assert.ok(entry && entry.calls.length > 0, `${t} was dispatched and gave handler arguments`);
      const guild = cache.guilds.get(scenario.guild.id);
      assert.ok(guild, 'the scenario guild is cached');
      effect({
        cache,
        guild,
        s: scenario,
        d: entry.payloads.at(-1),
        args: entry.calls.at(-1) as unknown[],
        all: entry.payloads,
      });
    });
  }
});
