/**
 * Command options, declared with `option.*` and typed end to end: `option.string('What to say',
 * { required: true })` is an {@link OptionSpec} whose type remembers "string, required", so a handler
 * declared with `options: { text: option.string(…, { required: true }), count: option.integer(…) }`
 * receives `{ text: string; count?: number }`. User, channel, role, mentionable and attachment options
 * arrive as the entities resolved from the interaction's `resolved` data.
 */
import type { Channel, GuildMember, KokoroClient, Role, User } from '@kokoro/core';
import {
  type APIApplicationCommandOptionChoice,
  type APIAttachment,
  ApplicationCommandOptionType,
  type ChannelType,
  type LocalizationMap,
} from 'discord-api-types/v10';
import type { AutocompleteEvent } from './event.js';

/** A choice offered for a string, integer or number option. */
export type Choice<V extends string | number> = APIApplicationCommandOptionChoice<V>;

/** Choices as `{ name, value }` objects, or plain values (each its own name). */
export type Choices<V extends string | number> = readonly (V | Choice<V>)[];

/** The autocomplete handler of an option: `(client, event, value) => choices` (up to 25). */
export type AutocompleteHandler<V extends string | number> = (
  client: KokoroClient,
  event: AutocompleteEvent,
  value: string,
) => Choices<V> | Promise<Choices<V>>;

/** Settings every option takes. */
export interface BaseOptionSettings<R extends boolean> {
  /** Whether the user must give it (default false). Required options come before optional ones. */
  required?: R;
  /** Names per locale (`{ fr: 'texte' }`). */
  nameLocalizations?: LocalizationMap;
  /** Descriptions per locale. */
  descriptionLocalizations?: LocalizationMap;
}

/** A mentionable: the user (with the member when in a guild) or the role chosen. */
export type Mentionable = { user: User; member?: GuildMember } | { role: Role };

/** What a handler receives for each option kind. */
export interface OptionValueTypes {
  /** `option.string`: the text. */
  string: string;
  /** `option.integer`: a whole number. */
  integer: number;
  /** `option.number`: a number. */
  number: number;
  /** `option.boolean`. */
  boolean: boolean;
  /** `option.user`: the cache's `User` (resolved from the interaction). */
  user: User;
  /** `option.channel`: the cache's `Channel`. */
  channel: Channel;
  /** `option.role`: the cache's `Role`. */
  role: Role;
  /** `option.mentionable`: a user (with their member in a guild) or a role. */
  mentionable: Mentionable;
  /** `option.attachment`: the uploaded file's attachment object. */
  attachment: APIAttachment;
}

/** One declared option. `V` is the value type, `R` whether it is required. */
export interface OptionSpec<
  K extends keyof OptionValueTypes = keyof OptionValueTypes,
  R extends boolean = boolean,
  V = OptionValueTypes[K],
> {
  /** The option kind (`'string'`, `'user'`…). */
  readonly kind: K;
  /** Discord's option type number. */
  readonly type: ApplicationCommandOptionType;
  /** The description shown in Discord (1..100 characters). */
  readonly description: string | undefined;
  /** Whether the user must give it (then the handler's value is never undefined). */
  readonly required: R;
  /** The other settings as declared (`choices`, ranges, `types`…). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The autocomplete handler, if the option has one. */
  readonly autocomplete: AutocompleteHandler<string | number> | undefined;
  /** Type-level only: the value a handler receives. */
  readonly __value?: V;
}

/** Any option declaration. */
export type AnyOption = OptionSpec<keyof OptionValueTypes, boolean, unknown>;

/** Options by name, as declared. */
export type OptionMap = Readonly<Record<string, AnyOption>>;

type ValueOf<O> = O extends OptionSpec<keyof OptionValueTypes, boolean, infer V> ? V : never;
type RequiredKeys<O extends OptionMap> = {
  [K in keyof O]: O[K] extends OptionSpec<keyof OptionValueTypes, true, unknown> ? K : never;
}[keyof O];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The object a handler receives for declared options: required ones always present, the others optional. */
export type OptionValues<O extends OptionMap> = Simplify<
  { [K in RequiredKeys<O>]: ValueOf<O[K]> } & { [K in Exclude<keyof O, RequiredKeys<O>>]?: ValueOf<O[K]> }
>;

/** Settings of a string option. */
export interface StringSettings<R extends boolean, V extends string> extends BaseOptionSettings<R> {
  /** The only values allowed: values, or `{ name, value }` (at most 25); the handler's type narrows to them. */
  choices?: Choices<V>;
  /** Shortest text accepted (0..6000). */
  minLength?: number;
  /** Longest text accepted (1..6000). */
  maxLength?: number;
  /** Suggest values as the user types; not with `choices`. */
  autocomplete?: AutocompleteHandler<string>;
}

/** Settings of an integer or number option. */
export interface NumberSettings<R extends boolean, V extends number> extends BaseOptionSettings<R> {
  /** The only values allowed: values, or `{ name, value }` (at most 25); the handler's type narrows to them. */
  choices?: Choices<V>;
  /** Smallest value accepted. */
  minValue?: number;
  /** Largest value accepted (at least `minValue`). */
  maxValue?: number;
  /** Suggest values as the user types; not with `choices`. */
  autocomplete?: AutocompleteHandler<number>;
}

/** Settings of a channel option. */
export interface ChannelSettings<R extends boolean> extends BaseOptionSettings<R> {
  /** Only channels of these types can be chosen. */
  types?: readonly ChannelType[];
}

function spec<K extends keyof OptionValueTypes, R extends boolean, V>(
  kind: K,
  type: ApplicationCommandOptionType,
  description: string | undefined,
  settings: BaseOptionSettings<R> & { autocomplete?: unknown } = {},
): OptionSpec<K, R, V> {
  const { autocomplete, ...rest } = settings;
  return {
    kind,
    type,
    description,
    required: (settings.required ?? false) as R,
    settings: rest,
    autocomplete: autocomplete as AutocompleteHandler<string | number> | undefined,
  };
}

/** A description, or settings holding one (`option.channel({ description, types })`). */
type Described<S> = string | (S & { description?: string });

function split<S extends object>(first: Described<S> | undefined, second: S | undefined): [string | undefined, S] {
  if (typeof first === 'string' || first === undefined) return [first, (second ?? {}) as S];
  const { description, ...settings } = first as S & { description?: string };
  return [description, settings as S];
}

/**
 * Option declarations: `option.string('What to say', { required: true, maxLength: 200 })`. The first
 * argument is the description (1..100 characters, required by Discord); settings may instead carry it
 * (`option.channel({ description: 'Where', types: [ChannelType.GuildText] })`).
 */
export const option = {
  /** Text; `choices`, `minLength`/`maxLength` (0..6000), `autocomplete`. */
  string<const R extends boolean = false, const V extends string = string>(
    description: Described<StringSettings<R, V>>,
    settings?: StringSettings<R, V>,
  ): OptionSpec<'string', R, V> {
    const [text, rest] = split(description, settings);
    return spec('string', ApplicationCommandOptionType.String, text, rest);
  },
  /** A whole number (-2^53..2^53); `choices`, `minValue`/`maxValue`, `autocomplete`. */
  integer<const R extends boolean = false, const V extends number = number>(
    description: Described<NumberSettings<R, V>>,
    settings?: NumberSettings<R, V>,
  ): OptionSpec<'integer', R, V> {
    const [text, rest] = split(description, settings);
    return spec('integer', ApplicationCommandOptionType.Integer, text, rest);
  },
  /** Any number; `choices`, `minValue`/`maxValue`, `autocomplete`. */
  number<const R extends boolean = false, const V extends number = number>(
    description: Described<NumberSettings<R, V>>,
    settings?: NumberSettings<R, V>,
  ): OptionSpec<'number', R, V> {
    const [text, rest] = split(description, settings);
    return spec('number', ApplicationCommandOptionType.Number, text, rest);
  },
  /** True or false. */
  boolean<const R extends boolean = false>(
    description: Described<BaseOptionSettings<R>>,
    settings?: BaseOptionSettings<R>,
  ): OptionSpec<'boolean', R> {
    const [text, rest] = split(description, settings);
    return spec('boolean', ApplicationCommandOptionType.Boolean, text, rest);
  },
  /** A user (the `User` entity; its member is in `event.members`). */
  user<const R extends boolean = false>(
    description: Described<BaseOptionSettings<R>>,
    settings?: BaseOptionSettings<R>,
  ): OptionSpec<'user', R> {
    const [text, rest] = split(description, settings);
    return spec('user', ApplicationCommandOptionType.User, text, rest);
  },
  /** A channel, optionally of some `types` only. */
  channel<const R extends boolean = false>(
    description: Described<ChannelSettings<R>>,
    settings?: ChannelSettings<R>,
  ): OptionSpec<'channel', R> {
    const [text, rest] = split(description, settings);
    return spec('channel', ApplicationCommandOptionType.Channel, text, rest);
  },
  /** A role. */
  role<const R extends boolean = false>(
    description: Described<BaseOptionSettings<R>>,
    settings?: BaseOptionSettings<R>,
  ): OptionSpec<'role', R> {
    const [text, rest] = split(description, settings);
    return spec('role', ApplicationCommandOptionType.Role, text, rest);
  },
  /** A user or a role. */
  mentionable<const R extends boolean = false>(
    description: Described<BaseOptionSettings<R>>,
    settings?: BaseOptionSettings<R>,
  ): OptionSpec<'mentionable', R> {
    const [text, rest] = split(description, settings);
    return spec('mentionable', ApplicationCommandOptionType.Mentionable, text, rest);
  },
  /** An uploaded file (the attachment object: `url`, `filename`, `size`...). */
  attachment<const R extends boolean = false>(
    description: Described<BaseOptionSettings<R>>,
    settings?: BaseOptionSettings<R>,
  ): OptionSpec<'attachment', R> {
    const [text, rest] = split(description, settings);
    return spec('attachment', ApplicationCommandOptionType.Attachment, text, rest);
  },
};
