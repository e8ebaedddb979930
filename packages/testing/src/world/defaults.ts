/**
 * Factories for the raw objects of the fake world, filled the way Discord fills them for a new
 * object (a new guild, a fresh role, a plain text channel...). Callers override what they need.
 */
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  type MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type RoleFlags,
  type UserFlags,
} from 'discord-api-types/v10';

/** The permissions of a new guild's `@everyone` role, as Discord sets them. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.RequestToSpeak |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.UseEmbeddedActivities |
  PermissionFlagsBits.SendVoiceMessages |
  PermissionFlagsBits.SendPolls |
  PermissionFlagsBits.UseExternalApps;

/**
 * A user object; `bot` marks bot accounts. People have unique usernames (discriminator `'0'`); bots
 * were never migrated and keep a four-digit discriminator (`Nue#4821`), here derived from the id.
 */
export function makeUser(id: string, username: string, bot = false): APIUser {
  const user: APIUser = {
    id,
    username,
    discriminator: bot ? String(1000 + Number(BigInt(id) % 9000n)) : '0',
    global_name: bot ? null : username,
    avatar: null,
    public_flags: 0 as UserFlags,
  };
  if (bot) user.bot = true;
  return user;
}

/** A guild object without its roles and emojis (the world keeps those apart and fills them in). */
export function makeGuild(id: string, name: string, ownerId: string): APIGuild {
  return {
    id,
    name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500_000,
    max_video_channel_users: 25,
  };
}

/** A role object. The `@everyone` role has the guild's id. */
export function makeRole(id: string, name: string, position: number, permissions: bigint): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

/** A member object for `user`, joined at `joinedAt` (ISO 8601). */
export function makeMember(user: APIUser, joinedAt: string, roles: string[] = []): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A guild channel of any guild type, with the fields Discord sends for that type. */
export function makeGuildChannel(
  id: string,
  guildId: string,
  name: string,
  type: ChannelType,
  position: number,
  parentId: string | null = null,
): APIChannel {
  const channel: Record<string, unknown> = {
    id,
    guild_id: guildId,
    name,
    type,
    position,
    permission_overwrites: [],
    parent_id: parentId,
    nsfw: false,
    flags: 0,
  };
  if (type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement || type === ChannelType.GuildForum) {
    channel.topic = null;
    channel.last_message_id = null;
    channel.rate_limit_per_user = 0;
    channel.default_auto_archive_duration = 1440;
  }
  if (type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice) {
    channel.bitrate = 64_000;
    channel.user_limit = 0;
    channel.rtc_region = null;
    channel.last_message_id = null;
    channel.rate_limit_per_user = 0;
  }
  return channel as unknown as APIChannel;
}

/** A DM channel between a bot and a user. */
export function makeDMChannel(id: string, recipient: APIUser): APIChannel {
  return {
    id,
    type: ChannelType.DM,
    name: null,
    recipients: [recipient],
    last_message_id: null,
    flags: 0,
  } as unknown as APIChannel;
}

/** A default message (type 0) as Discord returns it from a create. */
export function makeMessage(
  id: string,
  channelId: string,
  author: APIUser,
  content: string,
  timestamp: string,
): APIMessage {
  return {
    id,
    channel_id: channelId,
    author,
    content,
    timestamp,
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    flags: 0 as MessageFlags,
    components: [],
  };
}
