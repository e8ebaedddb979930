/**
 * `kokoro/testing`: the embedded fake Discord (`@kokoro/testing`) for tests of bots, through the one
 * package users install, and {@link runKokoroCommand} to run the `kokoro` command in a test.
 * Importing `kokoro` alone never loads it.
 *
 * @module kokoro/testing
 */
export * from '@kokoro/testing';
export {
  KOKORO_COMMAND_PATH,
  type KokoroCommandOptions,
  type KokoroCommandResult,
  runKokoroCommand,
} from './run-command.js';
