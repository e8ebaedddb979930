import type {
  APIApplicationCommand,
  APIEntitlement,
  APIGuildApplicationCommandPermissions,
  APIInvite,
  APIMessage,
  APIPartialEmoji,
  APISubscription,
  APIWebhook,
  ApplicationCommandType,
  InteractionType,
} from 'discord-api-types/v10';

/** What an OAuth2 access token allows: a user (or the app owner) acting for an application. */
export interface OAuthGrant {
  /** The bearer token the application uses. */
  accessToken: string;
  /** The token that makes a new access token (none for client credentials). */
  refreshToken: string | undefined;
  /** The application it was granted to. */
  applicationId: string;
  /** The user it acts for (the owner, for client credentials). */
  userId: string;
  /** The scopes granted. */
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

/** An authorization code waiting to be exchanged. */
export interface OAuthCode {
  /** The application asking. */
  applicationId: string;
  /** The user who authorized. */
  userId: string;
  /** The scopes authorized. */
  scopes: string[];
  /** The redirect URI the exchange must repeat. */
  redirectUri: string;
  /** PKCE S256 challenge, when the code was made for a public client. */
  codeChallenge: string | undefined;
  /** When the code expires (epoch ms). */
  expiresAt: number;
}

/** An audit log entry as the fake records it. */
export interface AuditLogEntry {
  /** The entry's id. */
  id: string;
  /** The guild. */
  guild_id: string;
  /** Discord's `AuditLogEvent` number. */
  action_type: number;
  /** Who did it. */
  user_id: string | null;
  /** What it was done to. */
  target_id: string | null;
  /** The `X-Audit-Log-Reason` given. */
  reason?: string;
  /** The changes, as Discord lists them. */
  changes: unknown[];
}

/** One emoji's reactions on a message. */
export interface ReactionState {
  /** The emoji. */
  emoji: APIPartialEmoji;
  /** User ids in the order they reacted. */
  users: Set<string>;
  /** User ids that reacted with a super reaction. */
  burstUsers: Set<string>;
}

/** An interaction the fake created, and what has been answered to it. */
export interface InteractionState {
  /** The interaction id. */
  id: string;
  /** Its token (for the response and follow-ups). */
  token: string;
  /** The bot's application. */
  applicationId: string;
  /** Where it happened. */
  channelId: string | undefined;
  /** Its guild, when in one. */
  guildId: string | undefined;
  /** The user who acted. */
  userId: string;
  /** The message a component was on (for UPDATE_MESSAGE). */
  messageId: string | undefined;
  /** The callback type answered, once answered. */
  responseType: number | undefined;
  /** The callback body answered (modals, autocomplete choices...). */
  response: unknown;
  /** The message posted by the response or the deferred edit (`@original`). */
  originalMessageId: string | undefined;
  /** When it was created (epoch ms, the world's clock): the 3-second answer window starts here. */
  createdAt: number;
  /** What kind of interaction it is (command, component, modal...). */
  type?: InteractionType;
  /** For commands: chat input, user or message command. */
  commandType?: ApplicationCommandType;
  /** For commands: the command's name. */
  commandName?: string;
  /** For context menu commands: the user or message acted on. */
  targetId?: string;
  /** The interaction's `authorizing_integration_owners`. */
  authorizingIntegrationOwners?: Record<string, string>;
}

/**
 * The world's state beyond guilds: application commands, interactions, webhooks, invites,
 * reactions, monetization. Plain maps; the actions and routes keep them consistent.
 */
export class WorldStores {
  /** Webhooks by id (token included). */
  readonly webhooks = new Map<string, APIWebhook>();
  /** Global commands: application id -> command id -> command. */
  readonly globalCommands = new Map<string, Map<string, APIApplicationCommand>>();
  /** Guild commands: `${applicationId}:${guildId}` -> command id -> command. */
  readonly guildCommands = new Map<string, Map<string, APIApplicationCommand>>();
  /** Interactions by id and by token. */
  readonly interactions = new Map<string, InteractionState>();
  /** The same interactions by token. */
  readonly interactionsByToken = new Map<string, InteractionState>();
  /** Invites by code. */
  readonly invites = new Map<string, APIInvite & { uses?: number; max_uses?: number; created_at?: string }>();
  /** Reactions: message id -> emoji key (`name` or `name:id`) -> state. */
  readonly reactions = new Map<string, Map<string, ReactionState>>();
  /** Pinned message ids per channel, most recent first. */
  readonly pins = new Map<string, string[]>();
  /** When each pinned message was pinned (ISO timestamp), by message id. */
  readonly pinnedAt = new Map<string, string>();
  /** Uploaded files by attachment id, served at their attachment URL like Discord's CDN. */
  readonly attachmentFiles = new Map<string, { filename: string; contentType: string; data: Buffer }>();
  /** Ephemeral interaction messages by id (never in a channel, never dispatched). */
  readonly ephemeralMessages = new Map<string, APIMessage>();
  /** Entitlements by id. */
  readonly entitlements = new Map<string, APIEntitlement>();
  /** Command permissions set through OAuth2: `applicationId:guildId` -> command id -> permissions. */
  readonly commandPermissions = new Map<string, Map<string, APIGuildApplicationCommandPermissions>>();
  /** Subscriptions by id. */
  readonly subscriptions = new Map<string, APISubscription>();
  /** Audit log entries per guild, oldest first. */
  readonly auditLog = new Map<string, AuditLogEntry[]>();
  /** OAuth2: codes, access tokens and refresh tokens. */
  readonly oauthCodes = new Map<string, OAuthCode>();
  /** Grants by access token. */
  readonly oauthTokens = new Map<string, OAuthGrant>();
  /** Grants by refresh token. */
  readonly refreshTokens = new Map<string, OAuthGrant>();
  /** Poll votes: message id -> answer id -> user ids. */
  readonly pollVotes = new Map<string, Map<number, Set<string>>>();

  /** The command map of an application, globally or in a guild (created on first use). */
  commandsOf(applicationId: string, guildId?: string): Map<string, APIApplicationCommand> {
    const store = guildId ? this.guildCommands : this.globalCommands;
    const key = guildId ? `${applicationId}:${guildId}` : applicationId;
    let map = store.get(key);
    if (!map) {
      map = new Map();
      store.set(key, map);
    }
    return map;
  }
}
