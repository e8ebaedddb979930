/**
 * What the fake gateway needs of the fake world: a structural view of `World`
 * (src/world/world.ts), so the gateway depends on the seam in docs/CONTRACTS.md and not on the
 * world's internals. What a client's own commands change in the world (its presence, its voice
 * state) goes through the world's actions (src/actions), as a simulated user's would; for those the
 * gateway is given the `World` itself, as docs/CONTRACTS.md says.
 */
import type { Clock } from '@kokoro/common';
import type {
  APIGuildMember,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayPresenceUpdate,
} from 'discord-api-types/v10';

/** A bot account as the gateway sees it. */
export interface GatewayBot {
  /** The bot's user id. */
  id: string;
  /** Its token. */
  token: string;
  /** Its name. */
  name: string;
  /** Its user object (READY's `user`). */
  user: APIUser;
  /** Its application id (READY's `application`). */
  applicationId: string;
  /** Privileged intent bits this bot may ask for. */
  privilegedIntents: number;
}

/** One event of the world, offered to the gateway for delivery (see `WorldDispatch`). */
export interface GatewayWorldDispatch {
  /** The event name. */
  t: string;
  /** The event data. */
  d: unknown;
  /** Only sessions of bots in this guild, on the guild's shard, receive it. */
  guildId?: string;
  /** The channel it happened in. */
  channelId?: string;
  /** The intent a session needs to receive it; undefined: always sent. */
  intent?: number;
  /** Only these bot ids receive it. */
  recipients?: readonly string[];
  /** A message event with content: stripped for sessions without MESSAGE_CONTENT. */
  hasContent?: boolean;
}

/** The part of the fake world the gateway reads. `World` satisfies it. */
export interface GatewayWorld {
  /** The world's clock: heartbeats and timeouts run on it. */
  readonly clock: Clock;
  /** Bot users by id. */
  readonly bots: ReadonlyMap<string, GatewayBot>;
  /** The bot a token belongs to, or undefined (an invalid token: close 4004). */
  botByToken(token: string): GatewayBot | undefined;
  /** The ids of the guilds a user is a member of. */
  guildIdsOf(userId: string): string[];
  /** Whether the user is a member of the guild. */
  isMember(guildId: string, userId: string): boolean;
  /** The GUILD_CREATE a bot's session receives for a guild, filtered by the session's intents. */
  guildCreatePayload(guildId: string, botId: string, options: { intents: number }): GatewayGuildCreateDispatchData;
  /** Every member of the guild. */
  members(guildId: string): APIGuildMember[];
  /** The presences of the guild's members who are not offline. */
  presences(guildId: string): GatewayPresenceUpdate[];
  /** Listen to every event the world produces; returns the unsubscribe function. */
  onDispatch(listener: (dispatch: GatewayWorldDispatch) => void): () => void;
}
