/**
 * @kokoro/slash: the 'slash' extension (application commands, components, modals, HTTP
 * interactions). Importing this package registers it; then `new Client({ token, extensions: ['slash'] })`
 * has `client.interactions(handler, options)`, also reachable as `client.slash`.
 *
 * @document ../README.md
 *
 * @module @kokoro/slash
 */
import { type KokoroClient, KokoroError, registerExtension } from '@kokoro/core';
import { createSlash, type Slash, type SlashOptions } from './slash.js';

export * from './command.js';
export * from './custom-id.js';
export * from './event.js';
export * from './http/server.js';
export * from './http/verify.js';
export * from './modal-fields.js';
export * from './options.js';
export * from './result.js';
export * from './slash.js';
export * from './sync.js';

declare module '@kokoro/core' {
  interface Extensions {
    /** 'slash': `client.interactions` (also `client.slash`) and its options (`slash: { … }` in the client options). */
    slash: { client: { slash: Slash; interactions: Slash }; options: { slash?: SlashOptions } };
  }
}

/** Check the extension's options (`slash: { ... }` in the client options). */
export function validateSlashOptions(options: Record<string, unknown>): void {
  const given = options.slash as SlashOptions | undefined;
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null)
    throw new KokoroError('KOKORO_EXTENSION', 'extension "slash": the option "slash" must be an object');
  const defer = given.autoDeferAfter;
  if (defer !== undefined && defer !== false && (typeof defer !== 'number' || defer < 0 || defer >= 3000)) {
    throw new KokoroError(
      'KOKORO_EXTENSION',
      `extension "slash": slash.autoDeferAfter must be false or 0..2999 ms (Discord's limit is 3000), got ${String(defer)}`,
    );
  }
  const message = given.errorMessage;
  if (message !== undefined && message !== false && typeof message !== 'string' && typeof message !== 'function') {
    throw new KokoroError(
      'KOKORO_EXTENSION',
      'extension "slash": slash.errorMessage must be a string, a function of the error, or false',
    );
  }
}

registerExtension<KokoroClient>('slash', {
  validate: validateSlashOptions,
  setup(client, options) {
    const slash = createSlash(client, options.slash as SlashOptions | undefined);
    Object.defineProperty(client, 'slash', { value: slash, enumerable: false });
    Object.defineProperty(client, 'interactions', { value: slash, enumerable: false });
  },
});
