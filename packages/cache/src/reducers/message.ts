import type {
  APIMessage,
  GatewayMessageCreateDispatchData,
  GatewayMessageDeleteBulkDispatchData,
  GatewayMessageDeleteDispatchData,
  GatewayMessageUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Channel } from '../entities/channel.js';
import { MESSAGE_FIELDS, Message } from '../entities/message.js';
import type { EntityRef } from '../entities/refs.js';
import { UNKNOWN_USER } from '../entities/user.js';
import { patchFields } from '../patch.js';
import type { Reducer } from '../reducer.js';
import { reducer } from '../reducer.js';
import { addDmOwner } from './channel.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/** A bare message (id, channel, guild) for a deletion of a message that was not cached. */
export function bareMessage(id: string, channel: Channel): Message {
  return new Message(id, channel, UNKNOWN_USER);
}

function channelOf(cache: Cache, channelId: string, guildId: string | undefined): Channel {
  return cache.channels.get(channelId) ?? cache.precreateChannel(channelId, guildId);
}

// A copy from a client with MESSAGE_CONTENT completes the content a client without it could not see.
function mergeContent(cache: Cache, data: APIMessage & { guild_id?: string }): void {
  if (!data.content && !(data.embeds?.length > 0) && !(data.attachments?.length > 0)) return;
  const message = cache.channels.get(data.channel_id)?.messages?.get(data.id);
  if (message && message.content === '' && message.embeds.length === 0 && message.attachments.length === 0) {
    patchFields(message, MESSAGE_FIELDS, data, undefined);
  }
}

const messageKey = (d: APIMessage) => `${d.id}:${d.edited_timestamp ?? ''}:${d.pinned ? 1 : 0}:${d.flags ?? 0}`;

/** MESSAGE_CREATE / MESSAGE_UPDATE / MESSAGE_DELETE / MESSAGE_DELETE_BULK. */
export const MESSAGE_REDUCERS: Record<string, Reducer> = {
  MESSAGE_CREATE: reducer<GatewayMessageCreateDispatchData>({
    key: (d) => d.id,
    merge: mergeContent,
    apply(cache, owner, _shardId, data) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      if (!channel.guild) {
        if (channel.type === -1) channel.type = 1;
        addDmOwner(channel, owner);
      }
      const message = cache.message(data);
      channel.lastMessageId = data.id;
      // A DM first seen through a message learns its recipient from the author.
      if (!channel.guild && channel.recipients.length === 0 && !cache.isOwnerUser(message.author)) {
        channel.recipients = [message.author];
      }
      return [message];
    },
  }),
  MESSAGE_UPDATE: reducer<GatewayMessageUpdateDispatchData>({
    key: messageKey,
    merge: mergeContent,
    apply(cache, _owner, _shardId, data, diff) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      const known = channel.messages?.has(data.id) ?? false;
      const old = diff && known ? {} : undefined;
      return [cache.message(data, old), old];
    },
  }),
  MESSAGE_DELETE: reducer<GatewayMessageDeleteDispatchData>({
    key: (d) => d.id,
    apply(cache, _owner, _shardId, data) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      const message = channel.messages?.get(data.id);
      if (message) channel.messages?.delete(data.id);
      return [message ?? bareMessage(data.id, channel)];
    },
  }),
  MESSAGE_DELETE_BULK: reducer<GatewayMessageDeleteBulkDispatchData>({
    key: (d) => d.ids.join(','),
    apply(cache, _owner, _shardId, data) {
      const channel = channelOf(cache, data.channel_id, data.guild_id);
      const messages: Message[] = [];
      for (const id of data.ids) {
        const message = channel.messages?.get(id);
        if (message) channel.messages?.delete(id);
        messages.push(message ?? bareMessage(id, channel));
      }
      return [channel, messages];
    },
  }),
};
