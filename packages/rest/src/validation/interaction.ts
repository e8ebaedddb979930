/**
 * Interaction responses (`interactionResponseCreate`): the message of a type 4 / 7 response follows
 * message rules, an autocomplete result (8) holds at most 25 choices, a modal (9) follows modal rules.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import type { RestLikeFile } from '../generated/rest-like.js';
import { at, checkCount, fail, requireFields, requireText } from './check.js';
import { limits } from './limits.js';
import { validateMessageCreate, validateMessageEdit } from './message.js';
import { validateModal } from './modal.js';

const responseTypes: ReadonlySet<unknown> = new Set(
  Object.values(InteractionResponseType).filter((value) => typeof value === 'number'),
);

/** Validate an interaction callback body before it is sent. */
export function validateInteractionResponse(body: unknown, files?: readonly RestLikeFile[]): void {
  const response = requireFields(body, 'body');
  if (!responseTypes.has(response.type)) {
    fail('type', `must be an interaction callback type (1, 4, 5, 6, 7, 8, 9, 12), got ${String(response.type)}`);
  }
  switch (response.type) {
    case InteractionResponseType.ChannelMessageWithSource:
      validateMessageCreate(response.data, files, 'data');
      break;
    case InteractionResponseType.UpdateMessage:
      if (response.data !== undefined) validateMessageEdit(response.data, files, 'data');
      break;
    case InteractionResponseType.ApplicationCommandAutocompleteResult: {
      const data = requireFields(response.data, 'data');
      const choices = checkCount(data.choices, 'data.choices', 0, limits.autocompleteChoices);
      choices.forEach((choice, index) => {
        const path = at('data.choices', index);
        requireText(requireFields(choice, path).name, at(path, 'name'), 1, limits.commandChoiceName);
      });
      break;
    }
    case InteractionResponseType.Modal:
      validateModal(response.data, 'data');
      break;
  }
}
