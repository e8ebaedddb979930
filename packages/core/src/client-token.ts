/**
 * Where a client's token comes from (SmallD's convenience): the `token` option, else the
 * `DISCORD_TOKEN` environment variable. Under the embedded fake Discord (`kokoro run --fake`,
 * `useFakeDiscord()`), a client on the default endpoints whose token the fake does not know (or
 * that has none) gets a bot account made for it there, so a bot written for Discord runs offline
 * unchanged; the fake's account maker says so on the console.
 */
import { KokoroError } from '@kokoro/common';
import type { Endpoints } from './endpoints.js';

/**
 * The token a client uses: `given`, else `DISCORD_TOKEN`; on the default endpoints of a fake
 * Discord, whatever its account maker answers. Throws `KokoroError` when there is none.
 */
export function resolveToken(
  name: string,
  given: unknown,
  intents: number,
  endpoints: Readonly<Endpoints>,
  usesDefaultEndpoints: boolean,
): string {
  if (given !== undefined && (typeof given !== 'string' || given.trim() === '')) {
    throw new KokoroError('KOKORO_INVALID_OPTION', `client "${name}": token must be a non-empty string`);
  }
  const raw = (given as string | undefined) ?? (process.env.DISCORD_TOKEN?.trim() || undefined);
  const token = raw?.replace(/^Bot\s+/i, '').trim();
  if (endpoints.accounts && usesDefaultEndpoints) return endpoints.accounts({ name, token, intents });
  if (!token) {
    throw new KokoroError(
      'KOKORO_INVALID_OPTION',
      `client "${name}": no token: give the token option, or set DISCORD_TOKEN in the environment (or run against the fake Discord: kokoro run --fake)`,
    );
  }
  return token;
}
