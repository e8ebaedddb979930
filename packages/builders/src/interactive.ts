/**
 * Interactive message components: action rows, buttons and the five select menus. A classic message
 * holds up to 5 action rows; a row holds up to 5 buttons or one select menu. A `custom_id` (1..100
 * characters) is what the bot's component handler is routed by.
 */
import { ValidationError } from '@kokoro/common';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIChannelSelectComponent,
  type APIComponentInMessageActionRow,
  type APIMentionableSelectComponent,
  type APIRoleSelectComponent,
  type APISelectMenuDefaultValue,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  type APIUserSelectComponent,
  ButtonStyle,
  type ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
} from 'discord-api-types/v10';
import { ComponentBuilder, type EmojiLike, emojiOf, resolveAll } from './component.js';
import { checkUrl } from './embed.js';

/** A row of up to 5 buttons or one select menu. */
export class ActionRow extends ComponentBuilder<APIActionRowComponent<APIComponentInMessageActionRow>> {
  readonly kind = 'actionRow';
  readonly #components: unknown[];

  /** A row holding `components` (builders or JSON). */
  constructor(...components: unknown[]) {
    super();
    this.#components = components;
  }

  /** Add components to the row. */
  add(...components: unknown[]): this {
    this.#components.push(...components);
    return this;
  }

  protected build(): APIActionRowComponent<APIComponentInMessageActionRow> {
    return { type: ComponentType.ActionRow, components: resolveAll(this.#components, 'actionRow.components') };
  }
}

/** Options of a button besides its style, id and label. */
export interface ButtonOptions {
  /** An emoji before the label: `'👍'`, `'<:name:id>'` or a partial emoji. */
  emoji?: EmojiLike;
  /** Shown greyed out, not clickable (default false). */
  disabled?: boolean;
}

/** A button. Make one with `Button.primary(customId, label)`, `Button.link(url, label)`... */
export class Button extends ComponentBuilder<APIButtonComponent> {
  readonly kind = 'button';
  readonly #data: APIButtonComponent;

  private constructor(data: APIButtonComponent) {
    super();
    this.#data = data;
  }

  static #interactive(style: ButtonStyle, customId: string, label?: string, options: ButtonOptions = {}): Button {
    return new Button({
      type: ComponentType.Button,
      style,
      custom_id: customId,
      ...(label !== undefined ? { label } : {}),
      ...buttonExtras(options),
    } as APIButtonComponent);
  }

  /** A blurple button. */
  static primary(customId: string, label?: string, options?: ButtonOptions): Button {
    return Button.#interactive(ButtonStyle.Primary, customId, label, options);
  }

  /** A grey button. */
  static secondary(customId: string, label?: string, options?: ButtonOptions): Button {
    return Button.#interactive(ButtonStyle.Secondary, customId, label, options);
  }

  /** A green button. */
  static success(customId: string, label?: string, options?: ButtonOptions): Button {
    return Button.#interactive(ButtonStyle.Success, customId, label, options);
  }

  /** A red button. */
  static danger(customId: string, label?: string, options?: ButtonOptions): Button {
    return Button.#interactive(ButtonStyle.Danger, customId, label, options);
  }

  /** A button that opens `url` (no interaction is sent). */
  static link(url: string, label?: string, options?: ButtonOptions): Button {
    return new Button({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      url: checkUrl(url, 'button.url'),
      ...(label !== undefined ? { label } : {}),
      ...buttonExtras(options ?? {}),
    });
  }

  /** A button that buys the SKU `skuId`. */
  static premium(skuId: string, options: { disabled?: boolean } = {}): Button {
    return new Button({
      type: ComponentType.Button,
      style: ButtonStyle.Premium,
      sku_id: skuId,
      ...(options.disabled ? { disabled: true } : {}),
    });
  }

  protected build(): APIButtonComponent {
    return structuredClone(this.#data);
  }

  protected override validate(json: APIButtonComponent): void {
    super.validate(json);
    if (json.style !== ButtonStyle.Premium && !('label' in json && json.label) && !('emoji' in json && json.emoji)) {
      throw new ValidationError('button', 'a button needs a label or an emoji');
    }
  }
}

function buttonExtras(options: ButtonOptions): { emoji?: ReturnType<typeof emojiOf>; disabled?: true } {
  return {
    ...(options.emoji !== undefined ? { emoji: emojiOf(options.emoji) } : {}),
    ...(options.disabled ? { disabled: true } : {}),
  };
}

/** Options every select menu takes. */
export interface SelectOptions {
  /** Text shown while nothing is chosen (at most 150 characters). */
  placeholder?: string;
  /** How many must be chosen (0..25, default 1). */
  minValues?: number;
  /** How many may be chosen (1..25, default 1). */
  maxValues?: number;
  /** Shown greyed out, not usable (default false). */
  disabled?: boolean;
  /** In a modal: whether an answer is required (default true). */
  required?: boolean;
}

function selectFields(options: SelectOptions): Record<string, unknown> {
  return {
    ...(options.placeholder !== undefined ? { placeholder: options.placeholder } : {}),
    ...(options.minValues !== undefined ? { min_values: options.minValues } : {}),
    ...(options.maxValues !== undefined ? { max_values: options.maxValues } : {}),
    ...(options.disabled ? { disabled: true } : {}),
    ...(options.required !== undefined ? { required: options.required } : {}),
  };
}

/** One choice of a string select. */
export interface StringSelectChoice {
  /** What the user sees (at most 100 characters). */
  label: string;
  /** What the bot receives (at most 100 characters). */
  value: string;
  /** A second line under the label (at most 100 characters). */
  description?: string;
  /** An emoji before the label. */
  emoji?: EmojiLike;
  /** Chosen when the menu appears. */
  default?: boolean;
}

/** A select menu of choices the bot lists (up to 25). */
export class StringSelect extends ComponentBuilder<APIStringSelectComponent> {
  readonly kind = 'stringSelect';
  readonly #data: APIStringSelectComponent;

  /** A menu `customId` with `choices` (strings are their own label and value). */
  constructor(customId: string, choices: readonly (string | StringSelectChoice)[], options: SelectOptions = {}) {
    super();
    const list: APISelectMenuOption[] = choices.map((choice) =>
      typeof choice === 'string'
        ? { label: choice, value: choice }
        : {
            label: choice.label,
            value: choice.value,
            ...(choice.description !== undefined ? { description: choice.description } : {}),
            ...(choice.emoji !== undefined ? { emoji: emojiOf(choice.emoji) } : {}),
            ...(choice.default ? { default: true } : {}),
          },
    );
    this.#data = { type: ComponentType.StringSelect, custom_id: customId, options: list, ...selectFields(options) };
  }

  protected build(): APIStringSelectComponent {
    return structuredClone(this.#data);
  }

  protected override validate(json: APIStringSelectComponent): void {
    super.validate(json);
    const values = new Set<string>();
    json.options.forEach((option, index) => {
      if (values.has(option.value)) {
        throw new ValidationError(`stringSelect.options[${index}].value`, `"${option.value}" is listed twice`);
      }
      values.add(option.value);
    });
    if ((json.max_values ?? 1) > json.options.length) {
      throw new ValidationError(
        'stringSelect.max_values',
        `is ${json.max_values} but the menu has ${json.options.length} options`,
      );
    }
  }
}

/** Options of the user, role, mentionable and channel selects. */
export interface EntitySelectOptions extends SelectOptions {
  /** Ids chosen when the menu appears. */
  defaults?: readonly string[];
}

type EntitySelect =
  | APIUserSelectComponent
  | APIRoleSelectComponent
  | APIMentionableSelectComponent
  | APIChannelSelectComponent;

abstract class EntitySelectBuilder<T extends EntitySelect> extends ComponentBuilder<T> {
  readonly #data: T;

  constructor(
    type: T['type'],
    defaultType: SelectMenuDefaultValueType,
    customId: string,
    options: EntitySelectOptions,
    extra: object = {},
  ) {
    super();
    const defaults: APISelectMenuDefaultValue<SelectMenuDefaultValueType>[] | undefined = options.defaults?.map(
      (id) => ({
        id,
        type: defaultType,
      }),
    );
    this.#data = {
      type,
      custom_id: customId,
      ...selectFields(options),
      ...extra,
      ...(defaults ? { default_values: defaults } : {}),
    } as T;
  }

  protected build(): T {
    return structuredClone(this.#data);
  }
}

/** A select menu of the guild's members (or users in a DM). */
export class UserSelect extends EntitySelectBuilder<APIUserSelectComponent> {
  readonly kind = 'userSelect';
  constructor(customId: string, options: EntitySelectOptions = {}) {
    super(ComponentType.UserSelect, SelectMenuDefaultValueType.User, customId, options);
  }
}

/** A select menu of the guild's roles. */
export class RoleSelect extends EntitySelectBuilder<APIRoleSelectComponent> {
  readonly kind = 'roleSelect';
  constructor(customId: string, options: EntitySelectOptions = {}) {
    super(ComponentType.RoleSelect, SelectMenuDefaultValueType.Role, customId, options);
  }
}

/** A select menu of users and roles (defaults are user ids). */
export class MentionableSelect extends EntitySelectBuilder<APIMentionableSelectComponent> {
  readonly kind = 'mentionableSelect';
  constructor(customId: string, options: EntitySelectOptions = {}) {
    super(ComponentType.MentionableSelect, SelectMenuDefaultValueType.User, customId, options);
  }
}

/** A select menu of channels, optionally of some types only. */
export class ChannelSelect extends EntitySelectBuilder<APIChannelSelectComponent> {
  readonly kind = 'channelSelect';
  constructor(customId: string, options: EntitySelectOptions & { channelTypes?: readonly ChannelType[] } = {}) {
    super(
      ComponentType.ChannelSelect,
      SelectMenuDefaultValueType.Channel,
      customId,
      options,
      options.channelTypes ? { channel_types: [...options.channelTypes] } : {},
    );
  }
}
