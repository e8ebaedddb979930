/**
 * Typed parameters. A command declares `params: { a: param.int(), who: param.member().optional() }`
 * and its handler receives `{ a: number; who: GuildMember | undefined }`: the types come from the
 * declarations, and the values are parsed from the arguments in declaration order before the
 * handler runs. A value that does not parse stops the command with a `ParameterError` naming the
 * parameter, its position and the usage (see parse-args.ts).
 *
 * A `Param<T>` is immutable: `.optional()`, `.default(v)` and `.describe(text)` return new ones.
 * The entity kinds (user, member, channel, role, emoji, message) are resolved in resolve.ts.
 */
import type { Channel, GuildMember, Message, Role, User } from '@kokoro/core';
import type { APIPartialEmoji, ChannelType } from 'discord-api-types/v10';
import { formatDuration, parseDuration } from './duration.js';
import { CommandDefinitionError, ParamValueError } from './errors.js';
import type { ParamContext } from './param-context.js';
import { resolveChannel, resolveEmoji, resolveMember, resolveMessage, resolveRole, resolveUser } from './resolve.js';

export type { ParamContext } from './param-context.js';

/** Parses one argument; throws `ParamValueError` with the reason when the text is not acceptable. */
export type ParamParser<T> = (text: string, context: ParamContext) => T | Promise<T>;

/** Options every parameter kind takes. */
export interface ParamOptions {
  /** One line for the help text. */
  description?: string;
  /** The reply when the value is bad, instead of the default one (`{name}`, `{value}`, `{reason}` are filled in). */
  message?: string;
}

interface ParamState<T> {
  kind: string;
  parse: ParamParser<T>;
  optional: boolean;
  fallback: ((context: ParamContext) => T) | undefined;
  rest: boolean;
  description: string | undefined;
  message: string | undefined;
  hint: string | undefined;
}

/** A declared parameter whose parsed value is a `T`. */
export class Param<T> {
  readonly #state: ParamState<T>;

  /** Make a parameter of your own kind: `new Param('color', (text) => …)`. */
  constructor(kind: string, parse: ParamParser<T>, options: ParamOptions & { rest?: boolean; hint?: string } = {}) {
    this.#state = {
      kind,
      parse,
      optional: false,
      fallback: undefined,
      rest: options.rest ?? false,
      description: options.description,
      message: options.message,
      hint: options.hint,
    };
  }

  /** The kind (`int`, `member`...), shown in help. */
  get kind(): string {
    return this.#state.kind;
  }

  /** Whether the argument may be left out. */
  get isOptional(): boolean {
    return this.#state.optional;
  }

  /** Whether it takes the rest of the line. */
  get isRest(): boolean {
    return this.#state.rest;
  }

  /** Its description. */
  get description(): string | undefined {
    return this.#state.description;
  }

  /** The custom bad-value reply, if any. */
  get message(): string | undefined {
    return this.#state.message;
  }

  /** A short note on the accepted values for help (`1..10`, `red | green`). */
  get hint(): string | undefined {
    return this.#state.hint;
  }

  /** Parse a typed argument (throws `ParamValueError`). */
  parse(text: string, context: ParamContext): T | Promise<T> {
    return this.#state.parse(text, context);
  }

  /** The value used when the argument is missing (undefined for an optional one without a default). */
  fallback(context: ParamContext): T | undefined {
    return this.#state.fallback?.(context);
  }

  /** The same parameter, optional: its value is `undefined` when left out. */
  optional(): Param<T | undefined> {
    return this.#with({ optional: true }) as Param<T | undefined>;
  }

  /** The same parameter, optional with a default (a value, or a function of the context). */
  default(value: T | ((context: ParamContext) => T)): Param<T> {
    const fallback =
      typeof value === 'function' ? (value as (context: ParamContext) => T) : (_context: ParamContext) => value;
    return this.#with({ optional: true, fallback });
  }

  /** The same parameter with a description for help. */
  describe(description: string): Param<T> {
    return this.#with({ description });
  }

  #with(changes: Partial<ParamState<T>>): Param<T> {
    const copy = new Param<T>(this.#state.kind, this.#state.parse);
    Object.assign(copy.#state, this.#state, changes);
    return copy;
  }
}

/** The declared parameters of a command, by name, in argument order. */
export type ParamSpecs = Readonly<Record<string, Param<unknown>>>;

/** The values a handler receives for `P`. */
export type ParamValues<P extends ParamSpecs> = { -readonly [K in keyof P]: P[K] extends Param<infer T> ? T : never };

/** Options of `int` and `number`. */
export interface NumberParamOptions extends ParamOptions {
  /** Smallest value accepted. */
  min?: number;
  /** Largest value accepted. */
  max?: number;
}

/** Options of `string` and `rest`. */
export interface StringParamOptions extends ParamOptions {
  /** Fewest characters. */
  minLength?: number;
  /** Most characters. */
  maxLength?: number;
}

function range(options: NumberParamOptions): string | undefined {
  const { min, max } = options;
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  if (min !== undefined) return `>= ${min}`;
  if (max !== undefined) return `<= ${max}`;
  return undefined;
}

function checkRange(value: number, options: NumberParamOptions, show: (n: number) => string = String): number {
  if (options.min !== undefined && value < options.min)
    throw new ParamValueError(`must be at least ${show(options.min)}`);
  if (options.max !== undefined && value > options.max)
    throw new ParamValueError(`must be at most ${show(options.max)}`);
  return value;
}

function checkLength(value: string, options: StringParamOptions): string {
  if (options.minLength !== undefined && value.length < options.minLength) {
    throw new ParamValueError(`must be at least ${options.minLength} characters`);
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw new ParamValueError(`must be at most ${options.maxLength} characters`);
  }
  return value;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1', 'enable', 'enabled']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0', 'disable', 'disabled']);

/** The parameter kinds. */
export const param = {
  /** One word (or a quoted phrase). */
  string(options: StringParamOptions = {}): Param<string> {
    return new Param('text', (text) => checkLength(text, options), options);
  },
  /** An integer (`-3`, `42`), optionally within `min`..`max`. */
  int(options: NumberParamOptions = {}): Param<number> {
    return new Param(
      'integer',
      (text) => {
        if (!/^[+-]?\d+$/.test(text)) throw new ParamValueError('expected an integer');
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new ParamValueError('expected an integer of at most 15 digits');
        return checkRange(value, options);
      },
      { ...options, hint: range(options) },
    );
  },
  /** A number (`1.5`, `-2`, `3e3`), optionally within `min`..`max`. */
  number(options: NumberParamOptions = {}): Param<number> {
    return new Param(
      'number',
      (text) => {
        const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
        if (!Number.isFinite(value)) throw new ParamValueError('expected a number');
        return checkRange(value, options);
      },
      { ...options, hint: range(options) },
    );
  },
  /** yes/no, true/false, on/off, 1/0, enable/disable. */
  boolean(options: ParamOptions = {}): Param<boolean> {
    return new Param(
      'yes/no',
      (text) => {
        const lower = text.toLowerCase();
        if (TRUE.has(lower)) return true;
        if (FALSE.has(lower)) return false;
        throw new ParamValueError('expected yes or no');
      },
      options,
    );
  },
  /** A user: a mention, an id, or a name the bot can see. */
  user(options: ParamOptions = {}): Param<User> {
    return new Param('user', resolveUser, options);
  },
  /** A member of the message's guild: a mention, an id, a name or a nickname. */
  member(options: ParamOptions = {}): Param<GuildMember> {
    return new Param('member', resolveMember, options);
  },
  /** A channel: a mention, an id, or a name in the message's guild; optionally of some `types`. */
  channel(options: ParamOptions & { types?: readonly ChannelType[] } = {}): Param<Channel> {
    return new Param('channel', (text, context) => resolveChannel(text, context, options.types), options);
  },
  /** A role of the message's guild: a mention, an id or a name. */
  role(options: ParamOptions = {}): Param<Role> {
    return new Param('role', resolveRole, options);
  },
  /** An emoji: unicode (`👍`), custom (`<:name:id>`), or the name of one of the guild's. */
  emoji(options: ParamOptions = {}): Param<APIPartialEmoji> {
    return new Param('emoji', resolveEmoji, options);
  },
  /** A message: a link, `channelId-messageId`, or an id in the same channel. */
  message(options: ParamOptions = {}): Param<Message> {
    return new Param('message', resolveMessage, options);
  },
  /** A duration (`1h30m`, `2d`, `90s`; a bare number is seconds), as milliseconds; optionally within `min`..`max` ms. */
  duration(options: NumberParamOptions = {}): Param<number> {
    return new Param(
      'duration',
      (text) => {
        const value = parseDuration(text);
        if (value === undefined) throw new ParamValueError('expected a duration such as 1h30m, 2d or 90s');
        return checkRange(value, options, formatDuration);
      },
      {
        ...options,
        hint:
          options.min !== undefined || options.max !== undefined
            ? `${options.min === undefined ? '' : formatDuration(options.min)}..${options.max === undefined ? '' : formatDuration(options.max)}`
            : undefined,
      },
    );
  },
  /** One of `choices` (case-insensitive); the value is the choice as declared. */
  choice<const C extends readonly string[]>(choices: C, options: ParamOptions = {}): Param<C[number]> {
    if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string' && c !== '')) {
      throw new CommandDefinitionError('param.choice needs a non-empty list of non-empty strings');
    }
    return new Param(
      'choice',
      (text) => {
        const found = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
        if (found === undefined) throw new ParamValueError(`expected one of ${choices.join(', ')}`);
        return found;
      },
      { ...options, hint: choices.join(' | ') },
    );
  },
  /** The rest of the line, as typed (must be the last parameter). */
  rest(options: StringParamOptions = {}): Param<string> {
    return new Param('text', (text) => checkLength(text, options), { ...options, rest: true });
  },
};
