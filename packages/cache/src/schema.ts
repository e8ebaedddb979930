/**
 * The per-field cache schema (issue 9, point 2): which fields of users and members the cache keeps.
 *
 * `new Cache({ members: { fields: ['roles'] }, users: { fields: [] }, presences: false })` keeps a
 * member's roles (and always its user, guild and id) and a user's id, nothing else. A field not kept
 * is never written: it reads as the class's usual value (`nick: null`, `username: ''`), and the types
 * {@link KeptMember} and {@link KeptUser} name what is kept so code can say what it relies on.
 * Events are still delivered in full: their payloads are not narrowed, and handlers get the kept
 * entity plus the payload's values in `old` as usual. Unknown field names are a `ValidationError`.
 */
import type { Snowflake } from '@kokoro/common';
import { ValidationError } from '@kokoro/common';
import type { Guild } from './entities/guild.js';
import type { GuildMember, MemberFields } from './entities/member.js';
import { MEMBER_FIELDS } from './entities/member.js';
import type { User, UserFields } from './entities/user.js';
import { USER_FIELDS } from './entities/user.js';
import type { FieldSpec } from './patch.js';

/** A member field the schema can keep or drop. */
export type MemberField = keyof MemberFields;
/** A user field the schema can keep or drop. */
export type UserField = keyof UserFields;

/** `true` (keep, every field), `false` (do not keep), or the fields to keep. */
export type KindSchema<F extends string> = boolean | { readonly fields: readonly F[] };

/** A user as a schema keeping `F` sees it: id, presence and the kept fields. */
export type KeptUser<F extends UserField> = Omit<User, Exclude<UserField, F>>;
/** A member as a schema keeping `F` (and `U` of users) sees it: user, guild, id and the kept fields. */
export type KeptMember<F extends MemberField, U extends UserField = UserField> = Omit<
  GuildMember,
  Exclude<MemberField, F> | 'user'
> & {
  /** The member's user, as the schema keeps users. */
  readonly user: KeptUser<U>;
};

/** The kept fields of a schema, as unions of field names (every field when a kind has no `fields`). */
export interface Kept {
  /** The member fields kept. */
  readonly member: MemberField;
  /** The user fields kept. */
  readonly user: UserField;
}

/** The fields `kind` keeps under options of type `O`: the `fields` list's names, else all of `All`. */
type FieldsOf<O, K extends string, All extends string> = O extends {
  readonly [P in K]: { readonly fields: readonly (infer F)[] };
}
  ? Extract<F, All>
  : All;

/** What cache options of type `O` keep (`new Cache({ members: { fields: ['roles'] } })`: members keep `roles`). */
export interface KeptOf<O> {
  /** The member fields kept. */
  readonly member: FieldsOf<O, 'members', MemberField>;
  /** The user fields kept. */
  readonly user: FieldsOf<O, 'users', UserField>;
}

/** Whether options of type `O` give a field list for members or users (then the types narrow). */
export type Narrows<O> = O extends { readonly members: { readonly fields: readonly unknown[] } }
  ? true
  : O extends { readonly users: { readonly fields: readonly unknown[] } }
    ? true
    : false;

/** A guild as a schema `S` sees it: its members (and their users) narrowed to the kept fields. */
export type KeptGuild<S extends Kept> = Omit<Guild, 'members' | 'owner'> & {
  /** Members, as the schema keeps them (a live view; the cache fills it). */
  readonly members: ReadonlyMap<Snowflake, KeptMember<S['member'], S['user']>>;
  /** The owner's member, when cached. */
  readonly owner: KeptMember<S['member'], S['user']> | undefined;
};

/** The guild type of a cache made with options of type `O`: {@link Guild}, or narrowed by its schema. */
export type GuildOf<O> = Narrows<O> extends true ? KeptGuild<KeptOf<O>> : Guild;
/** The user type of a cache made with options of type `O`: {@link User}, or narrowed by its schema. */
export type UserOf<O> = Narrows<O> extends true ? KeptUser<KeptOf<O>['user']> : User;
/** `cache.guilds` of a cache made with options of type `O` (read-only once narrowed). */
export type GuildsOf<O> = Narrows<O> extends true ? ReadonlyMap<Snowflake, GuildOf<O>> : Map<Snowflake, Guild>;
/** `cache.users` of a cache made with options of type `O` (read-only once narrowed). */
export type UsersOf<O> = Narrows<O> extends true ? ReadonlyMap<Snowflake, UserOf<O>> : Map<Snowflake, User>;

const MEMBER_NAMES: readonly MemberField[] = [
  'nick',
  'avatar',
  'banner',
  'roles',
  'joinedTimestamp',
  'premiumSinceTimestamp',
  'deaf',
  'mute',
  'pending',
  'flags',
  'communicationDisabledUntilTimestamp',
];
const USER_NAMES: readonly UserField[] = USER_FIELDS.map((spec) => spec.key as UserField);

/** The field specs a schema keeps, checked. */
export function keptFields<D>(
  kind: 'members' | 'users',
  schema: KindSchema<string> | undefined,
  all: readonly FieldSpec<D>[],
): readonly FieldSpec<D>[] {
  if (schema === undefined || typeof schema === 'boolean') return all;
  const names: readonly string[] = kind === 'members' ? MEMBER_NAMES : USER_NAMES;
  if (!Array.isArray(schema.fields))
    throw new ValidationError(`cache.${kind}.fields`, `give a list of field names (${names.join(', ')})`);
  for (const field of schema.fields)
    if (!names.includes(field))
      throw new ValidationError(`cache.${kind}.fields`, `unknown field "${field}"; known: ${names.join(', ')}`);
  const kept = new Set(schema.fields);
  return all.filter((spec) => kept.has(spec.oldKey ?? spec.key));
}

/** Whether a member schema keeps roles. */
export function keepsRoles(schema: KindSchema<MemberField> | undefined): boolean {
  return schema === undefined || typeof schema === 'boolean' || schema.fields.includes('roles');
}

export { MEMBER_FIELDS, USER_FIELDS };
