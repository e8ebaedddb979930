/**
 * What a simulated user types into Discord's client, turned into the interaction data Discord
 * sends: slash command options by name (typed from the registered command, subcommands by path),
 * the component a click or a selection targets (in action rows or Components V2 layouts), and the
 * filled-in fields of a modal. Anything the real client would not let the user send throws a
 * `FakeDiscordError` naming what is allowed.
 */
import {
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  ComponentType,
  ApplicationCommandOptionType as O,
} from 'discord-api-types/v10';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import type { InteractionState } from '../world/stores.js';

/** A value of a command option by name: strings, numbers, booleans, or objects/ids for users, channels, roles. */
export type OptionValue = string | number | boolean | IdLike;

/** The interaction options of `registered` (down `path` of subcommands) from values by name. */
export function buildOptions(
  registered: APIApplicationCommand,
  path: readonly string[],
  values: Record<string, OptionValue>,
): unknown[] | undefined {
  let schema: readonly APIApplicationCommandOption[] = registered.options ?? [];
  let label = `/${registered.name}`;
  const wrappers: { name: string; type: number }[] = [];
  for (const step of path) {
    const sub = schema.find((o) => o.name === step && (o.type === O.Subcommand || o.type === O.SubcommandGroup));
    if (!sub) {
      throw new FakeDiscordError(`runs: ${label} has no subcommand '${step}'.`);
    }
    wrappers.push({ name: sub.name, type: sub.type });
    schema = (sub as { options?: APIApplicationCommandOption[] }).options ?? [];
    label = `${label} ${step}`;
  }
  const leaf: unknown[] = [];
  for (const [name, value] of Object.entries(values)) {
    const declared = schema.find((o) => o.name === name);
    if (!declared) {
      throw new FakeDiscordError(
        `runs: ${label} has no option '${name}'; it has: ${schema.map((o) => o.name).join(', ') || 'none'}.`,
      );
    }
    leaf.push({ name, type: declared.type, value: optionValue(declared.type, value, `${label} option '${name}'`) });
  }
  let options: unknown[] | undefined = wrappers.length > 0 || leaf.length > 0 ? leaf : undefined;
  for (const wrapper of wrappers.reverse()) {
    options = [{ name: wrapper.name, type: wrapper.type, ...(options && options.length > 0 ? { options } : {}) }];
  }
  return options;
}

function optionValue(type: O, value: OptionValue, label: string): string | number | boolean {
  switch (type) {
    case O.User:
    case O.Channel:
    case O.Role:
    case O.Mentionable:
    case O.Attachment:
      return idOf(value as IdLike);
    case O.Integer:
    case O.Number:
      if (typeof value !== 'number')
        throw new FakeDiscordError(`runs: ${label} takes a number, given ${typeof value}.`);
      return value;
    case O.Boolean:
      if (typeof value !== 'boolean')
        throw new FakeDiscordError(`runs: ${label} takes a boolean, given ${typeof value}.`);
      return value;
    default:
      if (typeof value !== 'string')
        throw new FakeDiscordError(`runs: ${label} takes a string, given ${typeof value}.`);
      return value;
  }
}

/** A component of any kind, as far as finding one by custom id needs. */
export interface ComponentLike {
  /** The component type. */
  type: number;
  /** Its custom id (interactive components). */
  custom_id?: string;
  /** Greyed out. */
  disabled?: boolean;
  /** Children (rows, containers, sections). */
  components?: ComponentLike[];
  /** A label's input. */
  component?: ComponentLike;
  /** A section's accessory (a button or thumbnail). */
  accessory?: ComponentLike;
  /** A modal input that must be filled. */
  required?: boolean;
}

/** Find a component by custom id in action rows and Components V2 layouts (containers, sections, labels). */
export function findComponent(components: readonly unknown[], customId: string): ComponentLike | undefined {
  for (const raw of components) {
    const component = raw as ComponentLike;
    if (component.custom_id === customId) return component;
    const children = [
      ...(component.components ?? []),
      ...(component.component ? [component.component] : []),
      ...(component.accessory ? [component.accessory] : []),
    ];
    const found = findComponent(children, customId);
    if (found) return found;
  }
  return undefined;
}

/** Every `custom_id` in a message's or modal's components, depth first (rows, sections' accessories, labels' components). */
export function collectCustomIds(components: readonly unknown[]): string[] {
  const ids: string[] = [];
  const walk = (list: readonly unknown[]) => {
    for (const raw of list) {
      const c = raw as ComponentLike;
      if (c.custom_id) ids.push(c.custom_id);
      walk([...(c.components ?? []), ...(c.component ? [c.component] : []), ...(c.accessory ? [c.accessory] : [])]);
    }
  };
  walk(components);
  return ids;
}

/** A modal as a bot sends it. */
export interface ModalLike {
  /** The modal's custom id. */
  custom_id: string;
  /** Its labels and text displays. */
  components: ComponentLike[];
}

/** The modal a bot answered an interaction with (response type 9); throws `FakeDiscordError` when it answered otherwise. */
export function modalOf(state: InteractionState): ModalLike {
  const response = state.response as { type?: number; data?: ModalLike } | undefined;
  if (state.responseType !== 9 || !response?.data) {
    throw new FakeDiscordError(
      `submits: the bot answered interaction ${state.id} with response type ${state.responseType}, not a modal (9).`,
    );
  }
  return response.data;
}

/** The modal-submit components Discord sends back: each text input with its value, in its row or label. */
export function fillModal(modal: ModalLike, values: Record<string, string | readonly string[]>): unknown[] {
  const known = new Set(collectCustomIds(modal.components));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) {
      throw new FakeDiscordError(
        `submits: modal '${modal.custom_id}' has no field '${key}'; it has: ${[...known].join(', ') || 'none'}.`,
      );
    }
  }
  const fill = (input: ComponentLike): unknown => {
    const id = input.custom_id ?? '';
    const value = values[id];
    if (input.type === ComponentType.TextInput) {
      if (value === undefined && input.required !== false) {
        throw new FakeDiscordError(`submits: modal '${modal.custom_id}' requires '${id}'.`);
      }
      return { type: input.type, id: 0, custom_id: id, value: typeof value === 'string' ? value : (value?.[0] ?? '') };
    }
    return { type: input.type, id: 0, custom_id: id, values: value === undefined ? [] : [value].flat() };
  };
  return modal.components.map((row) => {
    if (row.component) return { type: row.type, id: 0, component: fill(row.component) };
    return { type: row.type, id: 0, components: (row.components ?? []).map(fill) };
  });
}
