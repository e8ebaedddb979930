/**
 * `client.voiceJoin(channel, options)`: installed on the core Client's prototype when this package
 * is loaded (the `kokoro` package installs a stub that loads it on first use), so @kokoro/core
 * never depends on voice and a bot that joins no voice channel loads none of it. One connection
 * per client and guild: joining another channel of the same guild moves that connection. A
 * client that stops leaves its voice channels first.
 */
import { systemClock, ValidationError } from '@kokoro/common';
import { GatewayIntentBits, KokoroClient } from '@kokoro/core';
import { VoiceConnection, type VoiceConnectionOptions } from './connection.js';
import { VoiceConnectionStatus } from './connection-state.js';
import type { VoiceHost } from './host.js';
import { ThreadTransport } from './transport/thread-transport.js';

/** A voice channel: a cached `Channel` (with its guild), or ids. */
export type VoiceChannelLike =
  | { id: string; guild: { id: string } | null }
  | { id: string; guildId: string }
  | { id: string; guild_id: string };

/** Options of `client.voiceJoin`. */
export type VoiceJoinOptions = VoiceConnectionOptions;

declare module '@kokoro/core' {
  interface KokoroClient {
    /**
     * Join a voice channel (op 4 on the guild's shard) and resolve with a `VoiceConnection` once it
     * can send audio (voice gateway v8, UDP, transport encryption, DAVE group joined). Joining
     * another channel of a guild where this client already is moves it there. Needs the
     * GUILD_VOICE_STATES intent.
     */
    voiceJoin(channel: VoiceChannelLike, options?: VoiceJoinOptions): Promise<VoiceConnection>;
    /** This client's voice connection in a guild, if any. */
    voiceConnection(guild: string | { id: string }): VoiceConnection | undefined;
  }
}

const connections = new WeakMap<object, Map<string, VoiceConnection>>();

function channelIds(channel: VoiceChannelLike): { guildId: string; channelId: string } {
  if (!channel || typeof channel !== 'object' || typeof channel.id !== 'string') {
    throw new ValidationError('channel', 'voiceJoin takes a voice channel (a Channel, or { id, guildId })');
  }
  const guildId =
    'guildId' in channel
      ? channel.guildId
      : 'guild_id' in channel
        ? channel.guild_id
        : 'guild' in channel
          ? channel.guild?.id
          : undefined;
  if (typeof guildId !== 'string') {
    throw new ValidationError('channel', `channel ${channel.id} has no guild: voice channels belong to a guild`);
  }
  return { guildId, channelId: channel.id };
}

/** Join (or move to) a voice channel as `client`. */
export async function voiceJoin(
  client: KokoroClient,
  channel: VoiceChannelLike,
  options: VoiceJoinOptions = {},
): Promise<VoiceConnection> {
  const { guildId, channelId } = channelIds(channel);
  if ((client.intents & GatewayIntentBits.GuildVoiceStates) === 0) {
    throw new ValidationError(
      'intents',
      `client "${client.name}" needs the GUILD_VOICE_STATES intent to join voice (Discord sends the voice session only with it); add GatewayIntentBits.GuildVoiceStates`,
    );
  }
  let byGuild = connections.get(client);
  if (!byGuild) {
    byGuild = new Map();
    connections.set(client, byGuild);
  }
  const existing = byGuild.get(guildId);
  if (existing && existing.status !== VoiceConnectionStatus.Destroyed) {
    if (existing.channelId !== channelId) await existing.move(channelId);
    else await existing.ready;
    return existing;
  }
  const clock = options.clock ?? systemClock;
  const connection = new VoiceConnection(
    client as unknown as VoiceHost,
    guildId,
    channelId,
    { ...options, transport: options.transport ?? ((address) => new ThreadTransport(address)) },
    clock,
  );
  byGuild.set(guildId, connection);
  connection.once('destroyed', () => {
    if (byGuild.get(guildId) === connection) byGuild.delete(guildId);
  });
  return connection.join();
}

/** Every voice connection of `client`. */
export function voiceConnectionsOf(client: object): VoiceConnection[] {
  return [...(connections.get(client)?.values() ?? [])];
}

let installed = false;

/** Put `voiceJoin` and `voiceConnection` on the Client, and make `stop`/`destroy` leave voice first. */
export function installVoice(): void {
  if (installed) return;
  installed = true;
  const proto = KokoroClient.prototype as KokoroClient & Record<string, unknown>;
  proto.voiceJoin = function (this: KokoroClient, channel: VoiceChannelLike, options?: VoiceJoinOptions) {
    return voiceJoin(this, channel, options);
  };
  proto.voiceConnection = function (this: KokoroClient, guild: string | { id: string }) {
    return connections.get(this)?.get(typeof guild === 'string' ? guild : guild.id);
  };
  for (const name of ['stop', 'destroy'] as const) {
    const original = proto[name] as (this: KokoroClient) => Promise<void>;
    proto[name] = async function (this: KokoroClient) {
      await Promise.allSettled(voiceConnectionsOf(this).map((connection) => connection.leave()));
      return original.call(this);
    };
  }
}
