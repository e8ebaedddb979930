/**
 * What an identified client's payloads do in the fake gateway, once Identify or Resume made the
 * connection ready: op 3 sets the session's presence, op 4 and op 31 are accepted, op 8 is answered
 * with GUILD_MEMBERS_CHUNKs or RATE_LIMITED (members.ts); any other opcode closes 4001.
 */
import { GatewayCloseCodes, GatewayOpcodes, type GatewayRequestGuildMembersData } from 'discord-api-types/v10';
import type { ClientPayload, GatewayConnection } from './connection.js';
import { answerMemberRequest, type MemberRequestLimiter } from './members.js';
import type { FakeSession } from './session.js';
import type { GatewayWorld } from './world-view.js';

/** What member requests need: the per-guild limiter, the time, the chunk size. */
export interface MemberRequestContext {
  limiter: MemberRequestLimiter;
  now: number;
  chunkSize: number;
}

/** Carry out one payload of a ready session. */
export function handleCommand(
  world: GatewayWorld,
  session: FakeSession,
  connection: GatewayConnection,
  payload: ClientPayload,
  members: MemberRequestContext,
): void {
  switch (payload.op) {
    case GatewayOpcodes.PresenceUpdate:
      session.presence = payload.d;
      return;
    case GatewayOpcodes.VoiceStateUpdate:
    case GatewayOpcodes.RequestSoundboardSounds:
      return;
    case GatewayOpcodes.RequestGuildMembers: {
      const request = payload.d as GatewayRequestGuildMembersData;
      const answers = answerMemberRequest(world, session, request, members.limiter, members.now, members.chunkSize);
      for (const answer of answers ?? []) session.dispatch(answer.t, answer.d);
      return;
    }
    default:
      connection.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
      return;
  }
}
