/**
 * Where a client's events come from when it does not run its own shards.
 *
 * By default `client.start()` opens the client's shards and every dispatch goes from a shard to the
 * cache and the handlers in one call (the single-process path, unchanged). A connector replaces the
 * shards: a worker of @kokoro/cluster feeds the client dispatches read from a stream, a gateway
 * process of @kokoro/cluster runs the shards itself and publishes what they receive. Bot modules do
 * not change: the runtime installs a default connector (`setDefaultConnector`) before it loads them.
 *
 * The feed splits what a shard's dispatch does in two, because a worker applies every event to its
 * own cache (to answer `guild.members` and the like) but runs the handlers of only the events it
 * is given: `apply` changes the cache and returns the handler arguments, `run` calls the handlers
 * and resolves once each one (and the promise it returned) settled, so the event can be
 * acknowledged only then.
 */
import type { Logger } from '@kokoro/common';
import type {
  GuildMembersResult,
  RequestGuildMembersOptions,
  ShardManager,
  ShardManagerOptions,
  ShardStateChange,
  VoiceStateOptions,
} from '@kokoro/gateway';
import type { RateLimitStore, Rest } from '@kokoro/rest';
import type { GatewayPresenceUpdateData, GatewaySendPayload } from 'discord-api-types/v10';

/**
 * The gateway commands of a client whose shards run in another process (a worker's, served by the
 * gateway process that owns each shard). The client's gateway methods use it when it has no shard
 * manager of its own. Each call settles: sent, or a typed error (no process owns the shard in time).
 */
export interface RemoteGateway {
  /** Send a raw payload on shard `shardId`, through that shard's send limiter. */
  sendPayload(payload: GatewaySendPayload, shardId: number): Promise<void>;
  /** Set the presence on every shard of the bot (kept for the shards' next connections). */
  updatePresence(presence: GatewayPresenceUpdateData): Promise<void>;
  /** Request members of a guild on its shard; resolves with the chunks gathered. */
  requestGuildMembers(guildId: string, options: RequestGuildMembersOptions): Promise<GuildMembersResult>;
  /** Join, move or leave (`null`) a voice channel of a guild. */
  updateVoiceState(guildId: string, channelId: string | null, options: VoiceStateOptions): Promise<void>;
}

/** What a connector sees of the client it serves (`Client` is one). */
export interface ConnectedClient {
  /** The client's name, for logs. */
  readonly name: string;
  /** The client's REST handle (`GET /users/@me` tells the bot's id). */
  readonly rest: Rest;
  /** The client's logger. */
  readonly logger: Logger;
  /** The client's metrics: a gateway connector reports its shards' state changes there. */
  readonly metrics: {
    /** Count a shard's state change (connections, reconnects) as the client's own shards would. */
    stateChange(change: ShardStateChange): void;
  };
  /** The shard manager, when the connector runs shards in this process (a gateway process). */
  gateway: ShardManager | undefined;
  /** Gateway commands sent through the processes running the shards (a worker sets it). */
  remoteGateway: RemoteGateway | undefined;
}

/** An applied dispatch whose handlers are still to run. */
export interface PendingEvent {
  /** The client event name (`messageCreate`). */
  readonly event: string;
  /** The handler arguments, computed when the dispatch was applied (the "old" values included). */
  readonly args: unknown[];
}

/** What a connector may do with the client it serves. */
export interface ClientFeed {
  /**
   * Apply one dispatch as if the client's shard `shardId` had received it: READY sets `client.user`
   * and the application id; everything goes into the cache. Returns the handler arguments when the
   * client has handlers for the event, else undefined. Never throws: a payload the cache cannot
   * apply is logged and dropped, as on a shard.
   */
  apply(shardId: number, t: string, d: unknown): PendingEvent | undefined;
  /** Call every handler of the event; resolves when each settled (failures go to `error` handlers). */
  run(event: PendingEvent): Promise<void>;
  /** Whether the client has handlers for the dispatch `t` (`MESSAGE_CREATE`). */
  wants(t: string): boolean;
  /**
   * The options the client would open its shards with (token included: keep them in this process;
   * never publish or log them). A gateway process runs a `ShardManager` from them.
   */
  shardOptions(): ShardManagerOptions;
}

/** Replaces a client's own shards (see the module comment). */
export interface ClientConnector {
  /** A name for logs (`'worker'`, `'gateway'`). */
  readonly name: string;
  /**
   * False for a connector whose process runs no event handler (a gateway process): the client then
   * emits nothing, not even `ready`. Default true.
   */
  readonly runsHandlers?: boolean;
  /**
   * The store of REST limits shared with the other processes of `token`, for a client this connector
   * will serve that has no `rest.rateLimitStore` of its own; asked once, when the client is created.
   * Undefined: the client's limits stay in its process.
   */
  rateLimitStore?(token: string): RateLimitStore | undefined;
  /** Start delivering the client's events; resolves when the client may be called ready. */
  connect(client: ConnectedClient, feed: ClientFeed): Promise<void>;
  /** Stop delivering (the client stops); resolves when nothing more is delivered. */
  disconnect(client: ConnectedClient): Promise<void>;
}

let defaultConnector: ClientConnector | undefined;

/**
 * Make `connector` serve every client started from now on that has no `connector` option
 * (`kokoro worker` and `kokoro gateway` do this before loading the bot modules); `undefined` goes
 * back to the clients' own shards.
 */
export function setDefaultConnector(connector: ClientConnector | undefined): void {
  defaultConnector = connector;
}

/** The connector set by {@link setDefaultConnector}, if any. */
export function getDefaultConnector(): ClientConnector | undefined {
  return defaultConnector;
}
