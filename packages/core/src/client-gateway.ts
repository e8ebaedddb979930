/**
 * The Client's gateway requests: raw sends, presence, member requests and voice state, each routed to
 * the shard that serves it (a guild's shard is `(guild_id >> 22) % shard_count`).
 */
import {
  type GuildMembersResult,
  mergePresence,
  type PresenceInput,
  type RequestGuildMembersOptions,
  type Shard,
  type ShardManager,
  type VoiceStateOptions,
} from '@kokoro/gateway';
import type { GatewayPresenceUpdateData, GatewaySendPayload } from 'discord-api-types/v10';
import { ClientMethods, type IdLike, idOf } from './client-methods.js';
import type { RemoteGateway } from './connector.js';
import { ClientNotConnectedError } from './not-connected-error.js';

/** Gateway requests of a client, mixed into `Client` between its REST methods and the client itself. */
export abstract class ClientGateway extends ClientMethods {
  /** The client's name, for errors. */
  abstract readonly name: string;
  /** The shard manager once started. */
  gateway: ShardManager | undefined;
  /** The shards' commands through other processes, when this client runs no shard (a worker). */
  remoteGateway: RemoteGateway | undefined;
  /** The presence to identify with, and the last one set. */
  protected presence: GatewayPresenceUpdateData | undefined;

  /**
   * Send a raw payload on a shard (default: shard 0), through its send limiter (120 per 60 s, room
   * kept for heartbeats). Rejects for a payload over 4096 bytes, before sending, and at once with
   * `ClientNotConnectedError` / `ShardClosedError` when the client is not started or stopped.
   */
  async sendGatewayPayload(payload: GatewaySendPayload, shardId = 0): Promise<void> {
    const remote = this.#remote();
    if (remote) return remote.sendPayload(payload, shardId);
    await this.#shard(shardId).send(payload);
  }

  /**
   * Set the bot's presence on every shard. Fields left out keep their last value
   * (`updatePresence({ status: 'dnd' })` keeps the activities). Before `start()` (or while a shard
   * is reconnecting) it is remembered and sent when the connection is ready.
   */
  async updatePresence(update: PresenceInput): Promise<void> {
    const presence = mergePresence(this.presence, update);
    this.presence = presence;
    const remote = this.#remote();
    if (remote) return remote.updatePresence(presence);
    if (!this.gateway) return;
    await Promise.all([...this.gateway.shards.values()].map((shard) => shard.updatePresence(presence)));
  }

  /**
   * Ask the gateway for members of a guild (op 8) through the shard that serves it; resolves with
   * every GUILD_MEMBERS_CHUNK gathered (the members also land in the cache). Bad options (limit,
   * user ids with a query, a missing intent) throw before anything is sent.
   */
  async requestGuildMembers(guild: IdLike, options: RequestGuildMembersOptions = {}): Promise<GuildMembersResult> {
    const guildId = idOf(guild, 'guild');
    const remote = this.#remote();
    if (remote) return remote.requestGuildMembers(guildId, options);
    return this.#shardForGuild(guildId).requestGuildMembers(guildId, options);
  }

  /** Join, move (a channel) or leave (`null`) a voice channel of a guild. */
  async updateVoiceState(guild: IdLike, channel: IdLike | null, options: VoiceStateOptions = {}): Promise<void> {
    const guildId = idOf(guild, 'guild');
    const channelId = channel === null ? null : idOf(channel, 'channel');
    const remote = this.#remote();
    if (remote) return remote.updateVoiceState(guildId, channelId, options);
    return this.#shardForGuild(guildId).updateVoiceState(guildId, channelId, options);
  }

  /** The remote gateway, when the shards run elsewhere (no shard manager here). */
  #remote(): RemoteGateway | undefined {
    return this.gateway ? undefined : this.remoteGateway;
  }

  #shard(shardId: number): Shard {
    const shard = this.gateway?.shards.get(shardId);
    if (!shard) throw new ClientNotConnectedError(this.name, `has no shard ${shardId}`);
    return shard;
  }

  #shardForGuild(guildId: string): Shard {
    const shard = this.gateway?.shardForGuild(guildId);
    if (!shard) throw new ClientNotConnectedError(this.name, `runs no shard for guild ${guildId}`);
    return shard;
  }
}
