import type { Clock } from '@kokoro/common';
import type { KindSchema, MemberField, UserField } from './schema.js';

/**
 * What the cache keeps. Every kind is on by default except where Discord's volume makes a limit wise
 * (messages). Turning a kind off never stops its events: they are still delivered, built from the
 * payload, with `old` undefined.
 */
export interface CachePolicy {
  /** Messages kept per channel (oldest dropped first); 0 turns the message cache off. Default 100. */
  messages: number;
  /** Keep guild members. Default true. */
  members: boolean;
  /** Most members kept per guild (the bots' own members are always kept). Default Infinity. */
  membersPerGuild: number;
  /** Keep presences (status, activities) on users. Default true. */
  presences: boolean;
  /**
   * Most users holding a presence other than offline. Past it, a user who had none gets none (the
   * event still comes, `old` undefined); users going offline make room. Default Infinity.
   */
  maxPresences: number;
  /** Keep users that are no member of a cached guild (message authors, DM recipients). Default true. */
  users: boolean;
  /**
   * Most users in `cache.users`. Past it, a user seen outside a kept member (an author, a mention, a
   * reaction) is built for its event but not kept; kept members' users and the bots' own always are.
   * Default Infinity.
   */
  maxUsers: number;
  /** Keep voice states. Default true. */
  voiceStates: boolean;
  /** Keep emojis and stickers. Default true. */
  expressions: boolean;
  /** Keep scheduled events, stage instances, soundboard sounds, auto-moderation rules, integrations, invites. Default true. */
  guildExtras: boolean;
  /** Keep thread members. Default true. */
  threadMembers: boolean;
}

/** Sweepers: periodic clean-ups by age or by size. Off unless configured. */
export interface SweeperOptions {
  /** How often the sweepers run (ms). Default 60 000. */
  interval?: number;
  /** Drop cached messages not touched for this long (ms). */
  messageMaxAge?: number;
  /** Drop users no guild member, DM or owner refers to, beyond this many (in the table's order, not by age). */
  maxUnreferencedUsers?: number;
  /** Drop members (not the bots' own) beyond this many per guild (in the table's order, not by age). */
  maxMembersPerGuild?: number;
}

/** Options of a {@link Cache}. */
export interface CacheOptions extends Partial<Omit<CachePolicy, 'members' | 'users'>> {
  /**
   * Keep guild members: `true` (default), `false`, or the fields to keep
   * (`{ fields: ['roles'] }`; user, guild and id always). See schema.ts.
   */
  members?: KindSchema<MemberField>;
  /**
   * Keep users that are no member: `true` (default) or `false`; or `{ fields: [...] }`: keep them,
   * with only these fields (`[]`: ids only). Applies to every user, members' included. See schema.ts.
   */
  users?: KindSchema<UserField>;
  /** The clock for timestamps, sweepers and the dedup window. Default: the system clock. */
  clock?: Clock;
  /** Sweepers; none run unless given. */
  sweepers?: SweeperOptions;
  /**
   * How long (ms) the record of an applied dispatch waits for the copies other clients will receive.
   * A copy arriving later than this is applied again. Default 120 000.
   */
  dedupWindow?: number;
  /** Most pending dedup records (oldest dropped first). Default 100 000. */
  dedupLimit?: number;
}

/** The default policy. */
export const DEFAULT_POLICY: Readonly<CachePolicy> = Object.freeze({
  messages: 100,
  members: true,
  membersPerGuild: Number.POSITIVE_INFINITY,
  presences: true,
  maxPresences: Number.POSITIVE_INFINITY,
  users: true,
  maxUsers: Number.POSITIVE_INFINITY,
  voiceStates: true,
  expressions: true,
  guildExtras: true,
  threadMembers: true,
});
