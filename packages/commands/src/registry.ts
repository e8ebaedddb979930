/**
 * Commands and where they are kept. A `Command` has a name, aliases, a description, a category,
 * typed parameters, checks, a cooldown, an error handler and a handler; it may also hold
 * subcommands (`s!config prefix set ?` is `config` → `prefix` → `set`), kept in a `CommandMap` like
 * the top-level ones. A command without a handler is a group: called alone, it answers its help.
 * Checks of a group apply to everything under it.
 *
 * Each `add` made while a bot module loads is undone when that module is reloaded from the console,
 * so a reloaded module replaces its commands (and subcommands) instead of piling them up.
 */
import { type KokoroClient, type Message, type MessageCreateOptions, runtime } from '@kokoro/core';
import type { Check } from './checks.js';
import { type CooldownOptions, validateCooldown } from './cooldown.js';
import { CommandDefinitionError } from './errors.js';
import { Param, type ParamSpecs, type ParamValues } from './params.js';

/** Anything with `toJSON()`: an `Embed` from `@kokoro/builders`, or another builder of a message or embed. */
export interface Jsonable {
  /** The payload the builder stands for (Discord's JSON shape). */
  toJSON(): unknown;
}

/** One message a handler may return: text, message options, or an embed (or other builder). */
export type CommandReply = string | MessageCreateOptions | Jsonable;

/** What a command handler may return: a reply, several (an async iterable, or a generator), or nothing. */
export type CommandResult =
  | CommandReply
  | AsyncIterable<CommandReply>
  | Iterator<CommandReply>
  | undefined
  | null
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is a handler returning void
  | void;

/** Arguments of a command without declared parameters: the words (quotes respected), plus the raw rest of the line. */
export type CommandArgs = string[] & { readonly rest: string };

/** What a handler receives as `args`: the parsed values of its parameters, or the words. */
export type ArgsOf<P extends ParamSpecs | undefined> = P extends ParamSpecs ? ParamValues<P> : CommandArgs;

/** A command handler, called as `handler(client, message, args)`. */
export type CommandHandler<A = CommandArgs> = (
  client: KokoroClient,
  message: Message,
  args: A,
) => CommandResult | Promise<CommandResult>;

/**
 * An error handler: `(client, message, error, command)`. Return a reply to send it, `true` when
 * you answered yourself, or nothing to let the next handler (then the default) deal with it.
 */
export type CommandErrorHandler = (
  client: KokoroClient,
  message: Message,
  error: unknown,
  command: Command,
) => CommandResult | boolean | Promise<CommandResult | boolean>;

/** Options of one command. */
export interface CommandOptions<P extends ParamSpecs | undefined = undefined> {
  /** Other names that call it. */
  aliases?: readonly string[];
  /** One line for help. */
  description?: string;
  /** The help section it is listed under (default: the extension's `defaultCategory`). */
  category?: string;
  /** Left out of help listings (it still runs). */
  hidden?: boolean;
  /** Typed parameters, in argument order: `{ a: param.int(), rest: param.rest() }`. */
  params?: P;
  /** Conditions to run it (see `check`); a group's checks apply to its subcommands too. */
  checks?: readonly Check[];
  /** At most `uses` runs per `window` ms per user, channel or guild. */
  cooldown?: CooldownOptions;
  /** Called first when the command fails (bad parameter, check, cooldown, a throw). */
  onError?: CommandErrorHandler;
  /** The handler, when not given as the second argument; none makes a group. */
  handler?: CommandHandler<ArgsOf<P>>;
}

const NAME = /^[^\s]{1,64}$/;

/** A registered command (or group of subcommands). */
export class Command {
  /** Its name, lowercase. */
  readonly name: string;
  /** The group it belongs to, if it is a subcommand. */
  readonly parent: Command | undefined;
  /** Other names. */
  readonly aliases: readonly string[];
  /** One line for help. */
  readonly description: string | undefined;
  /** Declared help section (`undefined`: the extension's default; subcommands use their root's). */
  readonly category: string | undefined;
  /** Left out of help listings. */
  readonly hidden: boolean;
  /** Typed parameters, or undefined (the handler gets the words). */
  readonly params: ParamSpecs | undefined;
  /** Its own checks (the groups above it add theirs). */
  readonly checks: readonly Check[];
  /** Its cooldown. */
  readonly cooldown: CooldownOptions | undefined;
  /** Its error handler. */
  readonly onError: CommandErrorHandler | undefined;
  /** The handler, or undefined for a group. */
  readonly handler: CommandHandler<unknown> | undefined;
  /** Subcommands. */
  readonly subcommands: CommandMap;

  constructor(name: string, options: CommandOptions<ParamSpecs | undefined>, parent: Command | undefined) {
    this.name = name.toLowerCase();
    this.parent = parent;
    this.aliases = (options.aliases ?? []).map((alias) => alias.toLowerCase());
    this.description = options.description;
    this.category = options.category;
    this.hidden = options.hidden ?? false;
    this.params = options.params;
    this.checks = options.checks ?? [];
    this.cooldown = options.cooldown;
    this.onError = options.onError;
    this.handler = options.handler as CommandHandler<unknown> | undefined;
    this.subcommands = new CommandMap(this);
  }

  /** `config prefix set`: the names from the top-level command down. */
  get fullName(): string {
    return this.parent ? `${this.parent.fullName} ${this.name}` : this.name;
  }

  /** The top-level command it is under (itself when top-level). */
  get root(): Command {
    return this.parent ? this.parent.root : this;
  }

  /** Every check that applies: the groups' above, then its own. */
  get allChecks(): readonly Check[] {
    return this.parent ? [...this.parent.allChecks, ...this.checks] : this.checks;
  }

  /** The argument part of the usage: `<a> <b> [c] [text...]`. */
  get signature(): string {
    if (!this.params) return '';
    return Object.entries(this.params)
      .map(([name, p]) => {
        const label = p.isRest ? `${name}...` : name;
        return p.isOptional ? `[${label}]` : `<${label}>`;
      })
      .join(' ');
  }

  /** The usage line with a prefix: `s!add <a> <b>` (a group: `s!config <prefix | …>`). */
  usage(prefix: string): string {
    const head = `${prefix}${this.fullName}`;
    const visible = [...this.subcommands.all.values()].filter((c) => !c.hidden).map((c) => c.name);
    if (!this.handler && visible.length > 0) return `${head} <${visible.join(' | ')}>`;
    return this.signature ? `${head} ${this.signature}` : head;
  }

  /** Add a subcommand: `config.add('prefix', handler, options)` or `config.add('prefix', { … })`. */
  add<P extends ParamSpecs | undefined = undefined>(
    name: string,
    handler: CommandHandler<ArgsOf<P>>,
    options?: CommandOptions<P>,
  ): Command;
  add<P extends ParamSpecs | undefined = undefined>(name: string, options?: CommandOptions<P>): Command;
  add(name: string, handlerOrOptions: unknown, options?: unknown): Command {
    return this.subcommands.add(name, handlerOrOptions, options);
  }

  /** A subcommand by name or alias. */
  get(name: string): Command | undefined {
    return this.subcommands.get(name);
  }

  /** Remove a subcommand; true when it existed. */
  remove(name: string): boolean {
    return this.subcommands.remove(name);
  }
}

/** Commands by name and alias: the top level, or a group's subcommands. */
export class CommandMap {
  readonly #owner: Command | undefined;
  readonly #byName = new Map<string, Command>();
  readonly #byAlias = new Map<string, Command>();

  constructor(owner: Command | undefined) {
    this.#owner = owner;
  }

  /** Every command by name. */
  get all(): ReadonlyMap<string, Command> {
    return this.#byName;
  }

  /** How many commands. */
  get size(): number {
    return this.#byName.size;
  }

  /** A command by name or alias (case-insensitive). */
  get(name: string): Command | undefined {
    const lower = name.toLowerCase();
    return this.#byName.get(lower) ?? this.#byAlias.get(lower);
  }

  /** Add (or replace) a command; see `Commands.add`. */
  add(name: string, handlerOrOptions: unknown, maybeOptions?: unknown): Command {
    const where = this.#owner ? `subcommand "${this.#owner.fullName} ${String(name)}"` : `command "${String(name)}"`;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new CommandDefinitionError(`${where}: a name must be 1 to 64 characters without spaces`);
    }
    const options = (
      typeof handlerOrOptions === 'function'
        ? { ...(maybeOptions as object | undefined), handler: handlerOrOptions }
        : (handlerOrOptions ?? {})
    ) as CommandOptions<ParamSpecs | undefined> | undefined;
    if (typeof options !== 'object' || options === null) {
      throw new CommandDefinitionError(`${where}: expected a handler function or an options object`);
    }
    validateOptions(where, options);
    const command = new Command(name, options, this.#owner);
    this.remove(command.name);
    this.#byName.set(command.name, command);
    for (const alias of command.aliases) this.#byAlias.set(alias, command);
    // A command added by a bot module goes away when that module is reloaded.
    runtime.track(() => {
      if (this.#byName.get(command.name) === command) this.remove(command.name);
    });
    return command;
  }

  /** Remove a command by name; true when it existed. An alias another command took over stays. */
  remove(name: string): boolean {
    const command = this.#byName.get(String(name).toLowerCase());
    if (!command) return false;
    this.#byName.delete(command.name);
    for (const alias of command.aliases) if (this.#byAlias.get(alias) === command) this.#byAlias.delete(alias);
    return true;
  }
}

function validateOptions(where: string, options: CommandOptions<ParamSpecs | undefined>): void {
  for (const alias of options.aliases ?? []) {
    if (typeof alias !== 'string' || !NAME.test(alias)) {
      throw new CommandDefinitionError(`${where}: alias "${String(alias)}" must be 1 to 64 characters without spaces`);
    }
  }
  if (options.handler !== undefined && typeof options.handler !== 'function') {
    throw new CommandDefinitionError(`${where}: the handler must be a function (client, message, args) => reply`);
  }
  for (const key of ['description', 'category'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      throw new CommandDefinitionError(`${where}: ${key} must be a string`);
    }
  }
  if (options.checks !== undefined) {
    if (!Array.isArray(options.checks) || !options.checks.every((c) => typeof c?.evaluate === 'function')) {
      throw new CommandDefinitionError(`${where}: checks must be a list made with check.*`);
    }
  }
  if (options.cooldown !== undefined) validateCooldown(where, options.cooldown);
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new CommandDefinitionError(`${where}: onError must be a function`);
  }
  if (options.params !== undefined) validateParams(where, options.params);
}

function validateParams(where: string, params: ParamSpecs): void {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new CommandDefinitionError(`${where}: params must be an object such as { a: param.int() }`);
  }
  const entries = Object.entries(params);
  let optionalSeen: string | undefined;
  entries.forEach(([name, p], index) => {
    if (!(p instanceof Param)) {
      throw new CommandDefinitionError(`${where}: parameter "${name}" must be made with param.* (e.g. param.int())`);
    }
    if (p.isRest && index !== entries.length - 1) {
      throw new CommandDefinitionError(`${where}: parameter "${name}" takes the rest of the line, so it must be last`);
    }
    if (!p.isOptional && optionalSeen !== undefined) {
      throw new CommandDefinitionError(
        `${where}: required parameter "${name}" comes after optional "${optionalSeen}"; put optional ones last`,
      );
    }
    if (p.isOptional) optionalSeen ??= name;
  });
}
