import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { Cache } from '../src/cache.js';
import type { Channel } from '../src/entities/channel.js';
import type { Guild } from '../src/entities/guild.js';
import type { GuildMember } from '../src/entities/member.js';
import { ALL_PERMISSIONS, computeBasePermissions } from '../src/permissions.js';
import { GUILD, guildCreate, member, owner, ROLE_MOD, ROLE_MUTED, TEXT } from './fixtures.js';

const OWNER = '900000000000000001';
const ALICE = '900000000000000002';
const NOW = 1_700_000_000_000;
// @everyone has VIEW_CHANNEL (1024) | SEND_MESSAGES (2048) | ... see fixtures: 1049600 = VIEW_CHANNEL | CONNECT
const EVERYONE = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AttachFiles;

function setup(overwrites: unknown[], roles: string[] = [], extra: Record<string, unknown> = {}, adminRole = false) {
  const cache = new Cache();
  const payload = guildCreate(GUILD, { members: [member(OWNER), member(ALICE, roles, extra)] });
  payload.roles[0] = { ...payload.roles[0], permissions: EVERYONE.toString() } as never;
  if (adminRole) payload.roles[1] = { ...payload.roles[1], permissions: P.Administrator.toString() } as never;
  payload.channels[1] = { ...payload.channels[1], permission_overwrites: overwrites } as never;
  cache.ingest(owner('a'), 0, 'GUILD_CREATE', payload, true);
  const guild = cache.guilds.get(GUILD) as Guild;
  return { cache, guild, channel: guild.channels.get(TEXT) as Channel, alice: guild.members.get(ALICE) as GuildMember };
}

const ow = (id: string, type: 0 | 1, allow: bigint, deny: bigint) => ({
  id,
  type,
  allow: allow.toString(),
  deny: deny.toString(),
});

describe('permissionsFor', () => {
  it('the guild owner has everything', () => {
    const { guild, channel } = setup([ow(GUILD, 0, 0n, P.ViewChannel)]);
    assert.equal(channel.permissionsFor(guild.members.get(OWNER) as GuildMember, NOW), ALL_PERMISSIONS);
  });

  it('base = @everyone | roles', () => {
    const { guild, alice } = setup([], [ROLE_MOD]);
    assert.equal(computeBasePermissions(guild, alice), EVERYONE | P.ManageMessages);
  });

  it('administrator gives everything and ignores overwrites', () => {
    const { channel, alice } = setup([ow(GUILD, 0, 0n, P.ViewChannel)], [ROLE_MOD], {}, true);
    assert.equal(channel.permissionsFor(alice, NOW), ALL_PERMISSIONS);
  });

  it('overwrites apply @everyone, then roles, then the member', () => {
    const everyoneDeniesSend = ow(GUILD, 0, 0n, P.SendMessages);
    const modAllowsSend = ow(ROLE_MOD, 0, P.SendMessages, 0n);
    const mutedDeniesAttach = ow(ROLE_MUTED, 0, 0n, P.AttachFiles);
    {
      const { channel, alice } = setup([modAllowsSend, everyoneDeniesSend], [ROLE_MOD]);
      assert.ok(
        channel.permissionsFor(alice, NOW) & P.SendMessages,
        'a role allow beats the @everyone deny, whatever the order',
      );
    }
    {
      const { channel, alice } = setup(
        [everyoneDeniesSend, modAllowsSend, ow(ALICE, 1, 0n, P.SendMessages)],
        [ROLE_MOD],
      );
      assert.equal(channel.permissionsFor(alice, NOW) & P.SendMessages, 0n, 'the member overwrite comes last');
    }
    {
      const { channel, alice } = setup([mutedDeniesAttach, ow(ROLE_MOD, 0, P.AttachFiles, 0n)], [ROLE_MOD, ROLE_MUTED]);
      assert.ok(channel.permissionsFor(alice, NOW) & P.AttachFiles, 'role allows win over role denies');
    }
  });

  it('an @everyone allow adds to the base; a member allow beats a role deny; a role deny beats @everyone allow', () => {
    {
      const { channel, alice } = setup([ow(GUILD, 0, P.ManageMessages, 0n)]);
      assert.ok(channel.permissionsFor(alice, NOW) & P.ManageMessages);
    }
    {
      const { channel, alice } = setup(
        [ow(ROLE_MOD, 0, 0n, P.AttachFiles), ow(ALICE, 1, P.AttachFiles, 0n)],
        [ROLE_MOD],
      );
      assert.ok(channel.permissionsFor(alice, NOW) & P.AttachFiles);
    }
    {
      const { channel, alice } = setup([ow(GUILD, 0, P.EmbedLinks, 0n), ow(ROLE_MOD, 0, 0n, P.EmbedLinks)], [ROLE_MOD]);
      assert.equal(channel.permissionsFor(alice, NOW) & P.EmbedLinks, 0n);
    }
    {
      const other = ow('300000000000000009', 0, 0n, P.ViewChannel);
      const { channel, alice } = setup([other, ow('900000000000000009', 1, 0n, P.ViewChannel)], [ROLE_MOD]);
      assert.ok(
        channel.permissionsFor(alice, NOW) & P.ViewChannel,
        "overwrites of other roles and members don't apply",
      );
    }
  });

  it('without VIEW_CHANNEL nothing; without SEND_MESSAGES no attach', () => {
    {
      const { channel, alice } = setup([ow(GUILD, 0, 0n, P.ViewChannel)]);
      assert.equal(channel.permissionsFor(alice, NOW), 0n);
    }
    {
      const { channel, alice } = setup([ow(GUILD, 0, 0n, P.SendMessages)]);
      const permissions = channel.permissionsFor(alice, NOW);
      assert.equal(permissions & P.AttachFiles, 0n);
      assert.ok(permissions & P.ViewChannel);
    }
  });

  it('a timed-out member keeps only view and read history', () => {
    const until = new Date(NOW + 60_000).toISOString();
    const { channel, alice } = setup([], [ROLE_MOD], { communication_disabled_until: until });
    assert.equal(channel.permissionsFor(alice, NOW), P.ViewChannel | P.ReadMessageHistory);
    assert.ok(channel.permissionsFor(alice, NOW + 120_000) & P.SendMessages, 'the timeout ended');
    const denied = setup([ow(GUILD, 0, 0n, P.ReadMessageHistory)], [], { communication_disabled_until: until });
    assert.equal(denied.channel.permissionsFor(denied.alice, NOW), P.ViewChannel, 'a timeout grants nothing');
    const admin = setup([], [ROLE_MOD], { communication_disabled_until: until }, true);
    assert.equal(admin.channel.permissionsFor(admin.alice, NOW), ALL_PERMISSIONS, 'administrators are not limited');
  });

  it("a thread uses its parent's overwrites", () => {
    const { cache, alice } = setup([ow(GUILD, 0, 0n, P.ViewChannel)]);
    const thread = cache.channel({ id: '230000000000000001', type: 11, guild_id: GUILD, parent_id: TEXT } as never);
    assert.equal(thread.permissionsFor(alice, NOW), 0n);
  });

  it('a DM gives 0n', () => {
    const { cache, alice } = setup([]);
    const dm = cache.channel({ id: '240000000000000001', type: 1 } as never);
    assert.equal(dm.permissionsFor(alice, NOW), 0n);
  });
});
