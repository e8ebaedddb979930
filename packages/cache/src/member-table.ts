/**
 * Compact members: a guild's members as columns, for a schema that keeps nothing of a member but its
 * id and roles (`members: { fields: ['roles'] }` or `[]`, `users: { fields: [] }`, `presences: false`).
 *
 * Theory. Under such a schema a member object (56 bytes), its user object (56: id, presence, empty
 * names) and their two table slots (~35) hold nothing the id string and the role list do not: ~185
 * bytes per member, 250,000 members in a big bot. Here a member is two column entries (its id
 * string, its interned role list) and one 4-byte index slot: ~70 bytes with the id string. The table
 * is still a live `Map<Snowflake, GuildMember>`: `get` and iteration build a {@link GuildMember} from
 * the columns at each read, whose `user` is the cached user with that id, else a bare one (not kept:
 * it would hold nothing but the id). Such a member is a snapshot: read it again after an update, and
 * compare members by id, not by identity.
 *
 * Layout: `#ids` and `#roles` are dense (a removal moves the last entry into the hole); `#index` is
 * open addressing over positions + 1 (0 free, the type's largest value removed), at most 70 % full,
 * 16-bit while it fits. Iteration runs from the
 * last entry to the first, so removing the entry being visited is safe.
 */
import type { Snowflake } from '@kokoro/common';
import type { Guild } from './entities/guild.js';
import { GuildMember } from './entities/member.js';
import type { Role } from './entities/role.js';
import type { User } from './entities/user.js';
import { hashOf } from './id-map.js';
import { MapSurface } from './map-surface.js';

const FREE = 0;
const MIN_CAPACITY = 8;
/** Up to this capacity the index holds 16-bit positions (a guild of up to ~45,000 members). */
const SMALL = 65_536;

function newIndex(capacity: number): Int32Array | Uint16Array {
  return capacity <= SMALL ? new Uint16Array(capacity) : new Int32Array(capacity);
}

/** The removal marker of an index: the largest value its type holds (never a position at 70 % load). */
function goneOf(index: Int32Array | Uint16Array): number {
  return index instanceof Uint16Array ? 0xffff : -1;
}

/** A guild's members stored as columns (id, roles); see the module comment. */
export class MemberTable extends MapSurface<Snowflake, GuildMember> {
  #ids: Snowflake[] = [];
  #roles: (readonly Role[])[] = [];
  #index: Int32Array | Uint16Array = newIndex(MIN_CAPACITY);
  /** Index slots in use: live entries plus removal markers. */
  #used = 0;
  readonly #guild: Guild;
  readonly #userOf: (id: Snowflake) => User;

  /** `userOf(id)` gives the user a member built from the columns refers to. */
  constructor(guild: Guild, userOf: (id: Snowflake) => User) {
    super();
    this.#guild = guild;
    this.#userOf = userOf;
  }

  /** How many members. */
  get size(): number {
    return this.#ids.length;
  }

  /** The member with this user id (built from the columns), or `undefined`. */
  get(key: Snowflake): GuildMember | undefined {
    const at = this.#position(key);
    return at < 0 ? undefined : this.#build(at);
  }

  /** Whether a member with this user id is held. */
  has(key: Snowflake): boolean {
    return this.#position(key) >= 0;
  }

  /** The roles of the member with this id, without building it; `undefined` when not held. */
  rolesOf(key: Snowflake): readonly Role[] | undefined {
    const at = this.#position(key);
    return at < 0 ? undefined : this.#roles[at];
  }

  /** Hold `member` (its id and roles) under `key`, which must be its user's id. */
  set(key: Snowflake, member: GuildMember): this {
    if (member.user.id !== key) throw new TypeError(`MemberTable.set: the member's id is not ${key}`);
    const at = this.#position(key);
    if (at >= 0) {
      this.#roles[at] = member.roles;
      return this;
    }
    if ((this.#used + 1) * 10 > this.#index.length * 7) this.#rebuild(this.#ids.length + 1);
    const index = this.#index;
    const mask = index.length - 1;
    let i = hashOf(key) & mask;
    while (index[i] !== FREE) i = (i + 1) & mask;
    this.#ids.push(key);
    this.#roles.push(member.roles);
    index[i] = this.#ids.length;
    this.#used++;
    return this;
  }

  /** Remove the member with this id; whether there was one. */
  delete(key: Snowflake): boolean {
    const slot = this.#slot(key);
    if (slot < 0) return false;
    const index = this.#index;
    const at = (index[slot] as number) - 1;
    index[slot] = goneOf(index);
    const last = this.#ids.length - 1;
    if (at !== last) {
      // Move the last entry into the hole, and point its index slot at its new place.
      const moved = this.#ids[last] as Snowflake;
      this.#ids[at] = moved;
      this.#roles[at] = this.#roles[last] as readonly Role[];
      index[this.#slot(moved)] = at + 1;
    }
    this.#ids.pop();
    this.#roles.pop();
    if (this.#ids.length === 0) this.clear();
    else if (this.#ids.length * 10 < index.length && index.length > MIN_CAPACITY * 4) this.#rebuild(this.#ids.length);
    return true;
  }

  /** Remove every member. */
  clear(): void {
    this.#ids = [];
    this.#roles = [];
    this.#index = newIndex(MIN_CAPACITY);
    this.#used = 0;
  }

  /** The members, built from the columns, last stored first. */
  *values(): MapIterator<GuildMember> {
    for (let at = this.#ids.length - 1; at >= 0; at = Math.min(at - 1, this.#ids.length - 1)) yield this.#build(at);
  }

  /** The user ids, last stored first. */
  *keys(): MapIterator<Snowflake> {
    for (let at = this.#ids.length - 1; at >= 0; at = Math.min(at - 1, this.#ids.length - 1))
      yield this.#ids[at] as Snowflake;
  }

  /** `[id, member]` pairs, last stored first. */
  *entries(): MapIterator<[Snowflake, GuildMember]> {
    for (let at = this.#ids.length - 1; at >= 0; at = Math.min(at - 1, this.#ids.length - 1))
      yield [this.#ids[at] as Snowflake, this.#build(at)];
  }

  #build(at: number): GuildMember {
    const member = new GuildMember(this.#userOf(this.#ids[at] as Snowflake), this.#guild);
    member.roles = this.#roles[at] as readonly Role[];
    return member;
  }

  /** The index slot holding `key`, or -1. */
  #slot(key: Snowflake): number {
    const index = this.#index;
    const ids = this.#ids;
    const mask = index.length - 1;
    const gone = goneOf(index);
    let i = hashOf(key) & mask;
    for (;;) {
      const entry = index[i] as number;
      if (entry === FREE) return -1;
      if (entry !== gone && ids[entry - 1] === key) return i;
      i = (i + 1) & mask;
    }
  }

  /** The column position of `key`, or -1. */
  #position(key: Snowflake): number {
    const slot = this.#slot(key);
    return slot < 0 ? -1 : (this.#index[slot] as number) - 1;
  }

  #rebuild(count: number): void {
    let capacity = MIN_CAPACITY;
    while (count * 10 > capacity * 7) capacity *= 2;
    const index = newIndex(capacity);
    const mask = capacity - 1;
    const ids = this.#ids;
    for (let at = 0; at < ids.length; at++) {
      let i = hashOf(ids[at] as Snowflake) & mask;
      while (index[i] !== FREE) i = (i + 1) & mask;
      index[i] = at + 1;
    }
    this.#index = index;
    this.#used = ids.length;
  }
}
