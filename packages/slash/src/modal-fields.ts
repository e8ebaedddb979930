/**
 * Modals with typed fields. `field.text('Your name', { maxLength: 40 })`, `field.radio('Rating',
 * ['1', '2', '3'])`, `field.checkbox('I agree')`… declare a modal's inputs; each becomes a Label
 * wrapping its input when the modal is opened, and on submit the handler receives one object with
 * each field's value typed (`{ name: string; rating: string; agree: boolean }`).
 */
import {
  ChannelSelect,
  Checkbox,
  CheckboxGroup,
  FileUpload,
  type GroupChoice,
  Label,
  MentionableSelect,
  RadioGroup,
  RoleSelect,
  StringSelect,
  type StringSelectChoice,
  TextInput,
  UserSelect,
} from '@kokoro/builders';
import type { Channel, Guild, KokoroClient, Role, User } from '@kokoro/core';
import {
  type APIAttachment,
  type APIInteractionDataResolved,
  type ChannelType,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { resolveValue } from './resolve.js';

/** A submitted component, as Discord sends it inside a Label. */
export interface SubmittedComponent {
  /** The component type. */
  type: number;
  /** The field's custom id. */
  custom_id: string;
  /** A text input's, radio group's or checkbox's value. */
  value?: string | boolean | null;
  /** A select's or checkbox group's values. */
  values?: string[];
}

/** One declared modal field. `V` is the value the handler receives. */
export interface FieldSpec<V = unknown> {
  /** The label shown above the input (1..45 characters). */
  readonly label: string;
  /** The label's description, if any. */
  readonly description: string | undefined;
  /** The input component for `customId` (a builder). */
  input(customId: string): unknown;
  /** The value from the submitted component. */
  read(
    client: KokoroClient,
    guild: Guild | undefined,
    submitted: SubmittedComponent | undefined,
    resolved: APIInteractionDataResolved | undefined,
  ): V;
}

/** Fields by name. */
export type FieldMap = Readonly<Record<string, FieldSpec>>;

/** The handler's object for declared fields. */
export type FieldValues<F extends FieldMap> = { [K in keyof F]: F[K] extends FieldSpec<infer V> ? V : never };

interface Common {
  /** Small text under the label (up to 100 characters). */
  description?: string;
}

function fieldOf<V>(
  label: string,
  options: Common,
  input: (customId: string) => unknown,
  read: FieldSpec<V>['read'],
): FieldSpec<V> {
  return { label, description: options.description, input, read };
}

const ids = (submitted: SubmittedComponent | undefined) => submitted?.values ?? [];

function entities<V>(type: T) {
  return (
    client: KokoroClient,
    guild: Guild | undefined,
    submitted: SubmittedComponent | undefined,
    resolved: APIInteractionDataResolved | undefined,
  ) => ids(submitted).map((id) => resolveValue(client, guild, type, id, resolved) as V);
}

/** Modal field declarations. */
export const field = {
  /** A text input; `required` defaults to true (an optional one gives `undefined` when left empty). */
  text<const R extends boolean = true>(
    label: string,
    options: Common & {
      style?: 'short' | 'paragraph';
      placeholder?: string;
      value?: string;
      minLength?: number;
      maxLength?: number;
      required?: R;
    } = {},
  ): FieldSpec<R extends false ? string | undefined : string> {
    const { description: _d, ...settings } = options;
    return fieldOf(
      label,
      options,
      (id) => new TextInput(id, settings),
      (_c, _g, submitted) => {
        const value = typeof submitted?.value === 'string' ? submitted.value : '';
        return (value === '' && options.required === false ? undefined : value) as R extends false
          ? string | undefined
          : string;
      },
    );
  },
  /** A string select in the modal: the values chosen. */
  select(
    label: string,
    choices: readonly (string | StringSelectChoice)[],
    options: Common & { minValues?: number; maxValues?: number; required?: boolean; placeholder?: string } = {},
  ): FieldSpec<string[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(
      label,
      options,
      (id) => new StringSelect(id, choices, settings),
      (_c, _g, submitted) => ids(submitted),
    );
  },
  /** Users chosen (entities). */
  users(
    label: string,
    options: Common & { minValues?: number; maxValues?: number; required?: boolean } = {},
  ): FieldSpec<User[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(label, options, (id) => new UserSelect(id, settings), entities<User>(T.User));
  },
  /** Roles chosen (entities). */
  roles(
    label: string,
    options: Common & { minValues?: number; maxValues?: number; required?: boolean } = {},
  ): FieldSpec<Role[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(label, options, (id) => new RoleSelect(id, settings), entities<Role>(T.Role));
  },
  /** Users or roles chosen. */
  mentionables(
    label: string,
    options: Common & { minValues?: number; maxValues?: number; required?: boolean } = {},
  ): FieldSpec<unknown[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(label, options, (id) => new MentionableSelect(id, settings), entities<unknown>(T.Mentionable));
  },
  /** Channels chosen (entities). */
  channels(
    label: string,
    options: Common & { minValues?: number; maxValues?: number; required?: boolean; channelTypes?: ChannelType[] } = {},
  ): FieldSpec<Channel[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(label, options, (id) => new ChannelSelect(id, settings), entities<Channel>(T.Channel));
  },
  /** Files uploaded (attachment objects). */
  files(
    label: string,
    options: Common & { minValues?: number; maxValues?: number; required?: boolean } = {},
  ): FieldSpec<APIAttachment[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(
      label,
      options,
      (id) => new FileUpload(id, settings),
      (_c, _g, submitted, resolved) =>
        ids(submitted).map((id) => resolved?.attachments?.[id] ?? ({ id } as APIAttachment)),
    );
  },
  /** One of a few choices; `null` when an optional group is left empty. */
  radio<const R extends boolean = true>(
    label: string,
    choices: readonly (string | GroupChoice)[],
    options: Common & { required?: R } = {},
  ): FieldSpec<R extends false ? string | null : string> {
    return fieldOf(
      label,
      options,
      (id) => new RadioGroup(id, choices, options.required === undefined ? {} : { required: options.required }),
      (_c, _g, submitted) =>
        (typeof submitted?.value === 'string' ? submitted.value : null) as R extends false ? string | null : string,
    );
  },
  /** Any of a few choices. */
  checkboxes(
    label: string,
    choices: readonly (string | GroupChoice)[],
    options: Common & { minValues?: number; maxValues?: number; required?: boolean } = {},
  ): FieldSpec<string[]> {
    const { description: _d, ...settings } = options;
    return fieldOf(
      label,
      options,
      (id) => new CheckboxGroup(id, choices, settings),
      (_c, _g, submitted) => ids(submitted),
    );
  },
  /** One yes/no box. */
  checkbox(label: string, options: Common & { default?: boolean } = {}): FieldSpec<boolean> {
    return fieldOf(
      label,
      options,
      (id) => new Checkbox(id, options.default ? { default: true } : {}),
      (_c, _g, submitted) => submitted?.value === true,
    );
  },
};

/** The Label builders of a modal's fields, each input's custom id being its field name. */
export function fieldLabels(fields: FieldMap): Label[] {
  return Object.entries(fields).map(([name, spec]) => new Label(spec.label, spec.input(name), spec.description));
}

/** Read a submission's components into the handler's object. */
export function readFields(
  client: KokoroClient,
  guild: Guild | undefined,
  fields: FieldMap,
  components: readonly unknown[],
  resolved: APIInteractionDataResolved | undefined,
): Record<string, unknown> {
  const submitted = new Map<string, SubmittedComponent>();
  const walk = (component: unknown) => {
    if (typeof component !== 'object' || component === null) return;
    const c = component as { custom_id?: string; component?: unknown; components?: unknown[] };
    if (typeof c.custom_id === 'string') submitted.set(c.custom_id, c as SubmittedComponent);
    if (c.component) walk(c.component);
    for (const child of c.components ?? []) walk(child);
  };
  for (const component of components) walk(component);
  return Object.fromEntries(
    Object.entries(fields).map(([name, spec]) => [name, spec.read(client, guild, submitted.get(name), resolved)]),
  );
}
