/**
 * Where a client's token comes from (SmallD's convenience): the `token` option, else — only when
 * the options have no `token` key at all — the `DISCORD_TOKEN` environment variable. A `token` key
 * that is present but `undefined` or empty (`token: process.env.DISCORD_TOKEN_2` with that variable
 * unset) is an error, never a silent fallback: in a multi-bot file the fallback would log the second
 * client in as the first bot. Under the embedded fake Discord (`kokoro run --fake`,
 * `useFakeDiscord()`), a client on the default endpoints whose token the fake does not know (or
 * that has none) gets a bot account made for it there, so a bot written for Discord runs offline
 * unchanged; the fake's account maker says so on the console.
 */
import { KokoroError } from '@kokoro/common';
import type { Endpoints } from './endpoints.js';

/**
 * A client's `token` option is present but unusable (`undefined`, empty, not a string), or there is
 * no token at all. The message names the client and says which variable or option to set; it never
 * contains a token.
 */
export class ClientTokenError extends KokoroError {
  /** The name of the client whose token is missing. */
  readonly client: string;

  constructor(client: string, message: string) {
    super('KOKORO_INVALID_OPTION', `client "${client}": ${message}`);
    this.client = client;
  }
}

/**
 * The token a client uses: `options.token`, else (no `token` key) `DISCORD_TOKEN`; on the default
 * endpoints of a fake Discord, whatever its account maker answers. Throws `ClientTokenError` when
 * the `token` key is present but undefined or empty, and when there is no token at all.
 */
export function resolveToken(
  name: string,
  options: { readonly token?: unknown },
  intents: number,
  endpoints: Readonly<Endpoints>,
  usesDefaultEndpoints: boolean,
): string {
  const accounts = usesDefaultEndpoints ? endpoints.accounts : undefined;
  const fake = accounts !== undefined;
  let raw: string | undefined;
  if (Object.hasOwn(options, 'token')) {
    const given = options.token;
    if (given !== undefined && typeof given !== 'string') {
      throw new ClientTokenError(name, `token must be a non-empty string, got ${typeof given}`);
    }
    if (given === undefined || given.trim() === '') {
      // The fake makes this client its own account; it never borrows DISCORD_TOKEN's bot.
      if (!fake) {
        throw new ClientTokenError(
          name,
          `the token option is ${given === undefined ? 'undefined' : 'empty'}: token must be a non-empty string. If it reads an environment variable (token: process.env.MY_BOT_TOKEN), set that variable; DISCORD_TOKEN is used only when the options have no token key at all`,
        );
      }
    } else raw = given;
  } else raw = process.env.DISCORD_TOKEN?.trim() || undefined;
  const token = raw?.replace(/^Bot\s+/i, '').trim() || undefined;
  if (accounts) return accounts({ name, token, intents });
  if (!token) {
    throw new ClientTokenError(
      name,
      'no token: give the token option, or set DISCORD_TOKEN in the environment (or run against the fake Discord: kokoro run --fake)',
    );
  }
  return token;
}
