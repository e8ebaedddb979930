/**
 * Some of a client's facts exist only once Discord said READY (the application id, the bot's user).
 * Reading one earlier is a mistake in the bot's code, so it throws this error instead of handing out a
 * placeholder that would end up in a request path.
 */
import { KokoroError } from '@kokoro/common';

/** A client fact known only after READY was read before it. Read it in or after the `ready` event. */
export class ClientNotReadyError extends KokoroError {
  /** The client's name. */
  readonly client: string;
  /** What was read (`'applicationId'`). */
  readonly property: string;

  constructor(client: string, property: string) {
    super(
      'KOKORO_CLIENT_NOT_READY',
      `client "${client}": ${property} is known once Discord sent READY; read it in the ready event or after await client.start()`,
    );
    this.client = client;
    this.property = property;
  }
}
