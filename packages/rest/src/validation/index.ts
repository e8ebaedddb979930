export {
  commandNamePattern,
  validateApplicationCommand,
  validateApplicationCommandEdit,
  validateApplicationCommands,
} from './commands.js';
export { isComponentsV2, validateComponent, validateMessageComponents } from './components.js';
export { validateEmbed, validateEmbeds } from './embeds.js';
export { validateAttachments, validateFiles } from './files.js';
export { validateInteractionResponse } from './interaction.js';
export { configureValidation, currentFileSizeLimit, limits } from './limits.js';
export { validateAllowedMentions, validateMessageCreate, validateMessageEdit } from './message.js';
export { validateModal } from './modal.js';
export { validateThreadCreate } from './thread.js';
