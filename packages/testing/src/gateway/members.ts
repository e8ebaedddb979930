/**
 * Request Guild Members (op 8) in the fake: the answer is a series of GUILD_MEMBERS_CHUNK
 * dispatches of at most `chunkSize` members (`chunk_index`/`chunk_count`, `not_found` for user ids
 * that are not members, `presences` when asked, the request's `nonce`). Since 2025-08 Discord allows
 * one "all members" request (query "" and limit 0) per guild per 30 s; a faster one is answered with
 * a RATE_LIMITED dispatch `{opcode: 8, retry_after, meta: {guild_id, nonce}}`.
 *
 * A full-list request without the GUILD_MEMBERS intent gets no answer at all: Discord's docs only
 * say the intent is required, and what peers observed is silence (discordrb PR #53, "the gateway
 * doesn't respond"; discord-api-docs issue #5855). Presences without GUILD_PRESENCES are left out
 * ("otherwise, it will always be false").
 */

import type { APIGuildMember, GatewayPresenceUpdate, GatewayRequestGuildMembersData } from 'discord-api-types/v10';
import { GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { FakeSession } from './session.js';
import type { GatewayWorld } from './world-view.js';

/** One dispatch to send in answer to an op 8. */
export interface MembersAnswer {
  t: GatewayDispatchEvents.GuildMembersChunk | GatewayDispatchEvents.RateLimited;
  d: unknown;
}

/** Remembers when each bot last asked for a guild's full member list. */
export class MemberRequestLimiter {
  readonly #last = new Map<string, number>();
  constructor(readonly interval: number) {}

  /** Milliseconds to wait before the next "all members" request, or 0 and record it. */
  take(botId: string, guildId: string, now: number): number {
    const key = `${botId}:${guildId}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.interval) return this.interval - (now - last);
    this.#last.set(key, now);
    return 0;
  }
}

function matchesQuery(member: APIGuildMember, query: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  return (member.user.username.toLowerCase().startsWith(q) || member.nick?.toLowerCase().startsWith(q)) ?? false;
}

/**
 * The dispatches that answer an op 8, or undefined when the request is not for a guild of this
 * session (Discord ignores it).
 */
export function answerMemberRequest(
  world: GatewayWorld,
  session: FakeSession,
  request: GatewayRequestGuildMembersData,
  limiter: MemberRequestLimiter,
  now: number,
  chunkSize: number,
): MembersAnswer[] | undefined {
  const guildId = request.guild_id;
  if (typeof guildId !== 'string' || !world.isMember(guildId, session.bot.id)) return undefined;
  const nonce = request.nonce;
  const userIds = 'user_ids' in request && request.user_ids !== undefined ? [request.user_ids].flat() : undefined;
  const query = 'query' in request ? (request.query ?? '') : '';
  const limit = 'limit' in request ? (request.limit ?? 0) : 0;
  const all = userIds === undefined && query === '' && limit === 0;
  if (all) {
    if ((session.intents & GatewayIntentBits.GuildMembers) === 0) return [];
    const wait = limiter.take(session.bot.id, guildId, now);
    if (wait > 0) {
      const meta: Record<string, unknown> = { guild_id: guildId };
      if (nonce !== undefined) meta.nonce = nonce;
      return [
        {
          t: GatewayDispatchEvents.RateLimited,
          d: { opcode: GatewayOpcodes.RequestGuildMembers, retry_after: wait / 1000, meta },
        },
      ];
    }
  }
  const everyone = world.members(guildId);
  let found: APIGuildMember[];
  let notFound: string[] | undefined;
  if (userIds !== undefined) {
    const byId = new Map(everyone.map((member) => [member.user.id, member]));
    found = [];
    notFound = [];
    for (const id of userIds) {
      const member = byId.get(id);
      if (member) found.push(member);
      else notFound.push(id);
    }
  } else {
    found = everyone.filter((member) => matchesQuery(member, query));
    if (limit > 0) found = found.slice(0, limit);
  }
  let presences: GatewayPresenceUpdate[] | undefined;
  if (request.presences && (session.intents & GatewayIntentBits.GuildPresences) !== 0) {
    const ids = new Set(found.map((member) => member.user.id));
    presences = world.presences(guildId).filter((presence) => ids.has(presence.user.id));
  }
  const chunkCount = Math.max(1, Math.ceil(found.length / chunkSize));
  const answers: MembersAnswer[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const members = found.slice(index * chunkSize, (index + 1) * chunkSize);
    const d: Record<string, unknown> = { guild_id: guildId, members, chunk_index: index, chunk_count: chunkCount };
    if (index === 0 && notFound && notFound.length > 0) d.not_found = notFound;
    if (presences) {
      const ids = new Set(members.map((member) => member.user.id));
      d.presences = presences.filter((presence) => ids.has(presence.user.id));
    }
    if (nonce !== undefined) d.nonce = nonce;
    answers.push({ t: GatewayDispatchEvents.GuildMembersChunk, d });
  }
  return answers;
}
