/**
 * A gateway request (a raw payload, a member request, a voice state) needs a running shard. On a
 * client that was never started, or was stopped, there is none: the call is refused at once instead
 * of waiting for a connection that will not come.
 */
import { KokoroError } from '@kokoro/common';

/** A gateway call on a client with no running shard for it. Start the client first. */
export class ClientNotConnectedError extends KokoroError {
  /** The client's name. */
  readonly client: string;

  constructor(client: string, what: string) {
    super('KOKORO_NOT_CONNECTED', `client "${client}" ${what}; call start() first (or check shardIds)`);
    this.client = client;
  }
}
