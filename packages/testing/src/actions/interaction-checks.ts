/**
 * What Discord refuses before an interaction ever reaches a bot: a command that is not registered
 * for the guild or globally, options that do not fit the registered schema (unknown names, wrong
 * types, missing required options, values outside the choices or ranges, autocomplete on an option
 * without it), and a user without the command's `default_member_permissions`. The real client would
 * not offer such an interaction; the fake throws a `FakeDiscordError` saying which rule was broken.
 */
import {
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  PermissionFlagsBits,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { FakeDiscordError } from '../world/errors.js';

type GivenOption = { name?: unknown; type?: unknown; value?: unknown; options?: unknown[]; focused?: unknown };

/** Check given options against the registered ones at one level; `path` names the command for messages. */
export function checkOptions(
  registered: readonly APIApplicationCommandOption[] | undefined,
  given: readonly unknown[] | undefined,
  path: string,
  autocomplete: boolean,
): void {
  const schema = new Map((registered ?? []).map((option) => [option.name, option]));
  const seen = new Set<string>();
  for (const raw of given ?? []) {
    const option = raw as GivenOption;
    const name = String(option.name);
    const declared = schema.get(name);
    if (!declared)
      throw new FakeDiscordError(
        `interact: ${path} has no option '${name}'; registered: ${[...schema.keys()].join(', ') || 'none'}`,
      );
    if (option.type !== declared.type) {
      throw new FakeDiscordError(
        `interact: ${path} option '${name}' is of type ${declared.type}, given type ${String(option.type)}`,
      );
    }
    seen.add(name);
    if (declared.type === T.Subcommand || declared.type === T.SubcommandGroup) {
      checkOptions(
        (declared as { options?: APIApplicationCommandOption[] }).options,
        option.options,
        `${path} ${name}`,
        autocomplete,
      );
      continue;
    }
    if (option.focused) {
      if (!autocomplete)
        throw new FakeDiscordError(`interact: ${path} option '${name}' is focused, but this is not an autocomplete`);
      if (!(declared as { autocomplete?: boolean }).autocomplete) {
        throw new FakeDiscordError(`interact: ${path} option '${name}' has no autocomplete`);
      }
      continue;
    }
    checkValue(declared, option.value, `${path} option '${name}'`);
  }
  if (autocomplete) return;
  for (const declared of schema.values()) {
    if ((declared as { required?: boolean }).required && !seen.has(declared.name)) {
      throw new FakeDiscordError(`interact: ${path} needs its required option '${declared.name}'`);
    }
  }
  const subs = [...seen].filter((name) => {
    const type = schema.get(name)?.type;
    return type === T.Subcommand || type === T.SubcommandGroup;
  });
  const hasSubs = [...schema.values()].some((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
  if (hasSubs && subs.length !== 1) throw new FakeDiscordError(`interact: ${path} needs exactly one subcommand`);
}

function checkValue(declared: APIApplicationCommandOption, value: unknown, what: string): void {
  const d = declared as {
    choices?: { value: unknown }[];
    min_value?: number;
    max_value?: number;
    min_length?: number;
    max_length?: number;
  };
  switch (declared.type) {
    case T.String:
      if (typeof value !== 'string')
        throw new FakeDiscordError(`interact: ${what} takes a string, given ${typeof value}`);
      if (d.min_length !== undefined && value.length < d.min_length)
        throw new FakeDiscordError(`interact: ${what} is shorter than ${d.min_length}`);
      if (d.max_length !== undefined && value.length > d.max_length)
        throw new FakeDiscordError(`interact: ${what} is longer than ${d.max_length}`);
      break;
    case T.Integer:
    case T.Number:
      if (typeof value !== 'number' || (declared.type === T.Integer && !Number.isInteger(value))) {
        throw new FakeDiscordError(
          `interact: ${what} takes ${declared.type === T.Integer ? 'an integer' : 'a number'}, given ${String(value)}`,
        );
      }
      if (d.min_value !== undefined && value < d.min_value)
        throw new FakeDiscordError(`interact: ${what} is below ${d.min_value}`);
      if (d.max_value !== undefined && value > d.max_value)
        throw new FakeDiscordError(`interact: ${what} is above ${d.max_value}`);
      break;
    case T.Boolean:
      if (typeof value !== 'boolean')
        throw new FakeDiscordError(`interact: ${what} takes a boolean, given ${typeof value}`);
      break;
    default:
      if (typeof value !== 'string' || !/^\d{1,20}$/.test(value))
        throw new FakeDiscordError(`interact: ${what} takes an id, given ${String(value)}`);
  }
  if (d.choices && d.choices.length > 0 && !d.choices.some((choice) => choice.value === value)) {
    throw new FakeDiscordError(
      `interact: ${what} must be one of its choices (${d.choices.map((c) => String(c.value)).join(', ')}), given ${String(value)}`,
    );
  }
}

/** Refuse a user lacking the command's `default_member_permissions` (administrators pass; `'0'` = administrators only). */
export function checkMemberPermissions(
  command: APIApplicationCommand,
  permissions: bigint | undefined,
  path: string,
): void {
  const needed = command.default_member_permissions;
  if (needed === null || needed === undefined || permissions === undefined) return;
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return;
  const bits = BigInt(needed);
  if (bits === 0n || (permissions & bits) !== bits) {
    throw new FakeDiscordError(`interact: the user lacks ${path}'s default_member_permissions (${needed})`);
  }
}
