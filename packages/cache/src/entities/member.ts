import type { Snowflake } from '@kokoro/common';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { FieldSpec } from '../patch.js';
import { EMPTY, parseTimestamp } from '../util.js';
import type { EntityRef } from './refs.js';

declare module './refs.js' {
  interface EntityRefs {
    GuildMember: GuildMember;
  }
}
type Guild = EntityRef<'Guild'>;
type Role = EntityRef<'Role'>;
type User = EntityRef<'User'>;

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
  /** Roles (without `@everyone`). Shared between members with the same roles: never mutate it. */
  declare roles: readonly Role[];
  /**
   * Internal: when the user joined, in whole seconds since the epoch (a small integer lives inside
   * the object; milliseconds would need a 16-byte heap number per member).
   */
  declare _joined: number | null;
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
    // Fields every member gets are set here so that they live inside the object.
    (this as { user: User }).user = user;
    (this as { guild: Guild }).guild = guild;
    this.roles = EMPTY;
    this._joined = null;
  }

  /**
   * When the user joined, in ms since the epoch, or `null` when unknown. Rounded down to the second:
   * Discord sends microseconds, and keeping whole seconds saves a 16-byte heap number per member
   * (measured, see the README); no use of a join time needs the sub-second part.
   */
  get joinedTimestamp(): number | null {
    return this._joined === null ? null : this._joined * 1000;
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
proto.premiumSinceTimestamp = null;
proto.deaf = false;
proto.mute = false;
proto.pending = false;
proto.flags = 0;
proto.communicationDisabledUntilTimestamp = null;

function toSeconds(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000);
}

/** A member payload, as GUILD_CREATE, GUILD_MEMBER_ADD/UPDATE and REST send it (user optional). */
export type MemberData = Partial<APIGuildMember> & { roles?: Snowflake[] };

/** Fields of a member payload (roles and user are handled by the cache). */
export const MEMBER_FIELDS: readonly FieldSpec<MemberData>[] = [
  { key: 'nick', read: (d) => d.nick },
  { key: 'avatar', read: (d) => d.avatar },
  { key: 'banner', read: (d) => (d as { banner?: string | null }).banner },
  {
    key: '_joined',
    read: (d) => (d.joined_at === undefined ? undefined : toSeconds(parseTimestamp(d.joined_at))),
    oldKey: 'joinedTimestamp',
    oldValue: (seconds) => (seconds === null ? null : (seconds as number) * 1000),
  },
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
