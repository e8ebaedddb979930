/**
 * The GUILD_CREATE payload for one bot session. What Discord includes depends on intents:
 * - `presences`: only with GUILD_PRESENCES.
 * - `members`: always the bot's own member and the members in voice channels; with GUILD_PRESENCES
 *   also every member of a guild that is not large (member count <= large_threshold), or the
 *   members who are online in a large one. The rest come through Request Guild Members.
 * - `large`: member count above the session's `large_threshold` (50 unless set, at most 250).
 * - `threads`: the active threads the bot can view (archived ones are fetched through REST);
 *   `channels`: every other channel, whatever the bot's permissions.
 */
import {
  type APIChannel,
  type APIGuildMember,
  type APIThreadChannel,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GatewayIntentBits,
  type GatewayPresenceUpdate,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { type GuildState, guildObject } from './guild-state.js';
import { channelPermissions } from './permissions.js';

const THREAD_TYPES = new Set<number>([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);

/** Whether a channel is a thread. */
export function isThread(channel: APIChannel): boolean {
  return THREAD_TYPES.has(channel.type);
}

/** Build the GUILD_CREATE data of `state` as the bot `botId` sees it with `intents`. */
export function buildGuildCreate(
  state: GuildState,
  botId: string,
  options: { intents: number; largeThreshold?: number },
): GatewayGuildCreateDispatchData {
  const withPresences = (options.intents & GatewayIntentBits.GuildPresences) !== 0;
  const memberCount = state.members.size;
  const large = memberCount > (options.largeThreshold ?? 50);
  let members: APIGuildMember[];
  if (withPresences && !large) {
    members = [...state.members.values()];
  } else {
    members = [];
    for (const [userId, member] of state.members) {
      if (userId === botId || state.voiceStates.has(userId) || (withPresences && state.presences.has(userId))) {
        members.push(member);
      }
    }
  }
  const presences: GatewayPresenceUpdate[] = withPresences ? [...state.presences.values()] : [];
  const channels: APIChannel[] = [];
  const threads: APIChannel[] = [];
  for (const channel of state.channels.values()) {
    if (!isThread(channel)) channels.push(channel);
    else if (
      !(channel as APIThreadChannel).thread_metadata?.archived &&
      (channelPermissions(state, botId, channel) & PermissionFlagsBits.ViewChannel) !== 0n
    )
      threads.push(channel);
  }
  const self = state.members.get(botId);
  return {
    ...guildObject(state),
    joined_at: self?.joined_at ?? new Date(0).toISOString(),
    large,
    unavailable: false,
    member_count: memberCount,
    voice_states: [...state.voiceStates.values()],
    members,
    channels: channels as GatewayGuildCreateDispatchData['channels'],
    threads: threads as GatewayGuildCreateDispatchData['threads'],
    presences,
    stage_instances: [...state.stageInstances.values()],
    guild_scheduled_events: [...state.scheduledEvents.values()],
    soundboard_sounds: [...state.soundboardSounds.values()],
  };
}
