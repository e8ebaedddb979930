/**
 * What a failed start says. Every failure names the client, says what to fix, and is final: a token
 * Discord rejects (401) or a fatal gateway close (4004, 4010-4014) is never retried.
 */
import { KokoroError } from '@kokoro/common';
import { GatewayFatalError } from '@kokoro/gateway';
import { DiscordAPIError } from '@kokoro/rest';

/** Turn an error met while starting into one `KOKORO_START` error naming the client. */
export function startError(client: string, error: unknown): Error {
  if (error instanceof KokoroError && error.code === 'KOKORO_START') return error;
  if (error instanceof DiscordAPIError && error.status === 401) {
    return new KokoroError(
      'KOKORO_START',
      `client "${client}": Discord rejected the token (401 Unauthorized on GET /gateway/bot); check the token. Not retrying.`,
      { cause: error },
    );
  }
  if (error instanceof GatewayFatalError) {
    return new KokoroError('KOKORO_START', `client "${client}": ${error.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KokoroError('KOKORO_START', `client "${client}" could not start: ${message}`, { cause: error });
}
