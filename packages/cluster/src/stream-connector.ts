/**
 * What gateway processes and workers share: one NATS connection per connector with the events stream
 * ensured (connection.ts), the clients served, the bot id each client's subjects are named by, the
 * shared REST limits hook, progress per client and closing.
 */
import type { ClientConnector, ClientFeed, ConnectedClient } from '@kokoro/core';
import type { RateLimitStore } from '@kokoro/rest';
import type { APIUser } from 'discord-api-types/v10';
import { SharedStreamConnection, type StreamConnection } from './connection.js';
import type { ConnectorOptions } from './options.js';

/** The base of {@link GatewayConnector} and {@link WorkerConnector}; `S` is what each keeps per client. */
export abstract class StreamConnector<S> implements ClientConnector {
  /** For logs. */
  abstract readonly name: string;
  /** The connection to NATS, opened (with the stream ensured) by the first client connected. */
  protected readonly stream: SharedStreamConnection;
  /** What is kept per client served. */
  protected readonly served = new Map<ConnectedClient, S>();
  readonly #storeFor: ConnectorOptions['rateLimitStore'];

  /** `name`: the NATS connection's name (`kokoro-gateway`, `kokoro-worker`). */
  constructor(options: ConnectorOptions, name: string) {
    this.stream = new SharedStreamConnection(options, name);
    this.#storeFor = options.rateLimitStore;
  }

  /** See {@link ConnectorOptions.rateLimitStore}. */
  rateLimitStore(token: string): RateLimitStore | undefined {
    return this.#storeFor?.(token);
  }

  /** See {@link ClientConnector.connect}. */
  abstract connect(client: ConnectedClient, feed: ClientFeed): Promise<void>;

  /** See {@link ClientConnector.disconnect}. */
  abstract disconnect(client: ConnectedClient): Promise<void>;

  /**
   * The connection, and the client's bot id: it names the subjects (a resumed session has no READY to
   * read it from, so it is asked of REST).
   */
  protected async open(client: ConnectedClient): Promise<{ connection: StreamConnection; botId: string }> {
    const connection = await this.stream.get();
    const me = await client.rest.get<APIUser>('/users/@me');
    return { connection, botId: me.id };
  }

  /** Progress per client name, as `read` tells it from what is kept. */
  protected progressBy<P>(read: (served: S) => P): Map<string, P> {
    const out = new Map<string, P>();
    for (const [client, served] of this.served) out.set(client.name, read(served));
    return out;
  }

  /** Disconnect every client, then close the NATS connection. */
  async close(): Promise<void> {
    await Promise.all([...this.served.keys()].map((client) => this.disconnect(client)));
    await this.stream.close();
  }
}
