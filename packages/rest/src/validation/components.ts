/**
 * Message component limits.
 *
 * Classic messages: at most 5 top-level components, each an action row; a row holds up to 5 buttons
 * or exactly one select menu. Components V2 (message flag `IS_COMPONENTS_V2`, 1 << 15): layout
 * components may sit at the top level, `content` and `embeds` are not allowed, and the message holds
 * at most 40 components counting nested ones. Everywhere: `custom_id` is 1..100 characters.
 */
import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { at, checkCount, checkText, type Fields, fail, requireFields, requireText } from './check.js';
import { limits } from './limits.js';

const selectTypes: ReadonlySet<number> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

const v2TopLevel: ReadonlySet<number> = new Set([
  ComponentType.ActionRow,
  ComponentType.Section,
  ComponentType.TextDisplay,
  ComponentType.MediaGallery,
  ComponentType.File,
  ComponentType.Separator,
  ComponentType.Container,
]);

/** Whether message `flags` ask for Components V2. */
export function isComponentsV2(flags: unknown): boolean {
  return typeof flags === 'number' && (flags & MessageFlags.IsComponentsV2) !== 0;
}

/** Validate a message's `components` at `path`; `flags` decides between classic and V2 rules. */
export function validateMessageComponents(components: unknown, flags: unknown, path = 'components'): void {
  if (components === undefined || components === null) return;
  if (isComponentsV2(flags)) {
    const items = checkCount(components, path, 0, limits.componentsV2Total);
    let total = 0;
    for (let index = 0; index < items.length; index++) {
      const itemPath = at(path, index);
      const component = requireFields(items[index], itemPath);
      if (!v2TopLevel.has(component.type as number)) {
        fail(at(itemPath, 'type'), `component type ${String(component.type)} cannot be at the top level of a message`);
      }
      total += validateComponent(component, itemPath);
    }
    if (total > limits.componentsV2Total) {
      fail(
        path,
        `a Components V2 message holds at most ${limits.componentsV2Total} components (nested included), got ${total}`,
      );
    }
    return;
  }
  const rows = checkCount(components, path, 0, limits.actionRows);
  for (let index = 0; index < rows.length; index++) {
    const rowPath = at(path, index);
    const row = requireFields(rows[index], rowPath);
    if (row.type !== ComponentType.ActionRow) {
      fail(
        at(rowPath, 'type'),
        'top-level message components must be action rows (type 1); set flags IS_COMPONENTS_V2 (1 << 15) for layout components',
      );
    }
    validateComponent(row, rowPath);
  }
}

/** Validate one component and its children; returns how many components it counts for (itself included). */
export function validateComponent(component: Fields, path: string): number {
  if (typeof component.type !== 'number') fail(at(path, 'type'), 'must be a component type number');
  if (component.custom_id !== undefined)
    requireText(component.custom_id, at(path, 'custom_id'), 1, limits.customIdLength);
  switch (component.type) {
    case ComponentType.ActionRow:
      return 1 + validateActionRow(component, path);
    case ComponentType.Button:
      validateButton(component, path);
      return 1;
    case ComponentType.StringSelect:
    case ComponentType.UserSelect:
    case ComponentType.RoleSelect:
    case ComponentType.MentionableSelect:
    case ComponentType.ChannelSelect:
      validateSelect(component, path);
      return 1;
    default:
      return 1 + validateChildren(component, path);
  }
}

function validateActionRow(row: Fields, path: string): number {
  const childrenPath = at(path, 'components');
  const children = checkCount(row.components, childrenPath, 1, limits.buttonsPerRow);
  let buttons = 0;
  let selects = 0;
  let total = 0;
  for (let index = 0; index < children.length; index++) {
    const child = requireFields(children[index], at(childrenPath, index));
    if (child.type === ComponentType.Button) buttons++;
    else if (selectTypes.has(child.type as number)) selects++;
    total += validateComponent(child, at(childrenPath, index));
  }
  if (buttons > limits.buttonsPerRow) {
    fail(childrenPath, `an action row holds at most ${limits.buttonsPerRow} buttons, got ${buttons}`);
  }
  if (selects > 0 && children.length > 1) {
    fail(childrenPath, 'a select menu must be alone in its action row');
  }
  return total;
}

function validateButton(button: Fields, path: string): void {
  checkText(button.label, at(path, 'label'), 0, limits.buttonLabel);
  if (button.style === ButtonStyle.Link) {
    if (typeof button.url !== 'string') fail(at(path, 'url'), 'a link button (style 5) needs a url');
    if (button.custom_id !== undefined) fail(at(path, 'custom_id'), 'a link button (style 5) cannot have a custom_id');
  } else if (button.style === ButtonStyle.Premium) {
    if (typeof button.sku_id !== 'string') fail(at(path, 'sku_id'), 'a premium button (style 6) needs a sku_id');
  } else if (
    typeof button.style !== 'number' ||
    button.style < ButtonStyle.Primary ||
    button.style > ButtonStyle.Premium
  ) {
    fail(at(path, 'style'), `must be a button style 1..6, got ${String(button.style)}`);
  } else if (button.custom_id === undefined) {
    fail(
      at(path, 'custom_id'),
      `a button of style ${button.style} needs a custom_id (1..${limits.customIdLength} characters)`,
    );
  }
}

function validateSelect(select: Fields, path: string): void {
  requireText(select.custom_id, at(path, 'custom_id'), 1, limits.customIdLength);
  checkText(select.placeholder, at(path, 'placeholder'), 0, limits.selectPlaceholder);
  if (select.type === ComponentType.StringSelect) {
    checkCount(select.options, at(path, 'options'), 1, limits.selectOptions);
    if (select.options === undefined) fail(at(path, 'options'), 'a string select needs 1..25 options');
  }
  for (const key of ['min_values', 'max_values'] as const) {
    const value = select[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > limits.selectOptions) {
      fail(at(path, key), `must be an integer 0..${limits.selectOptions}`);
    }
  }
}

/** Children of layout components: `components` (section, container, label lists) and `accessory` / `component`. */
function validateChildren(component: Fields, path: string): number {
  let total = 0;
  if (Array.isArray(component.components)) {
    const childrenPath = at(path, 'components');
    for (let index = 0; index < component.components.length; index++) {
      total += validateComponent(
        requireFields(component.components[index], at(childrenPath, index)),
        at(childrenPath, index),
      );
    }
  }
  for (const key of ['accessory', 'component'] as const) {
    if (component[key] !== undefined && component[key] !== null) {
      total += validateComponent(requireFields(component[key], at(path, key)), at(path, key));
    }
  }
  return total;
}
