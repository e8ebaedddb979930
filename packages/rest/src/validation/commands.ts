/**
 * Application command rules (Discord's, checked before registering):
 * - names match `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` and are lowercase for chat-input
 *   commands and all options; user and message commands take any 1..32 characters;
 * - descriptions are 1..100 characters for chat-input commands and empty for user/message commands;
 * - at most 25 options per level, required options before optional ones, names unique per level;
 *   subcommand groups hold only subcommands, subcommands hold no subcommands;
 * - at most 25 choices (string, integer, number options only; not with autocomplete);
 * - names, descriptions and choices together at most 4000 characters;
 * - a bulk overwrite holds at most 100 chat-input, 15 user and 15 message commands, names unique per type.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import {
  at,
  charLength,
  checkCount,
  checkText,
  type Fields,
  fail,
  isFields,
  requireArray,
  requireFields,
  requireText,
} from './check.js';
import { limits } from './limits.js';

/** Discord's pattern for chat-input command and option names. */
export const commandNamePattern = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const choiceTypes: ReadonlySet<unknown> = new Set([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
]);

/** Validate a command to create (`applicationCommandCreate`, `applicationGuildCommandCreate`). */
export function validateApplicationCommand(body: unknown, path = ''): void {
  validateCommand(body, path, false);
}

/** Validate a command edit: like a create, but every field is optional. */
export function validateApplicationCommandEdit(body: unknown, path = ''): void {
  validateCommand(body, path, true);
}

/** Validate a bulk overwrite (`applicationCommandsOverwrite`, `applicationGuildCommandsOverwrite`). */
export function validateApplicationCommands(body: unknown, path = ''): void {
  const commands = requireArray(body, path || 'body');
  const counts = new Map<number, number>();
  const names = new Map<string, number>();
  commands.forEach((command, index) => {
    validateCommand(command, at(path, index), false);
    const { type = ApplicationCommandType.ChatInput, name } = command as Fields;
    counts.set(type as number, (counts.get(type as number) ?? 0) + 1);
    const key = `${String(type)}:${String(name)}`;
    const previous = names.get(key);
    if (previous !== undefined) fail(at(at(path, index), 'name'), `duplicates the name of command [${previous}]`);
    names.set(key, index);
  });
  const maxima: [number, number, string][] = [
    [ApplicationCommandType.ChatInput, limits.chatInputCommands, 'chat-input'],
    [ApplicationCommandType.User, limits.userCommands, 'user'],
    [ApplicationCommandType.Message, limits.messageCommands, 'message'],
  ];
  for (const [type, maximum, label] of maxima) {
    const count = counts.get(type) ?? 0;
    if (count > maximum) fail(path || 'body', `at most ${maximum} ${label} commands, got ${count}`);
  }
}

function validateCommand(body: unknown, path: string, partial: boolean): void {
  const command = requireFields(body, path || 'body');
  const type = command.type ?? ApplicationCommandType.ChatInput;
  const chatInput = type === ApplicationCommandType.ChatInput;
  if (typeof type !== 'number' || !Object.values(ApplicationCommandType).includes(type)) {
    fail(at(path, 'type'), `must be a command type 1..4, got ${String(type)}`);
  }
  let total = 0;
  if (!partial || command.name !== undefined) {
    total += chatInput
      ? validateName(command.name, at(path, 'name'))
      : requireText(command.name, at(path, 'name'), 1, limits.commandName).length;
  }
  validateLocalizations(command.name_localizations, at(path, 'name_localizations'), chatInput ? 'name' : 'any');
  if (chatInput) {
    if (!partial || command.description !== undefined) {
      total += requireText(command.description, at(path, 'description'), 1, limits.commandDescription).length;
    }
    validateLocalizations(command.description_localizations, at(path, 'description_localizations'), 'description');
  } else if (
    (type === ApplicationCommandType.User || type === ApplicationCommandType.Message) &&
    typeof command.description === 'string' &&
    command.description.length > 0
  ) {
    fail(at(path, 'description'), 'user and message commands take an empty description');
  }
  if (command.options !== undefined && command.options !== null) {
    if (!chatInput) fail(at(path, 'options'), 'only chat-input commands take options');
    total += validateOptions(command.options, at(path, 'options'), 0);
  }
  if (total > limits.commandTotal) {
    fail(
      path || 'body',
      `names, descriptions and choices add up to ${total} characters; the limit is ${limits.commandTotal}`,
    );
  }
}

/** Validate one level of options; `depth` 0 = the command, 1 = a subcommand group, 2 = a subcommand. Returns characters used. */
function validateOptions(value: unknown, path: string, depth: number): number {
  const options = checkCount(value, path, 0, limits.commandOptions);
  let total = 0;
  let sawOptional = false;
  let sawSubcommand = false;
  let sawValue = false;
  const names = new Set<string>();
  options.forEach((item, index) => {
    const optionPath = at(path, index);
    const option = requireFields(item, optionPath);
    const type = option.type;
    if (typeof type !== 'number' || !Object.values(ApplicationCommandOptionType).includes(type)) {
      fail(at(optionPath, 'type'), `must be an option type 1..11, got ${String(type)}`);
    }
    total += validateName(option.name, at(optionPath, 'name'));
    if (names.has(option.name as string))
      fail(at(optionPath, 'name'), `duplicates option name '${String(option.name)}'`);
    names.add(option.name as string);
    total += requireText(option.description, at(optionPath, 'description'), 1, limits.commandDescription).length;
    validateLocalizations(option.name_localizations, at(optionPath, 'name_localizations'), 'name');
    validateLocalizations(option.description_localizations, at(optionPath, 'description_localizations'), 'description');

    const isSubcommand = type === ApplicationCommandOptionType.Subcommand;
    const isGroup = type === ApplicationCommandOptionType.SubcommandGroup;
    if (isSubcommand || isGroup) {
      sawSubcommand = true;
      if (isGroup && depth > 0) fail(at(optionPath, 'type'), 'a subcommand group can only be at the top level');
      if (isSubcommand && depth > 1) fail(at(optionPath, 'type'), 'a subcommand cannot hold subcommands');
      if (depth === 1 && !isSubcommand) fail(at(optionPath, 'type'), 'a subcommand group holds only subcommands');
      if (option.required !== undefined) fail(at(optionPath, 'required'), 'subcommands and groups cannot be required');
      if (option.options !== undefined)
        total += validateOptions(option.options, at(optionPath, 'options'), isGroup ? 1 : 2);
    } else {
      sawValue = true;
      if (depth === 1) fail(at(optionPath, 'type'), 'a subcommand group holds only subcommands');
      if (option.options !== undefined)
        fail(at(optionPath, 'options'), 'only subcommands and groups have nested options');
      if (option.required === true && sawOptional) {
        fail(at(optionPath, 'required'), 'required options must come before optional ones');
      }
      if (option.required !== true) sawOptional = true;
      total += validateChoices(option, optionPath);
    }
  });
  if (sawSubcommand && sawValue) {
    fail(path, 'subcommands (or groups) and value options cannot be mixed at one level');
  }
  return total;
}

function validateChoices(option: Fields, path: string): number {
  if (option.choices === undefined || option.choices === null) return 0;
  if (!choiceTypes.has(option.type)) fail(at(path, 'choices'), 'only string, integer and number options take choices');
  if (option.autocomplete === true && Array.isArray(option.choices) && option.choices.length > 0) {
    fail(at(path, 'choices'), 'an option with autocomplete cannot have choices');
  }
  const choices = checkCount(option.choices, at(path, 'choices'), 0, limits.commandChoices);
  let total = 0;
  choices.forEach((item, index) => {
    const choicePath = at(at(path, 'choices'), index);
    const choice = requireFields(item, choicePath);
    total += requireText(choice.name, at(choicePath, 'name'), 1, limits.commandChoiceName).length;
    if (option.type === ApplicationCommandOptionType.String) {
      total += requireText(choice.value, at(choicePath, 'value'), 1, limits.commandChoiceStringValue).length;
    } else if (typeof choice.value !== 'number' || !Number.isFinite(choice.value)) {
      fail(at(choicePath, 'value'), 'must be a number for integer and number options');
    } else {
      if (option.type === ApplicationCommandOptionType.Integer && !Number.isInteger(choice.value)) {
        fail(at(choicePath, 'value'), 'must be an integer');
      }
      total += String(choice.value).length;
    }
  });
  return total;
}

/** A chat-input or option name: the pattern, and lowercase where a lowercase form exists. Returns its length. */
function validateName(value: unknown, path: string): number {
  const name = requireText(value, path, 1, limits.commandName);
  if (!commandNamePattern.test(name)) {
    fail(path, `'${name}' must match ${commandNamePattern.source} (letters, digits, - _ ', no spaces)`);
  }
  if (name !== name.toLowerCase()) fail(path, `'${name}' must be lowercase`);
  return charLength(name);
}

function validateLocalizations(value: unknown, path: string, kind: 'name' | 'description' | 'any'): void {
  if (value === undefined || value === null) return;
  if (!isFields(value)) fail(path, 'must be an object of locale -> text');
  for (const [locale, text] of Object.entries(value)) {
    if (text === null) continue;
    if (kind === 'name') validateName(text, at(path, locale));
    else checkText(text, at(path, locale), 1, kind === 'description' ? limits.commandDescription : limits.commandName);
  }
}
