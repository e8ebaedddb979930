/**
 * The gateway side: run a client's shards in this process and publish every dispatch to JetStream
 * (see subjects.ts for the layout and the de-duplication id). The client itself applies nothing
 * but READY (for `client.user`) and runs no handler: workers do.
 *
 * It also answers the gateway commands workers send for its shards (presence, voice state, member
 * requests; see commands.ts), through each shard's send limiter.
 *
 * Stopping: `disconnect` closes the shards with 4900 (a code of our own that keeps the sessions
 * resumable), waits until everything received is stored in the stream, and leaves the sessions to
 * the session store, so the next gateway process resumes them and Discord replays what arrived in
 * between: a deploy loses nothing.
 */
import type { ClientFeed, ConnectedClient } from '@kokoro/core';
import { type GatewayShard, type RawData, rawText, ShardManager, type ShardManagerOptions } from '@kokoro/gateway';
import type { Subscription } from '@nats-io/transport-node';
import { serveCommands } from './commands.js';
import type { ConnectorOptions } from './options.js';
import { DispatchPublisher, type PublisherOptions } from './publisher.js';
import { RunBatcher, type RunLimits, StoredSequences, storedOnlySessions } from './runs.js';
import { StreamConnector } from './stream-connector.js';

/** A close code that is not Discord's: the session stays resumable (see @kokoro/gateway). */
export const RESUMABLE_STOP_CODE = 4900;

/** Options of {@link GatewayConnector}. */
export interface GatewayConnectorOptions extends ConnectorOptions, PublisherOptions, RunLimits {
  /**
   * Extra shard manager options for every client, such as a `sessionStore` and an `identifyQueue`
   * shared with other processes (see the Redis implementations).
   */
  shards?: (client: ConnectedClient, base: ShardManagerOptions) => Partial<ShardManagerOptions>;
}

/** What the gateway connector counts per client, for progress lines and tests. */
export interface GatewayProgress {
  /** The bot's user id. */
  botId: string | undefined;
  /** Dispatches received from the shards. */
  received: number;
  /** Dispatches stored by JetStream, and answered as duplicates. */
  stored: number;
  /** Dispatches JetStream already had (another gateway process published them first). */
  duplicates: number;
  /** Messages (single dispatches or runs) stored or answered as duplicates. */
  messages: number;
  /** Messages (single dispatches or runs) waiting for a publish slot. */
  queued: number;
  /** Published messages awaiting their ack. */
  inFlight: number;
}

interface Served {
  manager: ShardManager;
  /** The subscriptions answering the shards' commands from workers. */
  commands: Subscription[];
  publisher: DispatchPublisher;
  runs: RunBatcher;
  progress: { botId: string | undefined; received: number };
}

/** A connector that turns this process into a gateway process (`kokoro gateway`). */
export class GatewayConnector extends StreamConnector<Served> {
  /** For logs. */
  readonly name = 'gateway';
  /** A gateway process runs no event handler. */
  readonly runsHandlers = false;
  readonly #options: GatewayConnectorOptions;

  constructor(options: GatewayConnectorOptions = {}) {
    super(options, 'kokoro-gateway');
    this.#options = options;
  }

  /** Progress per client name. */
  progress(): Map<string, GatewayProgress> {
    return this.progressBy(({ publisher, progress }) => ({
      botId: progress.botId,
      received: progress.received,
      stored: publisher.stored,
      duplicates: publisher.duplicates,
      messages: publisher.messages,
      queued: publisher.queued,
      inFlight: publisher.inFlight,
    }));
  }

  /** Open the client's shards and publish their dispatches. */
  async connect(client: ConnectedClient, feed: ClientFeed): Promise<void> {
    const {
      connection: { nc, options },
      botId: me,
    } = await this.open(client);
    const publisher = new DispatchPublisher(nc, { ...this.#options, logger: client.logger });
    const progress = { botId: me as string | undefined, received: 0 };
    const prefix = options.subjectPrefix;
    const sequences = new StoredSequences();
    const runs = new RunBatcher(publisher, prefix, me, this.#options, sequences);
    const base = feed.shardOptions();
    const extra = this.#options.shards?.(client, base) ?? {};
    const sessionStore = extra.sessionStore ?? base.sessionStore;
    // Nothing precedes READY in a session; a dispatch without a session or sequence cannot be
    // de-duplicated and is not an event of the session (Discord numbers every dispatch).
    const publish = (shard: GatewayShard, t: string, s: number | null, raw: string): void => {
      const sessionId = shard.sessionId;
      if (sessionId === undefined || s === null) return;
      progress.received++;
      runs.add(shard.id, sessionId, t, s, raw);
    };
    const manager = new ShardManager({
      ...base,
      ...extra,
      // The session's sequence is saved only as far as the stream has it (see StoredSequences).
      ...(sessionStore ? { sessionStore: storedOnlySessions(sessionStore, sequences) } : {}),
      // The process runs no handler: the shards' lifecycle only counts and logs here.
      onStateChange: (_shard, change) => client.metrics.stateChange(change),
      onError: (shard, error) => client.logger.warn({ err: error, shard: shard.id }, 'a shard survived an error'),
      // Dispatches are published as the raw text of `d`, unparsed. The shard's own events (READY,
      // RESUMED, member chunks, rate limits) and any dispatch not in Discord's compact shape are
      // parsed by the shard and come to onDispatch, in the order received.
      onRawDispatch: (shard: GatewayShard, t: string, data: RawData, s: number | null) => {
        publish(shard, t, s, rawText(data));
        return true;
      },
      onDispatch: (shard: GatewayShard, t: string, d: unknown, s: number | null, raw?: string) => {
        if (t === 'READY') feed.apply(shard.id, t, d);
        publish(shard, t, s, raw ?? JSON.stringify(d));
      },
    });
    client.gateway = manager;
    const served: Served = { manager, publisher, runs, progress, commands: [] };
    this.served.set(client, served);
    try {
      await manager.start();
    } catch (error) {
      this.served.delete(client);
      throw error;
    }
    // Workers' presence updates, voice states and member requests for these shards (commands.ts).
    served.commands = serveCommands(nc, prefix, me, manager, (error, shard) =>
      client.logger.warn({ err: error, shard }, 'a gateway command from a worker could not be read'),
    );
  }

  /** Close the shards resumably and wait until what they received is stored. */
  async disconnect(client: ConnectedClient): Promise<void> {
    const served = this.served.get(client);
    if (!served) return;
    this.served.delete(client);
    for (const subscription of served.commands) subscription.unsubscribe();
    await served.manager.close(RESUMABLE_STOP_CODE);
    client.gateway = undefined;
    served.runs.flush();
    await served.publisher.flush();
    served.publisher.close();
  }
}
