import type {
  APIAutoModerationRule,
  APIBan,
  APIBaseVoiceState,
  APIChannel,
  APIEmoji,
  APIGuild,
  APIGuildIntegration,
  APIGuildMember,
  APIGuildScheduledEvent,
  APIRole,
  APISoundboardSound,
  APIStageInstance,
  APISticker,
  APIThreadMember,
  GatewayPresenceUpdate,
} from 'discord-api-types/v10';

/**
 * Everything the fake world knows about one guild. The `guild` object is kept without its
 * `roles`, `emojis` and `stickers`, which live in their maps and are filled in when a payload is built.
 * Maps keep insertion order, which is creation order, which is what Discord lists.
 */
export interface GuildState {
  /** The guild object (without `roles`, `emojis`, `stickers`). */
  readonly guild: APIGuild;
  /** Roles by id (`@everyone` has the guild's id). */
  readonly roles: Map<string, APIRole>;
  /** Guild channels and threads. */
  readonly channels: Map<string, APIChannel>;
  /** Members by user id. */
  readonly members: Map<string, APIGuildMember>;
  /** Presences of members who are not offline, by user id. */
  readonly presences: Map<string, GatewayPresenceUpdate>;
  /** Voice states of members in a voice channel, by user id. */
  readonly voiceStates: Map<string, APIBaseVoiceState>;
  /** Custom emojis by id. */
  readonly emojis: Map<string, APIEmoji>;
  /** Stickers by id. */
  readonly stickers: Map<string, APISticker>;
  /** Soundboard sounds by id. */
  readonly soundboardSounds: Map<string, APISoundboardSound>;
  /** Live stages by id. */
  readonly stageInstances: Map<string, APIStageInstance>;
  /** Scheduled events by id. */
  readonly scheduledEvents: Map<string, APIGuildScheduledEvent>;
  /** Users subscribed to each scheduled event. */
  readonly scheduledEventUsers: Map<string, Set<string>>;
  /** Bans by user id. */
  readonly bans: Map<string, APIBan>;
  /** AutoMod rules by id. */
  readonly autoModerationRules: Map<string, APIAutoModerationRule>;
  /** Integrations by id. */
  readonly integrations: Map<string, APIGuildIntegration>;
  /** Members of each thread, by thread id then user id. */
  readonly threadMembers: Map<string, Map<string, APIThreadMember>>;
}

/** A new, empty guild state around `guild`. */
export function newGuildState(guild: APIGuild): GuildState {
  return {
    guild,
    roles: new Map(),
    channels: new Map(),
    members: new Map(),
    presences: new Map(),
    voiceStates: new Map(),
    emojis: new Map(),
    stickers: new Map(),
    soundboardSounds: new Map(),
    stageInstances: new Map(),
    scheduledEvents: new Map(),
    scheduledEventUsers: new Map(),
    bans: new Map(),
    autoModerationRules: new Map(),
    integrations: new Map(),
    threadMembers: new Map(),
  };
}

/** The guild object with its roles, emojis and stickers, as REST returns it. */
export function guildObject(state: GuildState): APIGuild {
  return {
    ...state.guild,
    roles: [...state.roles.values()],
    emojis: [...state.emojis.values()],
    stickers: [...state.stickers.values()],
  };
}
