/**
 * What an identified client's payloads do in the fake gateway, once Identify or Resume made the
 * connection ready: op 3 sets the session's presence and shows it to the bot's guilds
 * (presence.ts), op 4 joins, moves or leaves voice and op 31 asks for soundboard sounds (voice.ts),
 * op 8 is answered with GUILD_MEMBERS_CHUNKs or RATE_LIMITED (members.ts); any other opcode closes
 * 4001.
 */
import { GatewayCloseCodes, GatewayOpcodes, type GatewayRequestGuildMembersData } from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import type { ClientPayload, GatewayConnection } from './connection.js';
import { answerMemberRequest, type MemberRequestLimiter } from './members.js';
import type { BotPresences } from './presence.js';
import type { FakeSession } from './session.js';
import { requestSoundboardSounds, type VoiceServerSeam, voiceStateUpdate } from './voice.js';

/** What member requests need: the per-guild limiter, the time, the chunk size. */
export interface MemberRequestContext {
  limiter: MemberRequestLimiter;
  now: number;
  chunkSize: number;
}

/** What the commands act on: the world, the bots' shown presences, member request limits. */
export interface CommandContext {
  world: World;
  presences: BotPresences;
  members: MemberRequestContext;
  /** `endpoint` of VOICE_SERVER_UPDATE. */
  voiceEndpoint: string;
  /** The voice server that grants voice joins, if any. */
  voiceServer?: VoiceServerSeam;
}

/** Carry out one payload of a ready session. */
export function handleCommand(
  context: CommandContext,
  session: FakeSession,
  connection: GatewayConnection,
  payload: ClientPayload,
): void {
  const { world, members } = context;
  switch (payload.op) {
    case GatewayOpcodes.PresenceUpdate:
      session.presence = payload.d;
      context.presences.show(session.bot.id, payload.d);
      return;
    case GatewayOpcodes.VoiceStateUpdate:
      voiceStateUpdate(world, session, connection, payload.d, context.voiceEndpoint, context.voiceServer);
      return;
    case GatewayOpcodes.RequestSoundboardSounds:
      requestSoundboardSounds(world, session, connection, payload.d);
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
