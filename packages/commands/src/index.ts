/**
 * @kokoro/commands: the 'commands' extension (prefix commands). Importing this package registers
 * it; then `new Client({ token, extensions: ['commands'], prefix: 's!' })` has `client.commands`.
 */
import { type KokoroClient, registerExtension } from '@kokoro/core';
import { type Commands, type CommandsExtensionOptions, createCommands, validateCommandsOptions } from './commands.js';

export * from './commands.js';

declare module '@kokoro/core' {
  interface Extensions {
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
