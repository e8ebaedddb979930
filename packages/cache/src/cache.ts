import type { Clock, RawData, Snowflake } from '@kokoro/common';
import { systemClock } from '@kokoro/common';
import type { APIChannel, APIGuild, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';
import { freeGuilds, referencedUserIds, releaseUser, removeOwner } from './build/free.js';
import { buildGuild, fillGuild, pruneGuild } from './build/guild.js';
import { buildMessage, storeMessage } from './build/message.js';
import { internRoles, sameRoles } from './build/roles.js';
import { applyPresence, buildUser, keepsPresence, keepUser, type PresenceData, userById } from './build/user.js';
import { DispatchDedup } from './dedup.js';
import { dispatch } from './dispatch.js';
import { CHANNEL_FIELDS, Channel } from './entities/channel.js';
import { Guild } from './entities/guild.js';
import type { MemberData } from './entities/member.js';
import { GuildMember, MEMBER_FIELDS } from './entities/member.js';
import type { Message } from './entities/message.js';
import { ROLE_FIELDS, Role } from './entities/role.js';
import { USER_FIELDS, User } from './entities/user.js';
import { CachePayloadError } from './errors.js';
import type { ClientEventName } from './events.js';
import { IdMap } from './id-map.js';
import { MemberTable } from './member-table.js';
import type { CacheOwner } from './owner.js';
import { type FieldSpec, patchFields, readField, readList } from './patch.js';
import type { CacheOptions, CachePolicy } from './policy.js';
import { DEFAULT_POLICY } from './policy.js';
import { RecentPresences } from './recent-presences.js';
import { type GuildOf, type GuildsOf, keepsRoles, keptFields, type UsersOf } from './schema.js';
import { Sweepers } from './sweepers.js';
import { sameList } from './util.js';

type Old = Record<string, unknown> | undefined;

declare module './entities/refs.js' {
  interface EntityRefs {
    Cache: Cache;
  }
}

/**
 * The entity store shared by every client of a runtime: one object per guild, channel, user, whatever
 * number of clients see it. Dispatches go in through {@link Cache.ingest}; REST results through
 * {@link Cache.message}, {@link Cache.user}, {@link Cache.channel}, {@link Cache.guild}.
 */
export class Cache<const O extends CacheOptions = CacheOptions> {
  /** Users by id (typed by the schema: with `users: { fields }`, only the kept fields). */
  readonly users: UsersOf<O> = new IdMap<User>((user) => user.id) as Map<Snowflake, User> as UsersOf<O>;
  /** Guilds by id, including precreated ones (typed by the schema: members narrowed to the kept fields). */
  readonly guilds: GuildsOf<O> = new Map<Snowflake, Guild>() as GuildsOf<O>;
  /** Internal: {@link users} with the full entity type (the cache itself writes every field). */
  get _users(): Map<Snowflake, User> {
    return this.users as Map<Snowflake, User>;
  }
  /** Internal: {@link guilds} with the full entity type. */
  get _guilds(): Map<Snowflake, Guild> {
    return this.guilds as Map<Snowflake, Guild>;
  }
  /** Every channel by id: guild channels, threads and DMs. */
  readonly channels = new Map<Snowflake, Channel>();
  /** The registered owners (clients). */
  readonly owners: CacheOwner[] = [];
  /** What is kept. */
  readonly policy: Readonly<CachePolicy>;
  /** The injected clock. */
  readonly clock: Clock;
  /** Pending multi-client records (see dedup.ts). */
  readonly dedup: DispatchDedup;
  /** The bot user of each owner, once its READY arrived. */
  readonly ownerUsers = new Map<CacheOwner, User>();
  /** Internal: kept users whose presence is not offline (see build/user.ts). */
  _presenceCount = 0;
  /** Internal: presence changes other guilds' copies may still report (see recent-presences.ts). */
  readonly _recentPresences: RecentPresences;
  readonly #sweepers: Sweepers | undefined;
  /** The guilds of each owner (see {@link Cache.guildsOf}). */
  readonly #ownerGuilds = new WeakMap<CacheOwner, Map<Snowflake, Guild>>();
  /** Internal: DM channels, whose recipients keep their users cached. */
  readonly _dms = new Set<Channel>();
  /** Internal: the member fields the schema keeps (schema.ts). */
  readonly _memberFields: readonly FieldSpec<MemberData>[];
  /** Internal: the user fields the schema keeps (schema.ts). */
  readonly _userFields: readonly FieldSpec<APIUser>[];
  /** Internal: whether members keep their roles. */
  readonly _keepsRoles: boolean;
  /**
   * Internal: whether guilds store members as columns (member-table.ts): the schema keeps nothing of
   * a member but its id and roles, nothing of a user but its id, and no presence.
   */
  readonly _compactMembers: boolean;

  constructor(options: O = {} as O) {
    const { clock, sweepers, dedupWindow, dedupLimit, members, users, ...policy } = options;
    this.clock = clock ?? systemClock;
    const merged: CachePolicy = { ...DEFAULT_POLICY };
    for (const [key, value] of Object.entries(policy))
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    if (members !== undefined) merged.members = members !== false;
    if (users !== undefined) merged.users = users !== false;
    this._memberFields = keptFields('members', members, MEMBER_FIELDS);
    this._userFields = keptFields('users', users, USER_FIELDS);
    this._keepsRoles = keepsRoles(members);
    this._compactMembers =
      merged.members && !merged.presences && this._memberFields.length === 0 && this._userFields.length === 0;
    this.policy = Object.freeze(merged);
    this.dedup = new DispatchDedup(this.clock, dedupWindow ?? 120_000, dedupLimit ?? 100_000);
    this._recentPresences = new RecentPresences(dedupWindow ?? 120_000, dedupLimit ?? 100_000);
    this.#sweepers = sweepers ? new Sweepers(this, sweepers) : undefined;
  }

  /**
   * Apply one dispatch received by `owner` on shard `shardId`, once across owners, and return the
   * handler arguments for this owner (`undefined`: nothing to deliver). `wanted` says whether the owner
   * listens to this event; when no receiving owner does, the cache is updated without building old values.
   * `raw` is the JSON text of `data` as received, when known (the gateway's `onDispatch` gives it): it
   * lets other owners' copies be recognised before parsing ({@link takeCopy}).
   * Unknown event names are delivered as `[data]`.
   */
  ingest(
    owner: CacheOwner,
    shardId: number,
    eventName: string,
    data: unknown,
    wanted: boolean,
    raw?: string,
  ): unknown[] | undefined {
    return dispatch(this, owner, shardId, eventName, data, wanted, raw);
  }

  /**
   * Whether a dispatch `owner` received, given as its event name and the raw JSON of its `d` before
   * parsing (text, or UTF-8 bytes read during the call only), is a copy of one another owner's copy
   * already applied; then the recorded handler arguments (`args` may be undefined), consumed for
   * `owner`. `undefined`: not a known copy (parse it and {@link ingest} it with the same `raw`). See
   * dedup.ts.
   */
  takeCopy(owner: CacheOwner, eventName: string, raw: RawData): { args: unknown[] | undefined } | undefined {
    return this.dedup.takeRaw(eventName, raw, owner);
  }

  /** Whether any registered owner listens to `event` (an owner without `wants` listens to everything). */
  anyoneWants(event: ClientEventName): boolean {
    for (const owner of this.owners) if (!owner.wants || owner.wants(event)) return true;
    return false;
  }

  /** Register an owner (idempotent). Starts the sweepers with the first owner. */
  addOwner(owner: CacheOwner): void {
    if (this.owners.includes(owner)) return;
    this.owners.push(owner);
    if (this.owners.length === 1) this.#sweepers?.start();
  }

  /** Unregister an owner: it leaves every guild and DM (entities no other owner sees are freed). */
  removeOwner(owner: CacheOwner): void {
    removeOwner(this, owner);
    this.ownerUsers.delete(owner);
    const index = this.owners.indexOf(owner);
    if (index >= 0) this.owners.splice(index, 1);
    if (this.owners.length === 0) this.#sweepers?.stop();
  }

  /** Add `owner` to `guild.clients` (idempotent). */
  joinGuild(guild: Guild, owner: CacheOwner): void {
    this.addOwner(owner);
    if (guild.clients.includes(owner)) return;
    guild.clients.push(owner);
    this.#guildsOf(owner).set(guild.id, guild);
  }

  /**
   * The guilds `owner` is in, by id: a live view the cache keeps current as the owner joins and
   * leaves guilds (O(1) `get`, iteration without copying). Read-only for its users.
   */
  guildsOf(owner: CacheOwner): ReadonlyMap<Snowflake, GuildOf<O>> {
    return this.#guildsOf(owner) as ReadonlyMap<Snowflake, Guild> as ReadonlyMap<Snowflake, GuildOf<O>>;
  }

  #guildsOf(owner: CacheOwner): Map<Snowflake, Guild> {
    let guilds = this.#ownerGuilds.get(owner);
    if (!guilds) {
      guilds = new IdMap<Guild>((guild) => guild.id);
      this.#ownerGuilds.set(owner, guilds);
    }
    return guilds;
  }

  /** Internal: `owner` is no longer in `guild` (its view of guilds forgets it). */
  _leftGuild(guild: Guild, owner: CacheOwner): void {
    this.#ownerGuilds.get(owner)?.delete(guild.id);
  }

  /**
   * Remove `owner` from `guild.clients`. The guild stays cached for the other owners; when the last one
   * leaves, the guild, its channels, threads and members are freed (users no other guild refers to too).
   */
  leaveGuild(guild: Guild, owner: CacheOwner): void {
    const index = guild.clients.indexOf(owner);
    if (index >= 0) guild.clients.splice(index, 1);
    this._leftGuild(guild, owner);
    if (guild.clients.length > 0) return;
    this.freeGuild(guild);
  }

  /** Forget a guild and everything in it (users that no other guild, DM or owner refers to too). */
  freeGuild(guild: Guild): void {
    freeGuilds(this, [guild]);
  }

  /** The ids of every user a cached member, DM or owner refers to. */
  referencedUserIds(): Set<Snowflake> {
    return referencedUserIds(this);
  }

  /** Forget a channel (for a parent, its threads too); a DM's recipients may then be freed. */
  removeChannel(channel: Channel): void {
    this.channels.delete(channel.id);
    const guild = channel.guild;
    if (!guild) {
      this._dms.delete(channel);
      return;
    }
    guild.channels.delete(channel.id);
    for (const thread of [...guild.channels.values()]) {
      if (thread.parentId === channel.id && thread.isThread) {
        guild.channels.delete(thread.id);
        this.channels.delete(thread.id);
      }
    }
  }

  /** Run the sweepers now (also run on their interval when configured). */
  sweep(): void {
    this.#sweepers?.run();
  }

  /** Stop the sweepers' timer. */
  close(): void {
    this.#sweepers?.stop();
  }

  // ---- precreate ----------------------------------------------------------------------------------

  /** The guild with this id, created empty (no clients, `unavailable`) when not cached. */
  precreateGuild(id: Snowflake): Guild {
    let guild = this._guilds.get(id);
    if (!guild) {
      guild = new Guild(id);
      if (this._compactMembers)
        (guild as { members: Map<Snowflake, GuildMember> }).members = new MemberTable(
          guild,
          (userId) => this._users.get(userId) ?? new User(userId),
        );
      this._guilds.set(id, guild);
    }
    return guild;
  }

  /** The channel with this id, created bare (type -1) when not cached; in `guildId`'s guild if given. */
  precreateChannel(id: Snowflake, guildId?: Snowflake | null): Channel {
    let channel = this.channels.get(id);
    if (!channel) {
      const guild = guildId ? this.precreateGuild(guildId) : null;
      channel = new Channel(id, guild);
      channel.type = -1;
      if (!guild) this._dms.add(channel);
      this.channels.set(id, channel);
      guild?.channels.set(id, channel);
    }
    return channel;
  }

  /** The user with this id, created bare when not cached. */
  precreateUser(id: Snowflake): User {
    let user = this._users.get(id);
    if (!user) {
      user = new User(id);
      keepUser(this, user);
    }
    return user;
  }

  // ---- entities from payloads (REST results and reducers) -----------------------------------------

  /** The user of a payload, created or updated; with `old`, changed fields are recorded there. */
  user(data: APIUser, old?: Old): User {
    return buildUser(this, data, old);
  }

  /** The cached user with this id, else a bare one (kept when the `users`/`maxUsers` policy allows). */
  userById(id: Snowflake): User {
    return userById(this, id);
  }

  /**
   * Apply a presence to its user (when presences are kept, and below `maxPresences` for a user who had
   * none); with `old`, changed fields go there.
   */
  presence(data: PresenceData, old?: Old): User {
    return applyPresence(this, data, old);
  }

  /** Whether a presence for `user` is kept: presences on, the user kept, below `maxPresences` if it has none. */
  keepsPresence(user: User): boolean {
    return keepsPresence(this, user);
  }

  /** How many kept users hold a presence other than offline (bounded by `maxPresences`). */
  get presenceCount(): number {
    return this._presenceCount;
  }

  /** The guild of a payload (GUILD_CREATE or REST), created or updated, with its collections. */
  guild(data: APIGuild & Record<string, unknown>, old?: Old): Guild {
    return buildGuild(this, data, old);
  }

  /**
   * Add what a guild payload has and the cache lacks (roles, channels, threads, members), changing
   * nothing already cached. Used for a client's GUILD_CREATE of a guild other clients keep current.
   */
  fillGuild(guild: Guild, data: APIGuild & Record<string, unknown>): void {
    fillGuild(this, guild, data);
  }

  /**
   * Before a full snapshot (GUILD_CREATE) is applied to a cached guild, drop the channels and roles it no
   * longer has (deleted while nobody received the guild's events).
   */
  pruneGuild(guild: Guild, data: APIGuild & Record<string, unknown>): void {
    pruneGuild(this, guild, data);
  }

  /** A role of `guild`, created or updated; with `old`, changed fields go there. */
  role(guild: Guild, data: APIRole, old?: Old): Role {
    let role = guild.roles.get(data.id);
    if (!role) {
      role = new Role(data.id, guild);
      guild.roles.set(data.id, role);
      patchFields(role, ROLE_FIELDS, data, undefined);
      return role;
    }
    patchFields(role, ROLE_FIELDS, data, old);
    return role;
  }

  /**
   * The channel of a payload (guild channel, thread or DM), created or updated; with `old`, changed
   * fields go there. `guild` defaults to the payload's `guild_id`.
   */
  channel(data: APIChannel | (Partial<APIChannel> & { id: string }), guild?: Guild | null, old?: Old): Channel {
    const guildId = (data as { guild_id?: string }).guild_id;
    const owner = guild ?? (guildId ? this.precreateGuild(guildId) : null);
    let channel = this.channels.get(data.id);
    if (!channel) {
      channel = new Channel(data.id, owner);
      if ((data as { type?: number }).type === undefined) channel.type = -1;
      this.channels.set(data.id, channel);
      if (!owner) this._dms.add(channel);
      owner?.channels.set(data.id, channel);
      old = undefined;
    }
    patchFields(channel, CHANNEL_FIELDS, data as never, old);
    const recipients = readList(channel, 'recipients', (data as { recipients?: APIUser[] | null }).recipients);
    if (recipients) {
      const users = readField(channel, 'recipients', () => recipients.map((r) => this.user(r)));
      if (old && !sameList(channel.recipients, users)) old.recipients = channel.recipients;
      channel.recipients = users;
    }
    return channel;
  }

  /** A member of `guild`, created or updated (with its user); with `old`, changed fields go there. */
  member(guild: Guild, data: MemberData, old?: Old, user?: User): GuildMember {
    // Compact members (member-table.ts) hold no user object: a user with nothing but its id is not kept for them.
    const compact = guild.members instanceof MemberTable ? guild.members : undefined;
    const memberUser =
      user ??
      (data.user
        ? compact
          ? (this._users.get(data.user.id) ?? new User(data.user.id))
          : this.user(data.user)
        : undefined);
    if (!memberUser) throw new CachePayloadError('member', 'a member payload without `user` needs the user passed in');
    let member = guild.members.get(memberUser.id);
    let kept = member !== undefined;
    if (!member) {
      member = new GuildMember(memberUser, guild);
      if (this.keepsMember(guild, memberUser)) {
        kept = true;
        guild.members.set(memberUser.id, member);
        // A kept member keeps its user, whatever the users policy says about other users.
        if (!compact && this._users.get(memberUser.id) !== memberUser) keepUser(this, memberUser);
      }
      old = undefined;
    }
    patchFields(member, this._memberFields, data, old);
    const roleIds = this._keepsRoles ? readList(member, 'roles', data.roles) : undefined;
    if (roleIds) {
      const roles = internRoles(this, guild, roleIds);
      if (roles !== member.roles && !sameRoles(roles, member.roles)) {
        if (old) old.roles = member.roles;
        member.roles = roles;
        if (compact && kept) compact.set(memberUser.id, member);
      }
    }
    return member;
  }

  /** Whether a new member of `guild` is kept under the policy. */
  keepsMember(guild: Guild, user: User): boolean {
    if (this.isOwnerUser(user)) return true;
    return this.policy.members && guild.members.size < this.policy.membersPerGuild;
  }

  /** The owner whose bot user has this id, if any. */
  ownerOfUser(id: Snowflake): CacheOwner | undefined {
    for (const [owner, user] of this.ownerUsers) if (user.id === id) return owner;
    return undefined;
  }

  /** Whether `user` is the bot user of a registered owner. */
  isOwnerUser(user: User): boolean {
    for (const ownerUser of this.ownerUsers.values()) if (ownerUser === user) return true;
    return false;
  }

  /** Remove a member from `guild`; frees its user when nothing else refers to it. Returns what was cached. */
  removeMember(guild: Guild, userId: Snowflake): GuildMember | undefined {
    const member = guild.members.get(userId);
    if (!member) return undefined;
    guild.members.delete(userId);
    this.releaseUser(member.user);
    return member;
  }

  /** Drop `user` from the users map if no cached member, DM or owner refers to it. */
  releaseUser(user: User): void {
    releaseUser(this, user);
  }

  /**
   * The message of a payload (gateway or REST), created or updated; with `old`, changed fields go there.
   * Cached in its channel under the message limit; an uncached channel or author is precreated.
   */
  message(data: APIMessage & { guild_id?: string }, old?: Old): Message {
    return buildMessage(this, data, old);
  }

  /** Put `message` in its channel's message cache, dropping the oldest beyond the limit. */
  storeMessage(channel: Channel, message: Message): void {
    storeMessage(this, channel, message);
  }
}

/** The cache of this thread, used by `Guild.precreate` and by clients that are given no other. */
export const defaultCache: Cache = new Cache();

Guild.precreate = (id) => defaultCache.precreateGuild(id);
Channel.precreate = (id, guildId) => defaultCache.precreateChannel(id, guildId);
User.precreate = (id) => defaultCache.precreateUser(id);
