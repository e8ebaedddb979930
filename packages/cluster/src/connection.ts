/**
 * One NATS connection per process, shared by every client a gateway process or worker serves,
 * opened on first use with the stream ensured.
 */
import { type JetStreamClient, type JetStreamManager, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type ResolvedStreamOptions, resolveStreamOptions, type StreamOptions } from './options.js';
import { connectNats, ensureStream } from './stream.js';

/** An open NATS connection with the events stream ready. */
export interface StreamConnection {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly options: ResolvedStreamOptions;
}

/** Opens the connection once (the first caller does), and closes it. */
export class SharedStreamConnection {
  /** The resolved options. */
  readonly options: ResolvedStreamOptions;
  readonly #name: string;
  #open: Promise<StreamConnection> | undefined;

  constructor(options: StreamOptions, name: string) {
    this.options = resolveStreamOptions(options);
    this.#name = name;
  }

  /** The connection, opened on first use. */
  get(): Promise<StreamConnection> {
    this.#open ??= (async () => {
      const nc = await connectNats(this.options.natsUrl, this.#name);
      try {
        const jsm = await ensureStream(nc, this.options);
        return { nc, js: jetstream(nc), jsm, options: this.options };
      } catch (error) {
        await nc.close();
        throw error;
      }
    })();
    this.#open.catch(() => {
      this.#open = undefined;
    });
    return this.#open;
  }

  /** Drain and close the connection, if open. */
  async close(): Promise<void> {
    const open = this.#open;
    this.#open = undefined;
    if (!open) return;
    const connection = await open.catch(() => undefined);
    await connection?.nc.drain().catch(() => connection.nc.close());
  }
}
