import type { Snowflake } from '@kokoro/common';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { FieldSpec } from '../patch.js';
import { EMPTY, parseTimestamp } from '../util.js';
import type { Guild } from './guild.js';
import type { Role } from './role.js';
import type { User } from './user.js';

/**
 * A user's membership of a guild. The user itself is shared ({@link User}); the member holds only what
 * is per guild. `roles` is an interned list: members with the same roles share one array.
 */
export class GuildMember {
  /** The member's user. */
  declare readonly user: User;
  /** The guild. */
  declare readonly guild: Guild;
  /** Guild nickname, or `null`. */
  declare nick: string | null;
  /** Guild avatar hash, or `null`. */
  declare avatar: string | null;
  /** Guild banner hash, or `null`. */
  declare banner: string | null;
  /** Roles (without @everyone). Shared between members with the same roles: never mutate it. */
  declare roles: readonly Role[];
  /** When the user joined (ms since the epoch), or `null` when unknown. */
  declare joinedTimestamp: number | null;
  /** When the member started boosting (ms), or `null`. */
  declare premiumSinceTimestamp: number | null;
  /** Server-deafened in voice. */
  declare deaf: boolean;
  /** Server-muted in voice. */
  declare mute: boolean;
  /** Has not yet passed membership screening. */
  declare pending: boolean;
  /** Member flags (`GuildMemberFlags`). */
  declare flags: number;
  /** End of the member's timeout (ms), or `null`. */
  declare communicationDisabledUntilTimestamp: number | null;

  constructor(user: User, guild: Guild) {
    (this as { user: User }).user = user;
    (this as { guild: Guild }).guild = guild;
  }

  /** The user's id. */
  get id(): Snowflake {
    return this.user.id;
  }

  /** Nickname, else the user's display name. */
  get displayName(): string {
    return this.nick ?? this.user.displayName;
  }

  /** Whether the member is timed out at `now` (ms, default the current time). */
  isTimedOut(now = Date.now()): boolean {
    const until = this.communicationDisabledUntilTimestamp;
    return until !== null && until > now;
  }

  /** A mention: `<@id>`. */
  toString(): string {
    return `<@${this.user.id}>`;
  }
}

const proto = GuildMember.prototype as unknown as Record<string, unknown>;
proto.nick = null;
proto.avatar = null;
proto.banner = null;
proto.roles = EMPTY;
proto.joinedTimestamp = null;
proto.premiumSinceTimestamp = null;
proto.deaf = false;
proto.mute = false;
proto.pending = false;
proto.flags = 0;
proto.communicationDisabledUntilTimestamp = null;

/** A member payload, as GUILD_CREATE, GUILD_MEMBER_ADD/UPDATE and REST send it (user optional). */
export type MemberData = Partial<APIGuildMember> & { roles?: Snowflake[] };

/** Fields of a member payload (roles and user are handled by the cache). */
export const MEMBER_FIELDS: readonly FieldSpec<MemberData>[] = [
  { key: 'nick', read: (d) => d.nick },
  { key: 'avatar', read: (d) => d.avatar },
  { key: 'banner', read: (d) => (d as { banner?: string | null }).banner },
  { key: 'joinedTimestamp', read: (d) => (d.joined_at === undefined ? undefined : parseTimestamp(d.joined_at)) },
  {
    key: 'premiumSinceTimestamp',
    read: (d) => (d.premium_since === undefined ? undefined : parseTimestamp(d.premium_since)),
  },
  { key: 'deaf', read: (d) => d.deaf },
  { key: 'mute', read: (d) => d.mute },
  { key: 'pending', read: (d) => d.pending },
  { key: 'flags', read: (d) => d.flags },
  {
    key: 'communicationDisabledUntilTimestamp',
    read: (d) =>
      d.communication_disabled_until === undefined ? undefined : parseTimestamp(d.communication_disabled_until),
  },
];

/** The member fields an update may change. */
export type MemberFields = Pick<
  GuildMember,
  | 'nick'
  | 'avatar'
  | 'banner'
  | 'roles'
  | 'joinedTimestamp'
  | 'premiumSinceTimestamp'
  | 'deaf'
  | 'mute'
  | 'pending'
  | 'flags'
  | 'communicationDisabledUntilTimestamp'
>;
