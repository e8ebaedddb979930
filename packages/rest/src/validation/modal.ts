/**
 * Modal limits: `title` 1..45 characters, `custom_id` 1..100, 1..5 top-level components (labels
 * wrapping an input, text displays, or legacy action rows holding one text input); text inputs take
 * values up to 4000 characters.
 */
import { ComponentType } from 'discord-api-types/v10';
import { at, checkCount, checkText, type Fields, fail, requireFields, requireText } from './check.js';
import { validateComponent } from './components.js';
import { limits } from './limits.js';

const modalTopLevel: ReadonlySet<number> = new Set([
  ComponentType.ActionRow,
  ComponentType.Label,
  ComponentType.TextDisplay,
]);

/** Validate a modal (the `data` of an interaction response of type 9) at `path`. */
export function validateModal(value: unknown, path = 'data'): void {
  const modal = requireFields(value, path);
  requireText(modal.title, at(path, 'title'), 1, limits.modalTitle);
  requireText(modal.custom_id, at(path, 'custom_id'), 1, limits.customIdLength);
  const componentsPath = at(path, 'components');
  if (modal.components === undefined) fail(componentsPath, `a modal needs 1..${limits.modalComponents} components`);
  const items = checkCount(modal.components, componentsPath, 1, limits.modalComponents);
  for (let index = 0; index < items.length; index++) {
    const itemPath = at(componentsPath, index);
    const component = requireFields(items[index], itemPath);
    if (!modalTopLevel.has(component.type as number)) {
      fail(
        at(itemPath, 'type'),
        `a modal's top level takes labels (18), text displays (10) or action rows (1), got ${String(component.type)}`,
      );
    }
    if (component.type === ComponentType.Label) {
      requireText(component.label, at(itemPath, 'label'), 1, limits.textInputLabel);
      if (component.component === undefined) fail(at(itemPath, 'component'), 'a label must wrap a component');
    }
    if (component.type === ComponentType.ActionRow) {
      const children = checkCount(component.components, at(itemPath, 'components'), 1, 1);
      if (children.length === 0) fail(at(itemPath, 'components'), 'an action row in a modal holds one text input');
    }
    validateComponent(component, itemPath);
    walkTextInputs(component, itemPath);
  }
}

function walkTextInputs(component: Fields, path: string): void {
  if (component.type === ComponentType.TextInput) {
    validateTextInput(component, path);
    return;
  }
  if (Array.isArray(component.components)) {
    component.components.forEach((child, index) => {
      walkTextInputs(requireFields(child, at(at(path, 'components'), index)), at(at(path, 'components'), index));
    });
  }
  if (component.component !== undefined && component.component !== null) {
    walkTextInputs(requireFields(component.component, at(path, 'component')), at(path, 'component'));
  }
}

function validateTextInput(input: Fields, path: string): void {
  requireText(input.custom_id, at(path, 'custom_id'), 1, limits.customIdLength);
  checkText(input.label, at(path, 'label'), 0, limits.textInputLabel);
  checkText(input.placeholder, at(path, 'placeholder'), 0, limits.textInputPlaceholder);
  checkText(input.value, at(path, 'value'), 0, limits.textInputValue);
  for (const [key, min] of [
    ['min_length', 0],
    ['max_length', 1],
  ] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > limits.textInputValue) {
      fail(at(path, key), `must be an integer ${min}..${limits.textInputValue}`);
    }
  }
}
