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
  accessToken: string;
  refreshToken: string | undefined;
  applicationId: string;
  userId: string;
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

/** An authorization code waiting to be exchanged. */
export interface OAuthCode {
  applicationId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  /** PKCE S256 challenge, when the code was made for a public client. */
  codeChallenge: string | undefined;
  expiresAt: number;
}

/** An audit log entry as the fake records it. */
export interface AuditLogEntry {
  id: string;
  guild_id: string;
  action_type: number;
  user_id: string | null;
  target_id: string | null;
  reason?: string;
  changes: unknown[];
}

/** One emoji's reactions on a message. */
export interface ReactionState {
  emoji: APIPartialEmoji;
  /** User ids in the order they reacted. */
  users: Set<string>;
  burstUsers: Set<string>;
}

/** An interaction the fake created, and what has been answered to it. */
export interface InteractionState {
  id: string;
  token: string;
  applicationId: string;
  channelId: string | undefined;
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
  readonly entitlements = new Map<string, APIEntitlement>();
  /** Command permissions set through OAuth2: `applicationId:guildId` -> command id -> permissions. */
  readonly commandPermissions = new Map<string, Map<string, APIGuildApplicationCommandPermissions>>();
  readonly subscriptions = new Map<string, APISubscription>();
  /** Audit log entries per guild, oldest first. */
  readonly auditLog = new Map<string, AuditLogEntry[]>();
  /** OAuth2: codes, access tokens and refresh tokens. */
  readonly oauthCodes = new Map<string, OAuthCode>();
  readonly oauthTokens = new Map<string, OAuthGrant>();
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
