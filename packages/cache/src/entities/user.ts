import type { Snowflake } from '@kokoro/common';
import { snowflakeTimestamp } from '@kokoro/common';
import type {
  APIUser,
  GatewayActivity,
  GatewayPresenceClientStatus,
  PresenceUpdateReceiveStatus,
} from 'discord-api-types/v10';
import type { FieldSpec } from '../patch.js';
import { EMPTY, settleShape } from '../util.js';

declare module './refs.js' {
  interface EntityRefs {
    User: User;
  }
}

/** A user's presence: status, activities, status per platform. Frozen; shared between users when equal. */
export interface Presence {
  /** `online`, `idle`, `dnd` or `offline`. */
  readonly status: PresenceStatus;
  /** What the user is doing (playing, listening, a custom status…), as Discord sends it. */
  readonly activities: readonly GatewayActivity[];
  /** The status per platform (desktop, mobile, web); null when unknown. */
  readonly clientStatus: Readonly<GatewayPresenceClientStatus> | null;
}

/** The presence of a user nothing is known about. */
export const OFFLINE: Presence = Object.freeze({ status: 'offline', activities: EMPTY, clientStatus: null });

/** A user's presence status; `offline` until a presence is seen. */
export type PresenceStatus = PresenceUpdateReceiveStatus | 'offline';

/**
 * A Discord user, shared by every client and every guild that sees it.
 *
 * The presence (status, activities, client status) lives on the user: Discord sends the same presence
 * in every guild the user shares with the bot, so one copy is enough.
 * Fields with their usual value (`bot: false`, `status: 'offline'`...) live on the prototype.
 */
export class User {
  /** The user's id. */
  declare readonly id: Snowflake;
  /** The unique username (no discriminator for migrated users). */
  declare username: string;
  /** The display name, or `null`. */
  declare globalName: string | null;
  /** `'0'` for users with a unique username; the legacy 4-digit tag otherwise. */
  declare discriminator: string;
  /** The avatar hash, or `null`. */
  declare avatar: string | null;
  /** Whether the user is a bot. */
  declare bot: boolean;
  /** Whether the user is an official Discord system user. */
  declare system: boolean;
  /** Public flags (`UserFlags` bits). */
  declare publicFlags: number;
  /** The banner hash, when known (only sent by some REST endpoints). */
  declare banner: string | null;
  /** The accent colour, when known. */
  declare accentColor: number | null;
  /** Internal: the presence, shared by users with the same one when it has no activities. */
  declare _presence: Presence;

  /**
   * The user with this id in the thread's default cache, created bare when not cached yet, so it
   * can be used (as a REST target, a key) before any client has seen it.
   */
  declare static precreate: (id: Snowflake) => User;

  constructor(id: Snowflake) {
    // The fields nearly every user gets are set here, so that they live inside the object: added
    // later, they would go to a separate property store (measured: 24 bytes more per user).
    (this as { id: Snowflake }).id = id;
    this.username = '';
    this.globalName = null;
    this._presence = OFFLINE;
  }

  /** Presence status; `'offline'` when unknown. */
  get status(): PresenceStatus {
    return this._presence.status;
  }

  /** Current activities (empty when offline or unknown). */
  get activities(): readonly GatewayActivity[] {
    return this._presence.activities;
  }

  /** Status per platform, or `null` when unknown. */
  get clientStatus(): Readonly<GatewayPresenceClientStatus> | null {
    return this._presence.clientStatus;
  }

  /** Creation time (ms since the epoch), from the id. */
  get createdTimestamp(): number {
    return snowflakeTimestamp(this.id);
  }

  /** `username` for migrated users, `username#1234` for legacy ones. */
  get tag(): string {
    return this.discriminator === '0' ? this.username : `${this.username}#${this.discriminator}`;
  }

  /** The display name: global name, else username. */
  get displayName(): string {
    return this.globalName ?? this.username;
  }

  /** A mention: `<@id>`. */
  toString(): string {
    return `<@${this.id}>`;
  }
}

const proto = User.prototype as unknown as Record<string, unknown>;
proto.discriminator = '0';
proto.avatar = null;
proto.bot = false;
proto.system = false;
proto.publicFlags = 0;
proto.banner = null;
proto.accentColor = null;
settleShape(() => new User('0'));

/** Fields of a user payload (the presence is patched separately). */
export const USER_FIELDS: readonly FieldSpec<APIUser>[] = [
  { key: 'username', read: (d) => d.username },
  { key: 'globalName', read: (d) => d.global_name },
  { key: 'discriminator', read: (d) => d.discriminator },
  { key: 'avatar', read: (d) => d.avatar },
  { key: 'bot', read: (d) => d.bot },
  { key: 'system', read: (d) => d.system },
  { key: 'publicFlags', read: (d) => d.public_flags },
  { key: 'banner', read: (d) => d.banner },
  { key: 'accentColor', read: (d) => d.accent_color },
];

/** The user fields an update may change (for `userUpdate`'s old values). */
export type UserFields = Pick<
  User,
  'username' | 'globalName' | 'discriminator' | 'avatar' | 'bot' | 'system' | 'publicFlags' | 'banner' | 'accentColor'
>;

/** The presence fields a PRESENCE_UPDATE may change. */
export type PresenceFields = Presence;

/** The author of a message nothing is known about (a deleted message that was not cached): id `'0'`. */
export const UNKNOWN_USER: User = Object.freeze(new User('0')) as User;
