/**
 * Modals (the form an interaction can answer with) and their inputs. A modal has a title (45), a
 * `custom_id`, and 1..5 top-level components: labels wrapping one input each (text input, select
 * menu, file upload, radio group, checkbox group, checkbox), or text displays. The answer comes back
 * as a MODAL_SUBMIT interaction holding each input's `custom_id` and value.
 */
import { ValidationError } from '@kokoro/common';
import { validateModal } from '@kokoro/rest';
import {
  type APICheckboxComponent,
  type APICheckboxGroupComponent,
  type APIFileUploadComponent,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIRadioGroupComponent,
  type APITextInputComponent,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { ComponentBuilder, resolveAll, resolveChild } from './component.js';
import { TextDisplay } from './layout.js';

/** A modal: `new Modal('feedback', 'Feedback', new Label('Your name', new TextInput('name')))`. */
export class Modal {
  readonly #customId: string;
  readonly #title: string;
  readonly #components: unknown[];

  /** A modal `customId` titled `title` with `components` (labels, text displays; strings become text displays). */
  constructor(customId: string, title: string, ...components: unknown[]) {
    this.#customId = customId;
    this.#title = title;
    this.#components = components.map((component) =>
      typeof component === 'string' ? new TextDisplay(component) : component,
    );
  }

  /** The modal's `custom_id`. */
  get customId(): string {
    return this.#customId;
  }

  /** The payload of an interaction response of type 9; validated (`modal.components[1].component.custom_id`). */
  toJSON(): APIModalInteractionResponseCallbackData {
    const json = {
      custom_id: this.#customId,
      title: this.#title,
      components: resolveAll<APIModalInteractionResponseCallbackData['components'][number]>(
        this.#components,
        'modal.components',
      ),
    };
    validateModal(json, 'modal');
    return json;
  }
}

/** A title (45) and optional description (100) above one input. */
export class Label extends ComponentBuilder<APILabelComponent> {
  readonly kind = 'label';
  readonly #label: string;
  readonly #component: unknown;
  readonly #description: string | undefined;

  constructor(label: string, component: unknown, description?: string) {
    super();
    this.#label = label;
    this.#component = component;
    this.#description = description;
  }

  protected build(): APILabelComponent {
    return {
      type: ComponentType.Label,
      label: this.#label,
      ...(this.#description !== undefined ? { description: this.#description } : {}),
      component: resolveChild<APILabelComponent['component']>(this.#component, 'label.component'),
    };
  }

  protected override validate(json: APILabelComponent): void {
    if (typeof json.label !== 'string' || json.label.length < 1 || json.label.length > 45) {
      throw new ValidationError(
        'label.label',
        `must be 1..45 characters, got ${String(json.label?.length ?? json.label)}`,
      );
    }
    if (json.description !== undefined && json.description.length > 100) {
      throw new ValidationError('label.description', `must be at most 100 characters, got ${json.description.length}`);
    }
    super.validate(json);
  }
}

/** Options of a text input. */
export interface TextInputOptions {
  /** One line (`'short'`, the default) or several (`'paragraph'`). */
  style?: 'short' | 'paragraph';
  /** Text shown while the input is empty (at most 100 characters). */
  placeholder?: string;
  /** Pre-filled text. */
  value?: string;
  /** Shortest answer accepted (0..4000). */
  minLength?: number;
  /** Longest answer accepted (1..4000). */
  maxLength?: number;
  /** Default true. */
  required?: boolean;
}

/** A text field. */
export class TextInput extends ComponentBuilder<APITextInputComponent> {
  readonly kind = 'textInput';
  readonly #data: APITextInputComponent;

  constructor(customId: string, options: TextInputOptions = {}) {
    super();
    this.#data = {
      type: ComponentType.TextInput,
      custom_id: customId,
      style: options.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
      ...(options.placeholder !== undefined ? { placeholder: options.placeholder } : {}),
      ...(options.value !== undefined ? { value: options.value } : {}),
      ...(options.minLength !== undefined ? { min_length: options.minLength } : {}),
      ...(options.maxLength !== undefined ? { max_length: options.maxLength } : {}),
      ...(options.required !== undefined ? { required: options.required } : {}),
    };
  }

  protected build(): APITextInputComponent {
    return { ...this.#data };
  }

  protected override validate(json: APITextInputComponent): void {
    super.validate(json);
    if (json.min_length !== undefined && json.max_length !== undefined && json.min_length > json.max_length) {
      throw new ValidationError(
        'textInput.min_length',
        `is ${json.min_length}, more than max_length ${json.max_length}`,
      );
    }
  }
}

/** A file picker (the files come back as attachments in the submission's `resolved`). */
export class FileUpload extends ComponentBuilder<APIFileUploadComponent> {
  readonly kind = 'fileUpload';
  readonly #data: APIFileUploadComponent;

  constructor(customId: string, options: { minValues?: number; maxValues?: number; required?: boolean } = {}) {
    super();
    this.#data = {
      type: ComponentType.FileUpload,
      custom_id: customId,
      ...(options.minValues !== undefined ? { min_values: options.minValues } : {}),
      ...(options.maxValues !== undefined ? { max_values: options.maxValues } : {}),
      ...(options.required !== undefined ? { required: options.required } : {}),
    };
  }

  protected build(): APIFileUploadComponent {
    return { ...this.#data };
  }

  protected override validate(json: APIFileUploadComponent): void {
    super.validate(json);
    checkRange(json.min_values, json.max_values, 'fileUpload', 0, 10);
  }
}

/** One choice of a radio or checkbox group. */
export interface GroupChoice {
  /** What the bot receives when it is chosen. */
  value: string;
  /** What the user sees. */
  label: string;
  /** A second line under the label. */
  description?: string;
  /** Chosen when the modal opens. */
  default?: boolean;
}

function choices(list: readonly (string | GroupChoice)[], path: string): GroupChoice[] {
  if (list.length < 1 || list.length > 10)
    throw new ValidationError(`${path}.options`, `must have 1..10 options, got ${list.length}`);
  return list.map((choice) => (typeof choice === 'string' ? { value: choice, label: choice } : { ...choice }));
}

/** Pick exactly one of a few choices. */
export class RadioGroup extends ComponentBuilder<APIRadioGroupComponent> {
  readonly kind = 'radioGroup';
  readonly #data: APIRadioGroupComponent;

  constructor(customId: string, options: readonly (string | GroupChoice)[], settings: { required?: boolean } = {}) {
    super();
    this.#data = {
      type: ComponentType.RadioGroup,
      custom_id: customId,
      options: choices(options, 'radioGroup'),
      ...(settings.required !== undefined ? { required: settings.required } : {}),
    };
  }

  protected build(): APIRadioGroupComponent {
    return structuredClone(this.#data);
  }
}

/** Tick any number of a few choices. */
export class CheckboxGroup extends ComponentBuilder<APICheckboxGroupComponent> {
  readonly kind = 'checkboxGroup';
  readonly #data: APICheckboxGroupComponent;

  constructor(
    customId: string,
    options: readonly (string | GroupChoice)[],
    settings: { minValues?: number; maxValues?: number; required?: boolean } = {},
  ) {
    super();
    this.#data = {
      type: ComponentType.CheckboxGroup,
      custom_id: customId,
      options: choices(options, 'checkboxGroup'),
      ...(settings.minValues !== undefined ? { min_values: settings.minValues } : {}),
      ...(settings.maxValues !== undefined ? { max_values: settings.maxValues } : {}),
      ...(settings.required !== undefined ? { required: settings.required } : {}),
    };
  }

  protected build(): APICheckboxGroupComponent {
    return structuredClone(this.#data);
  }

  protected override validate(json: APICheckboxGroupComponent): void {
    super.validate(json);
    checkRange(json.min_values, json.max_values, 'checkboxGroup', 0, json.options.length);
  }
}

/** One yes/no box. */
export class Checkbox extends ComponentBuilder<APICheckboxComponent> {
  readonly kind = 'checkbox';
  readonly #data: APICheckboxComponent;

  constructor(customId: string, options: { default?: boolean } = {}) {
    super();
    this.#data = { type: ComponentType.Checkbox, custom_id: customId, ...(options.default ? { default: true } : {}) };
  }

  protected build(): APICheckboxComponent {
    return { ...this.#data };
  }
}

function checkRange(min: number | undefined, max: number | undefined, path: string, low: number, high: number): void {
  for (const [key, value] of [
    ['min_values', min],
    ['max_values', max],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < low || value > high)) {
      throw new ValidationError(`${path}.${key}`, `must be an integer ${low}..${high}, got ${String(value)}`);
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new ValidationError(`${path}.min_values`, `is ${min}, more than max_values ${max}`);
  }
}
