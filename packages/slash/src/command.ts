/**
 * Declared application commands. `client.interactions(handler, options)` makes a {@link SlashCommand}:
 * its name (the handler's name unless `options.name`), where it lives (global, or guilds), its JSON as
 * Discord takes it (built once, validated at declaration with @kokoro/rest's command rules, so a bad
 * declaration is a `ValidationError` before anything is sent), and its handler. A command declared
 * without a handler is a parent: `parent.interactions(handler, options)` adds subcommands, and
 * `parent.interactions(undefined, { name, description })` a subcommand group.
 */
import { type KokoroClient, ValidationError } from '@kokoro/core';
import { validateApplicationCommand } from '@kokoro/rest';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocalizationMap,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { CommandEvent } from './event.js';
import type { AnyOption, OptionMap, OptionValues } from './options.js';
import type { HandlerReturn } from './result.js';

/** A guild given as an entity, an id, or a list of either. */
export type GuildTarget = string | { readonly id: string } | readonly (string | { readonly id: string })[];

/** Where a command may be used (`contexts`). */
export type ContextName = 'guild' | 'botDm' | 'privateChannel';
/** How the app must be installed for it (`integrationTypes`). */
export type IntegrationName = 'guildInstall' | 'userInstall';

/** Options of a declared command (chat input, or a context menu with `target`). */
export interface CommandDeclaration<O extends OptionMap = OptionMap> {
  /** The name (1..32, lowercase for chat input); default: the handler function's name. */
  name?: string;
  /** What the command does (1..100 characters; required for chat input commands). */
  description?: string;
  /** A guild, its id, or a list: the command is registered there only. Absent = global. */
  guild?: GuildTarget;
  /** The options, by name: `{ text: option.string('What to say', { required: true }) }`. */
  options?: O;
  /** A context-menu command on a user or a message instead of a slash command. */
  target?: 'user' | 'message';
  /** The name per locale (`{ fr: 'écho' }`). */
  nameLocalizations?: LocalizationMap;
  /** The description per locale. */
  descriptionLocalizations?: LocalizationMap;
  /** Permissions a member needs by default (a bitset as bigint, number or string); `0` = admins only. */
  defaultMemberPermissions?: bigint | number | string | null;
  /** Where it can be used (global commands): `['guild', 'botDm', 'privateChannel']`. */
  contexts?: readonly (ContextName | InteractionContextType)[];
  /** Installation kinds it is for (global commands): `['guildInstall', 'userInstall']`. */
  integrationTypes?: readonly (IntegrationName | ApplicationIntegrationType)[];
  /** Age-restricted. */
  nsfw?: boolean;
  /** Answer ephemerally by default (the auto-defer and returned results). */
  ephemeral?: boolean;
}

/** A chat input command handler: `(client, event, options)`. */
export type SlashCommandHandler<O extends OptionMap = OptionMap> = (
  client: KokoroClient,
  event: CommandEvent,
  options: OptionValues<O>,
) => HandlerReturn;

const CONTEXTS: Record<ContextName, InteractionContextType> = {
  guild: InteractionContextType.Guild,
  botDm: InteractionContextType.BotDM,
  privateChannel: InteractionContextType.PrivateChannel,
};
const INTEGRATIONS: Record<IntegrationName, ApplicationIntegrationType> = {
  guildInstall: ApplicationIntegrationType.GuildInstall,
  userInstall: ApplicationIntegrationType.UserInstall,
};

/** A leaf that runs: a command without subcommands, or a subcommand. */
export interface Runnable {
  /** The function that runs it: `(client, event, values)`; undefined for a parent of subcommands. */
  readonly handler: ((client: KokoroClient, event: CommandEvent, values: unknown) => unknown) | undefined;
  /** Its options by name, as declared. */
  readonly options: OptionMap;
  /** Whether its replies are ephemeral by default. */
  readonly ephemeral: boolean;
}

/** A subcommand or a group of them under a command. */
export class SubCommand implements Runnable {
  /** The subcommand's name. */
  readonly name: string;
  /** Its description. */
  readonly description: string;
  readonly handler: Runnable['handler'];
  readonly options: OptionMap;
  readonly ephemeral: boolean;
  /** Its subcommands by name, when it is a group. */
  readonly children = new Map<string, SubCommand>();
  readonly #declaration: CommandDeclaration;
  readonly #parent: SlashCommand;
  readonly #group: boolean;

  constructor(parent: SlashCommand, handler: Runnable['handler'], declaration: CommandDeclaration, group: boolean) {
    this.#parent = parent;
    this.#group = group;
    this.name = nameOf(handler, declaration, 'subcommand');
    this.description = declaration.description ?? '';
    this.handler = handler;
    this.options = declaration.options ?? {};
    this.ephemeral = declaration.ephemeral ?? parent.ephemeral;
    this.#declaration = declaration;
  }

  /** Add a subcommand to this group. */
  interactions<const O extends OptionMap = Record<never, never>>(
    handler: SlashCommandHandler<O>,
    declaration: CommandDeclaration<O>,
  ): SubCommand {
    if (!this.#group)
      throw new ValidationError(this.name, 'only a group (declared without a handler) holds subcommands');
    const sub = new SubCommand(this.#parent, handler as Runnable['handler'], declaration, false);
    this.children.set(sub.name, sub);
    this.#parent.changed();
    return sub;
  }

  /** The option JSON of this subcommand or group. */
  toJSON(): APIApplicationCommandOption {
    const declaration = this.#declaration;
    return {
      type: this.#group ? ApplicationCommandOptionType.SubcommandGroup : ApplicationCommandOptionType.Subcommand,
      name: this.name,
      description: this.description,
      ...localizations(declaration),
      ...(this.#group
        ? { options: [...this.children.values()].map((child) => child.toJSON()) }
        : optionsJSON(this.options)),
    } as APIApplicationCommandOption;
  }
}

/** A declared application command. */
export class SlashCommand implements Runnable {
  /** The command's name. */
  readonly name: string;
  /** Chat input (slash), user or message (context menu). */
  readonly type: ApplicationCommandType;
  readonly handler: Runnable['handler'];
  readonly options: OptionMap;
  readonly ephemeral: boolean;
  /** Guild ids it is registered in; empty = global. */
  readonly guildIds: readonly string[];
  /** Subcommands and groups by name. */
  readonly children = new Map<string, SubCommand>();
  readonly #declaration: CommandDeclaration;
  readonly #onChange: (command: SlashCommand) => void;

  constructor(
    handler: Runnable['handler'],
    declaration: CommandDeclaration,
    onChange: (command: SlashCommand) => void,
  ) {
    if (handler !== undefined && typeof handler !== 'function') {
      throw new ValidationError(
        'handler',
        `must be a function (or undefined for a command with subcommands), got ${typeof handler}`,
      );
    }
    if (typeof declaration !== 'object' || declaration === null) {
      throw new ValidationError('options', 'must be an object with at least a description');
    }
    this.type =
      declaration.target === 'user'
        ? ApplicationCommandType.User
        : declaration.target === 'message'
          ? ApplicationCommandType.Message
          : ApplicationCommandType.ChatInput;
    if (declaration.target !== undefined && this.type === ApplicationCommandType.ChatInput) {
      throw new ValidationError('target', `must be 'user' or 'message', got ${String(declaration.target)}`);
    }
    this.name = nameOf(handler, declaration, 'command');
    this.handler = handler;
    this.options = declaration.options ?? {};
    this.ephemeral = declaration.ephemeral ?? false;
    this.guildIds = guildIdsOf(declaration.guild);
    this.#declaration = declaration;
    this.#onChange = onChange;
    if (this.type !== ApplicationCommandType.ChatInput && declaration.options) {
      throw new ValidationError(`${this.name}.options`, 'context-menu commands (target) take no options');
    }
    if (this.guildIds.length > 0 && (declaration.contexts || declaration.integrationTypes)) {
      throw new ValidationError(`${this.name}.contexts`, 'contexts and integrationTypes apply to global commands only');
    }
    this.validate();
  }

  /** Add a subcommand (`handler` given) or a subcommand group (`handler` undefined) to this parent command. */
  interactions<const O extends OptionMap = Record<never, never>>(
    handler: SlashCommandHandler<O> | undefined,
    declaration: CommandDeclaration<O>,
  ): SubCommand {
    if (this.handler !== undefined || Object.keys(this.options).length > 0) {
      throw new ValidationError(
        this.name,
        'a command with a handler or options cannot hold subcommands; declare it with `undefined` as handler',
      );
    }
    const sub = new SubCommand(this, handler as Runnable['handler'], declaration, handler === undefined);
    this.children.set(sub.name, sub);
    try {
      this.validate();
    } catch (error) {
      this.children.delete(sub.name);
      throw error;
    }
    this.changed();
    return sub;
  }

  /** Called when a subcommand is added: re-validate and let the registry schedule a sync. */
  changed(): void {
    this.validate();
    this.#onChange(this);
  }

  /** The body Discord takes (`POST /applications/{app}/commands`). */
  toJSON(): RESTPostAPIApplicationCommandsJSONBody {
    const declaration = this.#declaration;
    const permissions = declaration.defaultMemberPermissions;
    const chatInput = this.type === ApplicationCommandType.ChatInput;
    return {
      type: this.type,
      name: this.name,
      ...(chatInput ? { description: declaration.description ?? '' } : {}),
      ...localizations(declaration, chatInput),
      ...(chatInput
        ? this.children.size > 0
          ? { options: [...this.children.values()].map((child) => child.toJSON()) }
          : optionsJSON(this.options)
        : {}),
      ...(permissions !== undefined
        ? { default_member_permissions: permissions === null ? null : BigInt(permissions).toString() }
        : {}),
      ...(declaration.contexts
        ? { contexts: declaration.contexts.map((c) => (typeof c === 'string' ? CONTEXTS[c] : c)) }
        : {}),
      ...(declaration.integrationTypes
        ? { integration_types: declaration.integrationTypes.map((t) => (typeof t === 'string' ? INTEGRATIONS[t] : t)) }
        : {}),
      ...(declaration.nsfw ? { nsfw: true } : {}),
    } as RESTPostAPIApplicationCommandsJSONBody;
  }

  /** The console shows a command as `SlashCommand(/echo, guild 123)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const label =
      this.type === ApplicationCommandType.ChatInput
        ? `/${this.name}`
        : `'${this.name}' (${this.type === ApplicationCommandType.User ? 'user' : 'message'} menu)`;
    return `SlashCommand(${label}, ${this.guildIds.length ? `guild ${this.guildIds.join(', ')}` : 'global'})`;
  }

  /** Check the declaration; throws a `ValidationError` naming the field. */
  validate(): void {
    const declaration = this.#declaration;
    if (declaration.contexts) {
      for (const [index, context] of declaration.contexts.entries()) {
        if (typeof context === 'string' && !(context in CONTEXTS)) {
          throw new ValidationError(
            `${this.name}.contexts[${index}]`,
            `must be 'guild', 'botDm' or 'privateChannel', got '${context}'`,
          );
        }
      }
    }
    if (declaration.integrationTypes) {
      for (const [index, kind] of declaration.integrationTypes.entries()) {
        if (typeof kind === 'string' && !(kind in INTEGRATIONS)) {
          throw new ValidationError(
            `${this.name}.integrationTypes[${index}]`,
            `must be 'guildInstall' or 'userInstall', got '${kind}'`,
          );
        }
      }
    }
    const permissions = declaration.defaultMemberPermissions;
    if (permissions !== undefined && permissions !== null) {
      try {
        if (BigInt(permissions) < 0n) throw new Error('negative');
      } catch {
        throw new ValidationError(
          `${this.name}.defaultMemberPermissions`,
          `must be a permission bitset (bigint, number or digit string), got ${String(permissions)}`,
        );
      }
    }
    checkOptions(this.options, this.name);
    for (const child of this.children.values()) {
      checkOptions(child.options, `${this.name}.${child.name}`);
      for (const leaf of child.children.values()) checkOptions(leaf.options, `${this.name}.${child.name}.${leaf.name}`);
    }
    validateApplicationCommand(this.toJSON(), this.name);
  }
}

function nameOf(handler: Runnable['handler'], declaration: CommandDeclaration, what: string): string {
  const name = declaration.name ?? (handler?.name || undefined);
  if (typeof name !== 'string' || name.length === 0) {
    throw new ValidationError('name', `a ${what} needs a name: give options.name or a named handler function`);
  }
  return name;
}

function guildIdsOf(guild: GuildTarget | undefined): string[] {
  if (guild === undefined) return [];
  const list = Array.isArray(guild) ? guild : [guild];
  return list.map((item, index) => {
    const id = typeof item === 'string' ? item : (item as { id?: unknown })?.id;
    if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) {
      throw new ValidationError(
        Array.isArray(guild) ? `guild[${index}]` : 'guild',
        `must be a guild or a guild id, got ${String(id)}`,
      );
    }
    return id;
  });
}

function localizations(
  declaration: { nameLocalizations?: LocalizationMap; descriptionLocalizations?: LocalizationMap },
  descriptions = true,
): Record<string, LocalizationMap> {
  return {
    ...(declaration.nameLocalizations ? { name_localizations: declaration.nameLocalizations } : {}),
    ...(descriptions && declaration.descriptionLocalizations
      ? { description_localizations: declaration.descriptionLocalizations }
      : {}),
  };
}

function optionsJSON(options: OptionMap): { options?: APIApplicationCommandOption[] } {
  const entries = Object.entries(options);
  if (entries.length === 0) return {};
  return { options: entries.map(([name, spec]) => optionJSON(name, spec)) };
}

/** The JSON of one declared option. */
export function optionJSON(name: string, spec: AnyOption): APIApplicationCommandOption {
  const s = spec.settings as Record<string, unknown>;
  const choices = s.choices as readonly (string | number | { name: string; value: string | number })[] | undefined;
  return {
    type: spec.type,
    name,
    description: spec.description ?? '',
    ...localizations(s as { nameLocalizations?: LocalizationMap; descriptionLocalizations?: LocalizationMap }),
    ...(spec.required ? { required: true } : {}),
    ...(choices
      ? {
          choices: choices.map((choice) =>
            typeof choice === 'object' ? { ...choice } : { name: String(choice), value: choice },
          ),
        }
      : {}),
    ...(s.minLength !== undefined ? { min_length: s.minLength } : {}),
    ...(s.maxLength !== undefined ? { max_length: s.maxLength } : {}),
    ...(s.minValue !== undefined ? { min_value: s.minValue } : {}),
    ...(s.maxValue !== undefined ? { max_value: s.maxValue } : {}),
    ...(s.types !== undefined ? { channel_types: [...(s.types as number[])] } : {}),
    ...(spec.autocomplete ? { autocomplete: true } : {}),
  } as APIApplicationCommandOption;
}

function checkOptions(options: OptionMap, path: string): void {
  if (typeof options !== 'object' || options === null)
    throw new ValidationError(`${path}.options`, 'must be an object of option declarations');
  for (const [name, spec] of Object.entries(options)) {
    const at = `${path}.options.${name}`;
    if (!spec || typeof spec !== 'object' || typeof spec.type !== 'number') {
      throw new ValidationError(at, 'must be declared with option.string(), option.integer()...');
    }
    if (spec.description === undefined)
      throw new ValidationError(`${at}.description`, 'is required (1..100 characters)');
    const s = spec.settings as Record<string, unknown>;
    for (const key of ['minLength', 'maxLength'] as const) {
      const value = s[key];
      if (
        value !== undefined &&
        (!Number.isInteger(value) || (value as number) < (key === 'minLength' ? 0 : 1) || (value as number) > 6000)
      ) {
        throw new ValidationError(
          `${at}.${key}`,
          `must be an integer ${key === 'minLength' ? 0 : 1}..6000, got ${String(value)}`,
        );
      }
    }
    if (s.minLength !== undefined && s.maxLength !== undefined && (s.minLength as number) > (s.maxLength as number)) {
      throw new ValidationError(`${at}.minLength`, `is ${s.minLength}, more than maxLength ${s.maxLength}`);
    }
    for (const key of ['minValue', 'maxValue'] as const) {
      const value = s[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
        throw new ValidationError(`${at}.${key}`, `must be a number, got ${String(value)}`);
      }
    }
    if (s.minValue !== undefined && s.maxValue !== undefined && (s.minValue as number) > (s.maxValue as number)) {
      throw new ValidationError(`${at}.minValue`, `is ${s.minValue}, more than maxValue ${s.maxValue}`);
    }
    if (spec.autocomplete !== undefined && typeof spec.autocomplete !== 'function') {
      throw new ValidationError(`${at}.autocomplete`, 'must be a function (client, event, value) => choices');
    }
  }
}
