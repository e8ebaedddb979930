/**
 * The 'commands' extension on one client: `client.commands`, and the MESSAGE_CREATE handler that
 * runs them. For each message: the prefix (prefix.ts), the command and subcommands named, its
 * checks (the groups' first), its parameters (parse-args.ts), its cooldown, then the handler, whose
 * return value is sent (reply.ts). Whatever stops it goes to the error handlers — the command's,
 * its groups', the extension's — and, when none answers, to a default: the usage for a bad
 * parameter, the check's reply, the retry time for a cooldown, and for anything else a short
 * apology in the channel plus the client's `error` event (as a `CommandFailedError`).
 */

import { type Clock, type IdLike, idOf, type KokoroClient, KokoroError, type Message, systemClock } from '@kokoro/core';
import type { APIApplication } from 'discord-api-types/v10';
import type { CheckContext } from './checks.js';
import { Cooldowns } from './cooldown.js';
import { CheckError, CooldownError, formatWait, ParameterError } from './errors.js';
import { commandHelp } from './help.js';
import { addHelpCommand, answerHelpButton, type HelpOptions, helpSettings } from './help-command.js';
import { recordInvocation } from './invocation.js';
import type { ParamSpecs } from './params.js';
import { parseArgs } from './parse-args.js';
import { isPrefixValue, type Prefix, type PrefixMatch, PrefixMatcher, type PrefixOptions } from './prefix.js';
import {
  type ArgsOf,
  type Command,
  type CommandErrorHandler,
  type CommandHandler,
  CommandMap,
  type CommandOptions,
  type CommandResult,
} from './registry.js';
import { sendResult } from './reply.js';
import { tokenize } from './tokenize.js';

/** The options the 'commands' extension reads from the client options. */
export interface CommandsExtensionOptions extends PrefixOptions {
  /** Also answer messages from other bots (default false); a client never answers itself. */
  commandsFromBots?: boolean;
  /** Who passes `check.ownerOnly()` (default: the application's owner, or its team's members). */
  owners?: readonly IdLike[];
  /** Extension-wide error handler, called after the command's own. */
  onError?: CommandErrorHandler;
  /** The built-in help command's options, or false for none (default on, named `help`). */
  help?: boolean | HelpOptions;
  /** What to answer when a handler throws; null answers nothing (default: a short apology naming the command). */
  errorReply?: string | null;
  /** The clock of cooldowns and prefix caching (default: the client's). */
  clock?: Clock;
}

/** A handler threw (or a reply could not be sent); the client's `error` handlers receive this. */
export class CommandFailedError extends KokoroError {
  /** The command's full name. */
  readonly command: string;

  constructor(command: string, cause: unknown) {
    super(
      'KOKORO_COMMAND_FAILED',
      `command "${command}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.command = command;
  }
}

type AddCommand = {
  <P extends ParamSpecs | undefined = undefined>(
    name: string,
    handler: CommandHandler<ArgsOf<P>>,
    options?: CommandOptions<P>,
  ): Command;
  <P extends ParamSpecs | undefined = undefined>(name: string, options?: CommandOptions<P>): Command;
};

/**
 * The `client.commands` object: call it (or `.add`) to add a command —
 * `add(name, handler, options?)` or `add(name, { params, handler, … })`; without a handler, a group.
 */
export interface Commands extends AddCommand {
  /** Add (or replace) a command. */
  add: AddCommand;
  /** Remove a command by name; true when it existed. */
  remove(name: string): boolean;
  /** A command by name or alias. */
  get(name: string): Command | undefined;
  /** Every command by name. */
  readonly all: ReadonlyMap<string, Command>;
  /** The prefix; can be changed at run time (cached answers are forgotten). */
  prefix: Prefix;
  /** Forget a prefix function's cached answer for a guild (or DM channel), or all. */
  clearPrefixCache(guild?: IdLike): void;
  /** Add an extension-wide error handler (after the `onError` option); returns its removal. */
  onError(handler: CommandErrorHandler): () => void;
  /** Forget cooldown uses (of one command's full name, or all). */
  resetCooldowns(command?: string): void;
}

/** Check the extension's options; throws a clear `KokoroError` (`KOKORO_EXTENSION`). */
export function validateCommandsOptions(options: Record<string, unknown>): void {
  const fail = (message: string) => {
    throw new KokoroError('KOKORO_EXTENSION', `extension "commands": ${message}`);
  };
  const prefix = options.prefix;
  if (typeof prefix !== 'function' && !isPrefixValue(prefix)) {
    fail('the option "prefix" must be a non-empty string, a list of them, or a function of the message');
  }
  for (const key of ['mentionPrefix', 'prefixIgnoreCase', 'spaceAfterPrefix', 'commandsFromBots'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean')
      fail(`the option "${key}" must be true or false`);
  }
  const ttl = options.prefixCacheTime;
  if (ttl !== undefined && (typeof ttl !== 'number' || !(ttl >= 0) || !Number.isFinite(ttl))) {
    fail('the option "prefixCacheTime" must be a number of ms (0 or more)');
  }
  if (options.owners !== undefined) {
    if (!Array.isArray(options.owners)) fail('the option "owners" must be a list of user ids');
    for (const owner of options.owners as IdLike[]) idOf(owner, 'owners[]');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function')
    fail('the option "onError" must be a function');
  const help = options.help;
  if (help !== undefined && typeof help !== 'boolean' && (typeof help !== 'object' || help === null)) {
    fail('the option "help" must be true, false or help options');
  }
  const perPage = (help as HelpOptions | undefined)?.perPage;
  if (perPage !== undefined && (!Number.isInteger(perPage) || perPage < 1))
    fail('help.perPage must be a positive integer');
  if (options.errorReply !== undefined && options.errorReply !== null && typeof options.errorReply !== 'string') {
    fail('the option "errorReply" must be a string or null');
  }
}

/** Create the `client.commands` object and hook it to the client's messages. */
export function createCommands(client: KokoroClient, options: CommandsExtensionOptions): Commands {
  const clock = options.clock ?? (client as { clock?: Clock }).clock ?? systemClock;
  const root = new CommandMap(undefined);
  const prefixes = new PrefixMatcher(client, options, clock);
  const cooldowns = new Cooldowns(clock);
  const errorHandlers: CommandErrorHandler[] = options.onError ? [options.onError] : [];
  const helpOptions = typeof options.help === 'object' ? options.help : {};
  const help = helpSettings(client, helpOptions);
  const owners = ownerLookup(client, options.owners);

  const add = ((name: string, handlerOrOptions: unknown, maybeOptions?: unknown) =>
    root.add(name, handlerOrOptions, maybeOptions)) as AddCommand;
  const commands = Object.assign((...args: Parameters<typeof root.add>) => root.add(...args), {
    add,
    remove: (name: string) => root.remove(name),
    get: (name: string) => root.get(name),
    all: root.all,
    clearPrefixCache: (guild?: IdLike) => prefixes.clear(guild),
    onError(handler: CommandErrorHandler) {
      if (typeof handler !== 'function') throw new KokoroError('KOKORO_COMMAND', 'onError needs a function');
      errorHandlers.push(handler);
      return () => {
        const index = errorHandlers.indexOf(handler);
        if (index >= 0) errorHandlers.splice(index, 1);
      };
    },
    resetCooldowns: (command?: string) => cooldowns.reset(command),
  }) as unknown as Commands;
  Object.defineProperty(commands, 'prefix', {
    get: () => prefixes.prefix,
    set: (prefix: Prefix) => {
      prefixes.prefix = prefix;
    },
    enumerable: true,
  });
  if (options.help !== false) addHelpCommand(root, help, helpOptions);

  const run = async (self: KokoroClient, message: Message, command: Command, prefix: string, line: string) => {
    recordInvocation(message, { prefix, command });
    try {
      const context: CheckContext = { client: self, message, now: clock.now(), isOwner: owners };
      for (const check of command.allChecks) {
        const failure = await check.evaluate(context);
        if (failure) throw new CheckError(command.fullName, failure.description, failure.reply);
      }
      if (!command.handler) {
        await sendResult(self, message.channel, commandHelp(command, prefix, help.defaultCategory));
        return;
      }
      const args = await parseArgs(command, line, { client: self, message }, prefix);
      if (command.cooldown) {
        const retryAt = cooldowns.take(command.fullName, command.cooldown, message);
        if (retryAt !== undefined) throw new CooldownError(command.fullName, retryAt, retryAt - clock.now());
      }
      await sendResult(self, message.channel, await command.handler(self, message, args));
    } catch (error) {
      await failed(self, message, command, error);
    }
  };

  const failed = async (self: KokoroClient, message: Message, command: Command, error: unknown) => {
    const handlers: CommandErrorHandler[] = [];
    for (let at: Command | undefined = command; at; at = at.parent) if (at.onError) handlers.push(at.onError);
    handlers.push(...errorHandlers);
    for (const handler of handlers) {
      let answer: CommandResult | boolean;
      try {
        answer = await handler(self, message, error, command);
      } catch (handlerError) {
        throw new CommandFailedError(command.fullName, handlerError);
      }
      if (answer === true) return;
      if (answer !== undefined && answer !== null && answer !== false && answer !== '') {
        await sendResult(self, message.channel, answer);
        return;
      }
    }
    if (error instanceof ParameterError) {
      await sendResult(self, message.channel, `${error.message}\nUsage: \`${error.usage}\``);
    } else if (error instanceof CheckError) {
      if (error.reply !== null) await sendResult(self, message.channel, error.reply);
    } else if (error instanceof CooldownError) {
      const reply = command.cooldown?.reply;
      if (reply === undefined) await sendResult(self, message.channel, error.message);
      else if (reply !== null)
        await sendResult(self, message.channel, reply.replaceAll('{retry}', formatWait(error.retryAfter)));
    } else {
      const apology =
        options.errorReply === undefined
          ? `Something went wrong while running \`${command.fullName}\`.`
          : options.errorReply;
      if (apology !== null) await sendResult(self, message.channel, apology).catch(() => undefined);
      throw new CommandFailedError(command.fullName, error);
    }
  };

  /** Find the command (and subcommands) a prefixed message names, and run it. */
  const dispatch = (
    self: KokoroClient,
    message: Message,
    match: PrefixMatch | undefined,
  ): Promise<void> | undefined => {
    if (!match) return undefined;
    const tokens = tokenize(match.body);
    const first = tokens[0];
    if (!first || first.quoted) return undefined;
    const named = root.get(first.value);
    if (!named) return undefined;
    let command: Command = named;
    let end = first.end;
    for (const token of tokens.slice(1)) {
      const sub: Command | undefined =
        command.subcommands.size > 0 && !token.quoted ? command.get(token.value) : undefined;
      if (!sub) break;
      command = sub;
      end = token.end;
    }
    return run(self, message, command, match.prefix, match.body.slice(end));
  };

  // Synchronous up to the prefix: most messages are not commands and cost no promise.
  client.on('messageCreate', (self, message) => {
    if (message.author.id === self.id) return undefined;
    if (message.author.bot && !options.commandsFromBots) return undefined;
    const found = prefixes.match(message);
    return found instanceof Promise
      ? found.then((match) => dispatch(self, message, match))
      : dispatch(self, message, found);
  });

  if (help.buttons) {
    client.on('interactionCreate', async (self, interaction) => {
      await answerHelpButton(root, help, interaction, (answered, body) =>
        self.interactionResponseCreate(answered.id, answered.token, body as never),
      );
    });
  }
  return commands;
}

/** Who owns the bot: the given ids, else the application's owner or team members (fetched once). */
function ownerLookup(client: KokoroClient, given: readonly IdLike[] | undefined): (userId: string) => Promise<boolean> {
  if (given) {
    const ids = new Set(given.map((owner) => idOf(owner, 'owners[]')));
    return async (userId) => ids.has(userId);
  }
  let pending: Promise<Set<string>> | undefined;
  return async (userId) => {
    pending ??= client.currentApplicationGet().then(
      (application: APIApplication) =>
        new Set(
          application.team
            ? application.team.members.map((member) => member.user.id)
            : application.owner
              ? [application.owner.id]
              : [],
        ),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return (await pending).has(userId);
  };
}
