/**
 * Discord's documented limits that Kokoro checks before sending a request. One place, so a change
 * in Discord's numbers is one edit.
 */
export const limits = {
  /** Characters in a message's `content`. */
  contentLength: 2000,
  /** Embeds in one message. */
  embeds: 10,
  /** Characters across every embed of a message (titles, descriptions, fields, footers, authors). */
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Files uploaded with one message. */
  files: 10,
  /** Default upload size per file (bytes); servers with boosts allow more (`configureValidation`). */
  fileSize: 10 * 1024 * 1024,
  /** Action rows in a (non Components V2) message. */
  actionRows: 5,
  /** Buttons in one action row. */
  buttonsPerRow: 5,
  /** Components in a Components V2 message, nested ones included. */
  componentsV2Total: 40,
  customIdLength: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectPlaceholder: 150,
  /** Ids in `allowed_mentions.users` / `.roles`. */
  allowedMentionIds: 100,
  nonceLength: 25,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandChoices: 25,
  commandChoiceName: 100,
  commandChoiceStringValue: 100,
  /** Characters in a command's names, descriptions and choice values together. */
  commandTotal: 4000,
  /** Commands of each type one application (or one guild) can register. */
  chatInputCommands: 100,
  userCommands: 15,
  messageCommands: 15,
  autocompleteChoices: 25,
  modalTitle: 45,
  modalComponents: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  textInputPlaceholder: 100,
} as const;

let fileSizeLimit: number = limits.fileSize;

/**
 * Adjust the limits that differ per guild: the upload size per file (10 MiB by default; boosted
 * guilds allow 50 or 100 MiB). Affects every later validation in this thread.
 */
export function configureValidation(options: { fileSize?: number }): void {
  if (options.fileSize !== undefined) fileSizeLimit = options.fileSize;
}

/** The current upload size limit per file, in bytes. */
export function currentFileSizeLimit(): number {
  return fileSizeLimit;
}
