/**
 * The 'commands' extension: prefix commands read from MESSAGE_CREATE. A command's handler is
 * called as `handler(client, message, args)`; a returned string (or message options) is sent
 * as the reply in the same channel.
 */
import { type KokoroClient, KokoroError, type Message, type MessageCreateOptions, runtime } from '@kokoro/core';

/** What a command handler may return: a reply, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is a handler returning void
export type CommandResult = string | MessageCreateOptions | undefined | null | void;

/** Arguments after the command name: whitespace-split words, plus the raw rest of the line. */
export type CommandArgs = string[] & { readonly rest: string };

/** A command handler, called as `handler(client, message, args)`. */
export type CommandHandler = (
  client: KokoroClient,
  message: Message,
  args: CommandArgs,
) => CommandResult | Promise<CommandResult>;

/** A prefix: one string, several, or a function of the message (per-guild prefixes). */
export type Prefix = string | readonly string[] | ((message: Message) => string | readonly string[]);

/** Options of one command. */
export interface CommandOptions {
  /** Other names that call it. */
  aliases?: readonly string[];
  /** One line for help listings. */
  description?: string;
}

/** A registered command. */
export interface Command extends CommandOptions {
  readonly name: string;
  readonly handler: CommandHandler;
}

/** The `client.commands` object: call it (or `.add`) to add a command. */
export interface Commands {
  (name: string, handler: CommandHandler, options?: CommandOptions): Command;
  /** Add (or replace) a command. */
  add(name: string, handler: CommandHandler, options?: CommandOptions): Command;
  /** Remove a command by name; true when it existed. */
  remove(name: string): boolean;
  /** A command by name or alias. */
  get(name: string): Command | undefined;
  /** Every command by name. */
  readonly all: ReadonlyMap<string, Command>;
  /** The prefix; can be changed at run time. */
  prefix: Prefix;
}

/** The options the 'commands' extension reads from the client options. */
export interface CommandsExtensionOptions {
  /** Required: what a command message starts with, e.g. `'s!'`. */
  prefix: Prefix;
  /** Also answer messages from other bots (default false). */
  commandsFromBots?: boolean;
}

const NAME = /^[^\s]{1,64}$/;

/** Check the extension's options; throws a clear error. */
export function validateCommandsOptions(options: Record<string, unknown>): void {
  const prefix = options.prefix;
  const ok =
    (typeof prefix === 'string' && prefix.length > 0) ||
    typeof prefix === 'function' ||
    (Array.isArray(prefix) && prefix.length > 0 && prefix.every((p) => typeof p === 'string' && p.length > 0));
  if (!ok) {
    throw new KokoroError(
      'KOKORO_EXTENSION',
      'extension "commands": the option "prefix" must be a non-empty string, a list of them, or a function of the message',
    );
  }
}

/** Create the `client.commands` object and hook it to the client's MESSAGE_CREATE. */
export function createCommands(client: KokoroClient, options: CommandsExtensionOptions): Commands {
  const byName = new Map<string, Command>();
  const byAlias = new Map<string, Command>();

  const add = (name: string, handler: CommandHandler, commandOptions: CommandOptions = {}): Command => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new KokoroError(
        'KOKORO_COMMAND',
        `command name "${String(name)}" must be 1 to 64 characters without spaces`,
      );
    }
    for (const alias of commandOptions.aliases ?? []) {
      if (typeof alias !== 'string' || !NAME.test(alias)) {
        throw new KokoroError(
          'KOKORO_COMMAND',
          `command "${name}": alias "${String(alias)}" must be 1 to 64 characters without spaces`,
        );
      }
    }
    if (typeof handler !== 'function')
      throw new KokoroError('KOKORO_COMMAND', `command "${name}" needs a handler function`);
    const command: Command = { name: name.toLowerCase(), handler, ...commandOptions };
    remove(command.name);
    byName.set(command.name, command);
    for (const alias of command.aliases ?? []) byAlias.set(alias.toLowerCase(), command);
    // A command added by a bot module goes away when that module is reloaded.
    runtime.track(() => {
      if (byName.get(command.name) === command) remove(command.name);
    });
    return command;
  };
  const remove = (name: string): boolean => {
    const command = byName.get(name.toLowerCase());
    if (!command) return false;
    byName.delete(command.name);
    // An alias another command took over since stays with that command.
    for (const alias of command.aliases ?? []) {
      if (byAlias.get(alias.toLowerCase()) === command) byAlias.delete(alias.toLowerCase());
    }
    return true;
  };
  const commands = Object.assign(
    (name: string, handler: CommandHandler, commandOptions?: CommandOptions) => add(name, handler, commandOptions),
    {
      add,
      remove,
      get: (name: string) => byName.get(name.toLowerCase()) ?? byAlias.get(name.toLowerCase()),
      all: byName as ReadonlyMap<string, Command>,
      prefix: options.prefix,
    },
  ) as Commands;

  client.on('messageCreate', async (self, message) => {
    if (message.author.id === self.id) return;
    if (message.author.bot && !options.commandsFromBots) return;
    const parsed = parse(message, commands.prefix);
    if (!parsed) return;
    const command = commands.get(parsed.name);
    if (!command) return;
    const result = await command.handler(self, message, parsed.args);
    if (result === undefined || result === null || result === '') return;
    await self.messageCreate(message.channel, result as string | MessageCreateOptions);
  });
  return commands;
}

function parse(message: Message, prefix: Prefix): { name: string; args: CommandArgs } | undefined {
  const content = message.content;
  if (!content) return undefined;
  const prefixes = typeof prefix === 'function' ? prefix(message) : prefix;
  const list = typeof prefixes === 'string' ? [prefixes] : prefixes;
  const used = list.find((p) => content.startsWith(p));
  if (used === undefined) return undefined;
  const body = content.slice(used.length).trimStart();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(body);
  if (!match) return undefined;
  const rest = match[2] ?? '';
  const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  return { name: match[1]!.toLowerCase(), args: Object.assign(words, { rest }) };
}
