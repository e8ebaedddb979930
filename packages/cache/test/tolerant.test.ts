// Payloads with `null` where the docs say a list or an optional field are read like absent fields;
// a payload that really cannot be read raises a typed error naming the entity and the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '../src/cache.js';
import type { Channel } from '../src/entities/channel.js';
import { Guild } from '../src/entities/guild.js';
import { Message } from '../src/entities/message.js';
import type { Role } from '../src/entities/role.js';
import { User } from '../src/entities/user.js';
import { CachePayloadError, PayloadError } from '../src/errors.js';
import { GUILD, guildCreate, member, message, messageId, oneClientCache, ROLE_MOD, TEXT, user } from './fixtures.js';

const BOT = '900000000000000001';

/** `payload` with every key but `keep` set to null. */
function allNull(payload: Record<string, unknown>, keep: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, keep.includes(key) ? value : null]));
}

/** The fields of `entity` whose default (on its prototype) is not null, with their defaults. */
function nonNullDefaults(entity: object): [string, unknown][] {
  const proto = Object.getPrototypeOf(entity) as Record<string, unknown>;
  return Object.keys(proto)
    .filter((key) => !key.startsWith('_') && proto[key] !== null && proto[key] !== undefined)
    .map((key) => [key, proto[key]]);
}

describe('null means absent', () => {
  it('a message whose every field is null is built with its defaults (REST and MESSAGE_CREATE)', () => {
    const { cache, ingest } = oneClientCache(BOT);
    const full = message(messageId(), 'hi', {
      components: [],
      reactions: [],
      mention_channels: [],
      sticker_items: [],
      message_snapshots: [],
      nonce: '1',
      webhook_id: '1',
      position: 1,
    });
    const built = cache.message(allNull(full, ['id', 'channel_id', 'guild_id']) as never);
    assert.ok(built instanceof Message);
    for (const [key, value] of nonNullDefaults(built)) {
      assert.deepEqual((built as unknown as Record<string, unknown>)[key], value, `message.${key}`);
    }
    const [created] = ingest('MESSAGE_CREATE', {
      ...message(messageId(), 'hello'),
      components: null,
      tts: null,
      mentions: null,
      attachments: null,
      embeds: null,
      reactions: null,
    }) as [Message];
    assert.equal(created.content, 'hello');
    assert.equal(created.tts, false);
    assert.deepEqual([created.components, created.mentions, created.attachments, created.embeds], [[], [], [], []]);
  });

  it('an update with null keeps what the entity had; a nullable field still takes null', () => {
    const { cache } = oneClientCache(BOT);
    const id = messageId();
    cache.message(
      message(id, 'hi', { embeds: [{ title: 't' }], edited_timestamp: '2024-01-02T00:00:00.000Z' }) as never,
    );
    const updated = cache.message({ id, channel_id: TEXT, embeds: null, edited_timestamp: null } as never);
    assert.deepEqual(updated.embeds, [{ title: 't' }]);
    assert.equal(updated.editedTimestamp, null);
  });

  it('a guild, its channels, roles and members, and users with null fields', () => {
    const cache = new Cache();
    const data = {
      ...guildCreate(),
      features: null,
      roles: [{ id: ROLE_MOD, name: 'mod', permissions: null, hoist: null, position: null, managed: null }],
      channels: [{ id: TEXT, type: 0, name: 'general', permission_overwrites: null, nsfw: null, position: null }],
      members: [
        member(BOT, [], { roles: null, deaf: null, user: user(BOT, 'bot', { bot: null, public_flags: null }) }),
      ],
      emojis: null,
      stickers: null,
      threads: null,
      presences: null,
      voice_states: null,
    };
    const guild = cache.guild(data as never);
    assert.ok(guild instanceof Guild);
    assert.deepEqual(guild.features, []);
    const role = guild.roles.get(ROLE_MOD) as Role;
    assert.equal(role.permissions, 0n);
    assert.equal(role.hoist, false);
    const channel = guild.channels.get(TEXT) as Channel;
    assert.deepEqual(channel.permissionOverwrites, []);
    assert.equal(channel.nsfw, false);
    const self = guild.members.get(BOT);
    assert.deepEqual(self?.roles, []);
    assert.equal(self?.deaf, false);
    assert.equal(self?.user.bot, false);
    const dm = cache.channel({ id: '200000000000000099', type: 1, recipients: null } as never);
    assert.deepEqual(dm.recipients, []);
  });

  it('a THREAD_LIST_SYNC whose members are null', () => {
    const { ingest } = oneClientCache(BOT);
    const thread = { id: '200000000000000077', type: 11, parent_id: TEXT, name: 't', guild_id: GUILD };
    const [, threads] = ingest('THREAD_LIST_SYNC', { guild_id: GUILD, threads: [thread], members: null }) as [
      Guild,
      Channel[],
    ];
    assert.equal(threads[0]?.id, thread.id);
  });

  it('every entity built from an all-null payload keeps every non-null default', () => {
    const cache = new Cache();
    const guild = cache.guild(allNull(guildCreate() as never, ['id']) as never);
    for (const [key, value] of nonNullDefaults(guild)) {
      if (key === 'unavailable') continue; // a guild payload without `unavailable: true` is available
      assert.deepEqual((guild as unknown as Record<string, unknown>)[key], value, `guild.${key}`);
    }
    const people = cache.user(allNull(user('900000000000000005', 'x', { bot: true }), ['id']) as never);
    assert.ok(people instanceof User);
    for (const [key, value] of nonNullDefaults(people)) {
      assert.deepEqual((people as unknown as Record<string, unknown>)[key], value, `user.${key}`);
    }
    const role = cache.role(guild, allNull({ id: ROLE_MOD, name: 'm', permissions: '8', color: 1 }, ['id']) as never);
    for (const [key, value] of nonNullDefaults(role)) {
      assert.deepEqual((role as unknown as Record<string, unknown>)[key], value, `role.${key}`);
    }
  });
});

describe('an unusable payload is a typed error naming the entity and the field', () => {
  it('from a builder: PayloadError', () => {
    const { cache } = oneClientCache(BOT);
    const cases: [Record<string, unknown>, string][] = [
      [{ mentions: 'nobody' }, 'mentions'],
      [{ attachments: 'none' }, 'attachments'],
      [{ reactions: 5 }, 'reactions'],
    ];
    for (const [extra, field] of cases) {
      assert.throws(
        () => cache.message(message(messageId(), 'x', extra) as never),
        (error: unknown) => {
          assert.ok(error instanceof PayloadError, String(error));
          assert.equal(error.entity, 'Message');
          assert.equal(error.field, field);
          assert.match(error.message, new RegExp(`Message\\.${field}`));
          return true;
        },
      );
    }
    const guild = cache.guilds.get(GUILD) as Guild;
    assert.throws(
      () => cache.role(guild, { id: ROLE_MOD, name: 'mod', permissions: 'lots' } as never),
      (error: unknown) => error instanceof PayloadError && error.entity === 'Role' && error.field === 'permissions',
    );
  });

  it('from a dispatch: CachePayloadError naming the event, the entity and the field', () => {
    const { ingest } = oneClientCache(BOT);
    assert.throws(
      () => ingest('MESSAGE_CREATE', message(messageId(), 'x', { embeds: 'many' })),
      (error: unknown) => {
        assert.ok(error instanceof CachePayloadError, String(error));
        assert.equal(error.eventName, 'MESSAGE_CREATE');
        assert.equal(error.entity, 'Message');
        assert.equal(error.field, 'embeds');
        assert.match(error.message, /MESSAGE_CREATE.*Message\.embeds/);
        return true;
      },
    );
  });
});
