/**
 * Request Guild Members (op 8). Checked before anything is sent, as hikari does: a query and user
 * ids do not go together, nor a limit and user ids; at most 100 user ids; a limit of 0..100; a nonce of at most 32 bytes;
 * presences need GUILD_PRESENCES; the whole member list (query "" with limit 0) needs GUILD_MEMBERS.
 * Discord answers with GUILD_MEMBERS_CHUNK dispatches carrying the request's nonce, so each request
 * gets a nonce and gathers its chunks until `chunk_count` arrived; a RATE_LIMITED dispatch (one
 * full list per guild per 30 s) with the nonce fails the request with the time to wait.
 */
import { type Clock, isSnowflake, ValidationError } from '@kokoro/common';
import {
  type APIGuildMember,
  type GatewayGuildMembersChunkDispatchData,
  GatewayIntentBits,
  type GatewayPresenceUpdate,
  type GatewayRateLimitedDispatchData,
  type GatewayRequestGuildMembersData,
} from 'discord-api-types/v10';
import { GuildMembersRateLimitError, GuildMembersTimeoutError, MissingIntentError } from './errors.js';

/** Options of `shard.requestGuildMembers`. */
export interface RequestGuildMembersOptions {
  /** Usernames starting with this ("" with limit 0: every member). Not with `userIds`. */
  query?: string;
  /** At most this many members (0 = no limit, only with a query). 0..100. */
  limit?: number;
  /** These members (at most 100). Not with `query`. */
  userIds?: readonly string[];
  /** Also their presences (needs GUILD_PRESENCES). */
  presences?: boolean;
  /** Your own nonce (at most 32 bytes); one is made when absent. */
  nonce?: string;
}

/** The gathered answer to a member request. */
export interface GuildMembersResult {
  /** The guild asked about. */
  guildId: string;
  /** The members found, from every chunk. */
  members: APIGuildMember[];
  /** Their presences (when asked for with `presences: true`). */
  presences: GatewayPresenceUpdate[];
  /** Requested user ids that are not members. */
  notFound: string[];
  /** The request's nonce, which tied the chunks to it. */
  nonce: string;
  /** How many GUILD_MEMBERS_CHUNKs made the answer. */
  chunks: number;
}

/** Check a member request against the shard's intents and build the op 8 data. */
export function buildMemberRequest(
  guildId: string,
  options: RequestGuildMembersOptions,
  intents: number,
  nonce: string,
): GatewayRequestGuildMembersData {
  const { query, userIds } = options;
  if (!isSnowflake(guildId)) throw new ValidationError('guild', `expected a snowflake id, got ${String(guildId)}`);
  if (query !== undefined && userIds !== undefined) {
    throw new ValidationError('query', 'give either a query or user ids, not both');
  }
  if (userIds !== undefined && options.limit !== undefined) {
    throw new ValidationError('limit', 'a limit goes with a query, not with user ids (each id gets its member)');
  }
  if (userIds !== undefined && userIds.length > 100) {
    throw new ValidationError('userIds', `at most 100 user ids per request, got ${userIds.length}`);
  }
  const badId = userIds?.findIndex((id) => !isSnowflake(id)) ?? -1;
  if (badId >= 0) {
    throw new ValidationError(`userIds[${badId}]`, `expected a snowflake id, got ${String(userIds![badId])}`);
  }
  const limit = options.limit ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > 100) {
    throw new ValidationError('limit', `must be an integer from 0 to 100, got ${limit}`);
  }
  if (Buffer.byteLength(nonce) > 32) {
    throw new ValidationError('nonce', `at most 32 bytes, got ${Buffer.byteLength(nonce)}`);
  }
  if (options.presences && (intents & GatewayIntentBits.GuildPresences) === 0) {
    throw new MissingIntentError('GUILD_PRESENCES', 'requesting presences with members');
  }
  const wantsAll = userIds === undefined && (query ?? '') === '' && limit === 0;
  if (wantsAll && (intents & GatewayIntentBits.GuildMembers) === 0) {
    throw new MissingIntentError('GUILD_MEMBERS', 'requesting the whole member list (query "" with limit 0)');
  }
  const data: Record<string, unknown> = { guild_id: guildId, nonce };
  if (userIds !== undefined) {
    data.user_ids = [...userIds];
  } else {
    data.query = query ?? '';
    data.limit = limit;
  }
  if (options.presences) data.presences = true;
  return data as unknown as GatewayRequestGuildMembersData;
}

/** One request waiting for its chunks. */
export class PendingMemberRequest {
  readonly result: GuildMembersResult;
  #seen = new Set<number>();
  #count = Number.POSITIVE_INFINITY;

  constructor(
    guildId: string,
    nonce: string,
    readonly resolve: (result: GuildMembersResult) => void,
    readonly reject: (error: unknown) => void,
    readonly cancelTimer: () => void,
  ) {
    this.result = { guildId, members: [], presences: [], notFound: [], nonce, chunks: 0 };
  }

  /** Add a chunk; true when the answer is complete. */
  add(chunk: GatewayGuildMembersChunkDispatchData): boolean {
    if (this.#seen.has(chunk.chunk_index)) return false;
    this.#seen.add(chunk.chunk_index);
    this.#count = chunk.chunk_count;
    this.result.members.push(...chunk.members);
    if (chunk.presences) this.result.presences.push(...(chunk.presences as GatewayPresenceUpdate[]));
    if (chunk.not_found) this.result.notFound.push(...chunk.not_found.map(String));
    this.result.chunks++;
    return this.#seen.size >= this.#count;
  }
}

/**
 * The member requests of one shard (or, on a worker of @kokoro/cluster, of one bot), by nonce: each
 * gathers the GUILD_MEMBERS_CHUNKs of its nonce.
 */
export class MemberRequests {
  readonly #pending = new Map<string, PendingMemberRequest>();

  /** Requests waiting for chunks. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Register a request, send it, and wait for its chunks (or a RATE_LIMITED, or `timeout` ms).
   */
  open(
    guildId: string,
    nonce: string,
    timeout: number,
    clock: Clock,
    send: () => Promise<void>,
  ): Promise<GuildMembersResult> {
    return new Promise<GuildMembersResult>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        this.#pending.delete(nonce);
        reject(new GuildMembersTimeoutError(guildId, timeout));
      }, timeout);
      const request = new PendingMemberRequest(guildId, nonce, resolve, reject, () => clock.clearTimeout(timer));
      this.#pending.set(nonce, request);
      send().catch((error: unknown) => {
        request.cancelTimer();
        this.#pending.delete(nonce);
        reject(error);
      });
    });
  }

  /** Feed a GUILD_MEMBERS_CHUNK. */
  chunk(data: GatewayGuildMembersChunkDispatchData): void {
    const request = data.nonce === undefined ? undefined : this.#pending.get(data.nonce);
    if (!request || request.result.guildId !== data.guild_id) return;
    if (!request.add(data)) return;
    this.#pending.delete(request.result.nonce);
    request.cancelTimer();
    request.resolve(request.result);
  }

  /** Feed a RATE_LIMITED dispatch. */
  rateLimited(data: GatewayRateLimitedDispatchData): void {
    const nonce = data.meta?.nonce;
    const request = nonce === undefined ? undefined : this.#pending.get(nonce);
    if (!request) return;
    this.#pending.delete(nonce!);
    request.cancelTimer();
    request.reject(new GuildMembersRateLimitError(request.result.guildId, data.retry_after));
  }

  /** Fail every request (the session they belonged to is gone). */
  failAll(error: unknown): void {
    for (const request of this.#pending.values()) {
      request.cancelTimer();
      request.reject(error);
    }
    this.#pending.clear();
  }
}
