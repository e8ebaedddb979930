/**
 * Help texts. The listing shows every command that is not hidden, by category (sorted, the default
 * category first), one line each: usage and description. It is cut into pages of `perPage`
 * commands (and never more than Discord's 2000 characters). The help of one command shows its
 * usage, description, parameters (kind, accepted values, optional or default), aliases, checks,
 * cooldown and subcommands.
 */
import { formatWait } from './errors.js';
import type { Command, CommandMap } from './registry.js';

/** How help lists commands. */
export interface HelpListing {
  /** The prefix shown in usage lines. */
  prefix: string;
  /** The help command's name (for the footer). */
  helpName: string;
  /** Commands per page. */
  perPage: number;
  /** The section of commands without a category. */
  defaultCategory: string;
  /** Whether pages are turned with buttons (else the footer says `help <page>`). */
  buttons: boolean;
}

const LIMIT = 1900;

function line(command: Command, prefix: string): string {
  const usage = `\`${command.usage(prefix)}\``;
  return command.description ? `${usage} — ${command.description}` : usage;
}

/** The visible commands by category, categories sorted with the default one first. */
export function byCategory(commands: CommandMap, defaultCategory: string): [string, Command[]][] {
  const sections = new Map<string, Command[]>();
  for (const command of commands.all.values()) {
    if (command.hidden) continue;
    const category = command.category ?? defaultCategory;
    const list = sections.get(category);
    if (list) list.push(command);
    else sections.set(category, [command]);
  }
  return [...sections.entries()]
    .sort(([a], [b]) => (a === defaultCategory ? -1 : b === defaultCategory ? 1 : a.localeCompare(b)))
    .map(([category, list]) => [category, list.sort((a, b) => a.name.localeCompare(b.name))]);
}

/** The listing's pages (at least one). `only` limits it to one category. */
export function helpPages(commands: CommandMap, listing: HelpListing, only?: string): string[] {
  const entries: { category: string; text: string }[] = [];
  for (const [category, list] of byCategory(commands, listing.defaultCategory)) {
    if (only !== undefined && category.toLowerCase() !== only.toLowerCase()) continue;
    for (const command of list) entries.push({ category, text: line(command, listing.prefix) });
  }
  const chunks: { category: string; text: string }[][] = [];
  let current: { category: string; text: string }[] = [];
  let size = 0;
  for (const entry of entries) {
    if (current.length >= listing.perPage || (current.length > 0 && size + entry.text.length > LIMIT - 300)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += entry.text.length + entry.category.length + 8;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  const details = `\`${listing.prefix}${listing.helpName} <command>\` for details`;
  return chunks.map((chunk, index) => {
    const lines = [chunks.length > 1 ? `**Commands** (page ${index + 1}/${chunks.length})` : '**Commands**'];
    let category: string | undefined;
    for (const entry of chunk) {
      if (entry.category !== category) {
        category = entry.category;
        lines.push(`__${category}__`);
      }
      lines.push(entry.text);
    }
    if (chunk.length === 0) lines.push('No commands.');
    const pages =
      chunks.length > 1 && !listing.buttons ? `, \`${listing.prefix}${listing.helpName} <page>\` for another page` : '';
    lines.push(`${details}${pages}.`);
    return lines.join('\n');
  });
}

/** The help of one command. */
export function commandHelp(command: Command, prefix: string, defaultCategory: string): string {
  const lines = [`**${prefix}${command.fullName}**${command.description ? ` — ${command.description}` : ''}`];
  lines.push(`Usage: \`${command.usage(prefix)}\``);
  const params = Object.entries(command.params ?? {});
  if (params.length > 0) {
    lines.push('Parameters:');
    for (const [name, p] of params) {
      const notes = [p.kind, p.hint, p.isRest ? 'rest of the line' : undefined, p.isOptional ? 'optional' : undefined]
        .filter(Boolean)
        .join(', ');
      lines.push(`• \`${name}\` (${notes})${p.description ? ` — ${p.description}` : ''}`);
    }
  }
  if (command.aliases.length > 0) lines.push(`Aliases: ${command.aliases.map((a) => `\`${a}\``).join(', ')}`);
  const checks = command.allChecks.map((c) => c.description);
  if (checks.length > 0) lines.push(`Checks: ${checks.join('; ')}`);
  if (command.cooldown) {
    const { uses = 1, window, per } = command.cooldown;
    lines.push(`Cooldown: ${uses} use${uses === 1 ? '' : 's'} per ${formatWait(window)} per ${per}`);
  }
  const subcommands = [...command.subcommands.all.values()].filter((c) => !c.hidden);
  if (subcommands.length > 0) {
    lines.push('Subcommands:');
    for (const sub of subcommands) lines.push(line(sub, prefix));
  }
  if (!command.parent) lines.push(`Category: ${command.category ?? defaultCategory}`);
  const text = lines.join('\n');
  return text.length > LIMIT ? `${text.slice(0, LIMIT)}…` : text;
}

/** Find the command a help query names (`config prefix` walks subcommands); hidden ones are not found. */
export function findCommand(commands: CommandMap, words: readonly string[]): Command | undefined {
  let command = words.length > 0 ? commands.get(words[0]!) : undefined;
  for (const word of words.slice(1)) {
    if (!command) break;
    command = command.get(word);
  }
  return command && !command.hidden ? command : undefined;
}
