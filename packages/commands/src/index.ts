/**
 * @kokoro/commands: the 'commands' extension (prefix commands). Importing this package registers
 * it; then `new Client({ token, extensions: ['commands'], prefix: 's!' })` has `client.commands`.
 *
 * @document ../README.md
 *
 * @module @kokoro/commands
 */
import { type KokoroClient, registerExtension } from '@kokoro/core';
import { type Commands, type CommandsExtensionOptions, createCommands, validateCommandsOptions } from './commands.js';

export {
  type Check,
  type CheckContext,
  type CheckFailure,
  type CheckOptions,
  check,
  permissionNames,
} from './checks.js';
export * from './commands.js';
export { type CooldownOptions, Cooldowns } from './cooldown.js';
export { formatDuration, parseDuration } from './duration.js';
export * from './errors.js';
export { HELP_BUTTON, type HelpOptions } from './help-command.js';
export { type Invocation, invocationOf } from './invocation.js';
export * from './params.js';
export type { Prefix, PrefixMatch, PrefixOptions, PrefixValue } from './prefix.js';
export {
  type ArgsOf,
  Command,
  type CommandArgs,
  type CommandErrorHandler,
  type CommandHandler,
  CommandMap,
  type CommandOptions,
  type CommandReply,
  type CommandResult,
  type Jsonable,
} from './registry.js';
export { looksLikeEmbed, sendResult, toMessage } from './reply.js';
export { type Token, tokenize } from './tokenize.js';

declare module '@kokoro/core' {
  interface Extensions {
    /** 'commands': `client.commands` and the extension's options (`prefix`…) in the client options. */
    commands: { client: { commands: Commands }; options: CommandsExtensionOptions };
  }
}

registerExtension<KokoroClient>('commands', {
  requiredOptions: ['prefix'],
  validate: validateCommandsOptions,
  setup(client, options) {
    Object.defineProperty(client, 'commands', {
      value: createCommands(client, options as unknown as CommandsExtensionOptions),
      enumerable: false,
    });
  },
});
