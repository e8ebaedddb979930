/**
 * The built-in `help` command. `help` lists commands by category, `help add` (or `help config
 * prefix`) shows one command, `help <category>` lists one category, `help 2` shows page 2. When
 * the client also has 'slash' (so component clicks are expected and answered), pages are turned
 * with Previous/Next buttons: each button's `custom_id` carries the page, the category and the
 * prefix, so a click is answered (UPDATE_MESSAGE) without keeping any state, even after a restart.
 */
import type { KokoroClient, Message, MessageCreateOptions } from '@kokoro/core';
import {
  type APIInteraction,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';
import { commandHelp, findCommand, type HelpListing, helpPages } from './help.js';
import { invocationOf } from './invocation.js';
import { param } from './params.js';
import type { CommandMap, CommandResult } from './registry.js';
import { tokenize } from './tokenize.js';

/** Options of the built-in help command (`help: false` turns it off). */
export interface HelpOptions {
  /** Its name (default `help`). */
  name?: string;
  /** Other names. */
  aliases?: readonly string[];
  /** Commands per page (default 10). */
  perPage?: number;
  /** The category listed for commands without one (default `General`). */
  defaultCategory?: string;
  /** Its own category (default: the default category). */
  category?: string;
  /** Turn pages with buttons (default: when the client also has 'slash'). */
  buttons?: boolean;
}

/** The custom_id prefix of the help buttons. */
export const HELP_BUTTON = 'kokoro.help:';

/** The help settings resolved from the options. */
export interface HelpSettings {
  name: string;
  perPage: number;
  defaultCategory: string;
  buttons: boolean;
}

/** Resolve the help options for a client. */
export function helpSettings(client: KokoroClient, options: HelpOptions): HelpSettings {
  return {
    name: (options.name ?? 'help').toLowerCase(),
    perPage: options.perPage ?? 10,
    defaultCategory: options.defaultCategory ?? 'General',
    buttons: options.buttons ?? client.extensions.includes('slash'),
  };
}

function listing(settings: HelpSettings, prefix: string): HelpListing {
  return {
    prefix,
    helpName: settings.name,
    perPage: settings.perPage,
    defaultCategory: settings.defaultCategory,
    buttons: settings.buttons,
  };
}

function pageMessage(
  pages: string[],
  page: number,
  category: string,
  prefix: string,
  buttons: boolean,
): MessageCreateOptions {
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  const content = pages[index]!;
  if (!buttons || pages.length < 2) return { content, components: [] };
  const id = (to: number) => `${HELP_BUTTON}${to}:${category}:${prefix}`.slice(0, 100);
  const components = [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: '◀ Previous',
          custom_id: id(index - 1),
          disabled: index === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next ▶',
          custom_id: id(index + 1),
          disabled: index === pages.length - 1,
        },
      ],
    },
  ];
  return { content, components: components as MessageCreateOptions['components'] };
}

/** Add the help command to `commands`. */
export function addHelpCommand(commands: CommandMap, settings: HelpSettings, options: HelpOptions): void {
  commands.add(settings.name, {
    aliases: options.aliases ?? [],
    description: 'Lists the commands, or shows how to use one.',
    ...(options.category ? { category: options.category } : {}),
    params: { command: param.rest().optional().describe('a command, a category or a page number') },
    handler(_client: KokoroClient, message: Message, args: unknown): CommandResult {
      const query = ((args as { command?: string }).command ?? '').trim();
      const words = tokenize(query).map((token) => token.value);
      const prefix = invocationOf(message)?.prefix ?? '';
      if (query === '' || /^\d+$/.test(query)) {
        const pages = helpPages(commands, listing(settings, prefix));
        return pageMessage(pages, query === '' ? 0 : Number(query) - 1, '', prefix, settings.buttons);
      }
      const command = findCommand(commands, words);
      if (command) return commandHelp(command, prefix, settings.defaultCategory);
      const pages = helpPages(commands, listing(settings, prefix), query);
      if (!pages[0]!.includes('No commands.')) return pageMessage(pages, 0, query, prefix, settings.buttons);
      return `No command \`${query}\`. \`${prefix}${settings.name}\` lists them.`;
    },
  });
}

/**
 * Answer a click on a help button (UPDATE_MESSAGE with the asked page); false when the interaction
 * is not one of ours. `respond` sends the interaction response.
 */
export async function answerHelpButton(
  commands: CommandMap,
  settings: HelpSettings,
  interaction: APIInteraction,
  respond: (interaction: APIInteraction, body: unknown) => Promise<unknown>,
): Promise<boolean> {
  if (interaction.type !== InteractionType.MessageComponent) return false;
  const customId = interaction.data.custom_id;
  if (!customId.startsWith(HELP_BUTTON)) return false;
  const [page = '0', category = '', ...rest] = customId.slice(HELP_BUTTON.length).split(':');
  const prefix = rest.join(':');
  const pages = helpPages(commands, listing(settings, prefix), category === '' ? undefined : category);
  await respond(interaction, {
    type: InteractionResponseType.UpdateMessage,
    data: pageMessage(pages, Number(page) || 0, category, prefix, true),
  });
  return true;
}
