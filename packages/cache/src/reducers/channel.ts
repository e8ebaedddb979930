import type {
  GatewayChannelCreateDispatchData,
  GatewayChannelDeleteDispatchData,
  GatewayChannelUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Channel } from '../entities/channel.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';

/** CHANNEL_CREATE / CHANNEL_UPDATE / CHANNEL_DELETE. */
export const CHANNEL_REDUCERS: Record<string, Reducer> = {
  CHANNEL_CREATE: reducer<GatewayChannelCreateDispatchData>({
    key: (d) => d.id,
    apply(cache, owner, _shardId, data) {
      const channel = cache.channel(data);
      if (!channel.guild) addDmOwner(channel, owner);
      return [channel];
    },
  }),
  CHANNEL_UPDATE: reducer<GatewayChannelUpdateDispatchData>({
    apply(cache, _owner, _shardId, data, diff) {
      const known = cache.channels.get(data.id);
      const old = diff && known && known.type !== -1 ? {} : undefined;
      return [cache.channel(data, undefined, old), old];
    },
  }),
  CHANNEL_DELETE: reducer<GatewayChannelDeleteDispatchData>({
    key: (d) => d.id,
    apply(cache, _owner, _shardId, data) {
      const channel = cache.channel(data);
      cache.removeChannel(channel);
      return [channel];
    },
  }),
};

/** Record that `owner` sees the DM `channel`. */
export function addDmOwner(channel: Channel, owner: import('../owner.js').CacheOwner): void {
  if (channel._owners === undefined) channel._owners = [owner];
  else if (!channel._owners.includes(owner)) channel._owners.push(owner);
}
