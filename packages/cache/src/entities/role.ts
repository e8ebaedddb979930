import type { Snowflake } from '@kokoro/common';
import type { APIRole, APIRoleTags } from 'discord-api-types/v10';
import { internName } from '../intern.js';
import type { FieldSpec } from '../patch.js';
import type { EntityRef } from './refs.js';

declare module './refs.js' {
  interface EntityRefs {
    Role: Role;
  }
}
type Guild = EntityRef<'Guild'>;

/** A guild role. `permissions` is a bigint bitset (`PermissionFlagsBits`). */
export class Role {
  /** The role's id (the `@everyone` role has the guild's id). */
  declare readonly id: Snowflake;
  /** The guild that has this role. */
  declare readonly guild: Guild;
  /** Role name. */
  declare name: string;
  /** Integer colour (0 = none). */
  declare color: number;
  /** Whether the role is shown separately in the member list. */
  declare hoist: boolean;
  /** Icon hash, or `null`. */
  declare icon: string | null;
  /** Unicode emoji, or `null`. */
  declare unicodeEmoji: string | null;
  /** Sort position. */
  declare position: number;
  /** Permission bits. */
  declare permissions: bigint;
  /** Whether an integration manages this role. */
  declare managed: boolean;
  /** Whether the role can be mentioned. */
  declare mentionable: boolean;
  /** Role flags (`RoleFlags`). */
  declare flags: number;
  /** Tags (bot, integration, premium subscriber...), or `null`. */
  declare tags: APIRoleTags | null;

  /** Internal: the role list `[this]` shared by members whose only role this is. */
  declare _alone: Role[] | undefined;

  constructor(id: Snowflake, guild: Guild) {
    (this as { id: Snowflake }).id = id;
    (this as { guild: Guild }).guild = guild;
    this._alone = undefined;
  }

  /** A mention: `<@&id>` (`@everyone` for the everyone role). */
  toString(): string {
    return this.id === this.guild.id ? '@everyone' : `<@&${this.id}>`;
  }
}

const proto = Role.prototype as unknown as Record<string, unknown>;
proto.name = '';
proto.color = 0;
proto.hoist = false;
proto.icon = null;
proto.unicodeEmoji = null;
proto.position = 0;
proto.permissions = 0n;
proto.managed = false;
proto.mentionable = false;
proto.flags = 0;
proto.tags = null;

/** Fields of a role payload. */
export const ROLE_FIELDS: readonly FieldSpec<APIRole>[] = [
  { key: 'name', read: (d) => internName(d.name) },
  { key: 'color', read: (d) => d.color },
  { key: 'hoist', read: (d) => d.hoist },
  { key: 'icon', read: (d) => d.icon },
  { key: 'unicodeEmoji', read: (d) => d.unicode_emoji },
  { key: 'position', read: (d) => d.position },
  { key: 'permissions', read: (d) => (d.permissions == null ? undefined : BigInt(d.permissions)) },
  { key: 'managed', read: (d) => d.managed },
  { key: 'mentionable', read: (d) => d.mentionable },
  { key: 'flags', read: (d) => d.flags },
  { key: 'tags', read: (d) => d.tags, compare: 'json' },
];

/** The role fields an update may change. */
export type RoleFields = Pick<
  Role,
  | 'name'
  | 'color'
  | 'hoist'
  | 'icon'
  | 'unicodeEmoji'
  | 'position'
  | 'permissions'
  | 'managed'
  | 'mentionable'
  | 'flags'
  | 'tags'
>;
