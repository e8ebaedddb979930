import type { Cache, CacheOptions } from '@kokoro/cache';
import { type BaseClientOptions, KokoroClient } from './client.js';
import type { ExtensionMembers, ExtensionName, ExtensionOptions } from './extensions.js';

/** A client with the members of the extensions `E`, its guilds typed by cache options `O` (the schema). */
export type ClientWith<E extends ExtensionName = never, O extends CacheOptions = CacheOptions> = KokoroClient<O> &
  ExtensionMembers<E>;

/** The constructor whose result type includes the enabled extensions' members. */
export interface ClientConstructor {
  new <const E extends ExtensionName = never, O extends CacheOptions = CacheOptions>(
    options: Omit<BaseClientOptions, 'cache'> & { extensions?: readonly E[]; cache?: Cache<O> } & ExtensionOptions<E>,
  ): ClientWith<E, O>;
  readonly prototype: KokoroClient;
}

/**
 * A Discord bot. `new Client({ token, extensions: ['commands'], prefix: 's!' })` has
 * `client.commands` in its type because 'commands' is enabled.
 */
export const Client = KokoroClient as unknown as ClientConstructor;
/** A client of any extension set (what handlers receive). */
export type Client = KokoroClient;

// Types `guild.clients` and `channel.clients` as Kokoro's Client (see @kokoro/cache's owner.ts).
declare module '@kokoro/cache' {
  interface CacheClientTypes {
    /** Kokoro's Client. */
    client: Client;
  }
}
