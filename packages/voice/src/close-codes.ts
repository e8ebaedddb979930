/**
 * What a voice connection does on each voice gateway close code. Discord's table: 4006 (session
 * no longer valid) and 4009 (session timeout) need a new session: re-join through the main
 * gateway; 4014 means we were disconnected (kicked, channel deleted, moved): do not reconnect
 * unless a move follows; 4015 (voice server crashed) and drops without a code are resumed; 4017
 * means the client offered no usable DAVE: never retry, say so once; the rest are bugs or refusals
 * that a retry would only repeat.
 */
import { VoiceCloseCodes } from 'discord-api-types/voice/v8';

/** The reaction to a close. */
export type VoiceCloseAction = 'resume' | 'rejoin' | 'disconnected' | 'fatal';

const FATAL_MESSAGES: Record<number, string> = {
  4001: 'unknown opcode (a bug in Kokoro: please report it)',
  4002: 'the voice server could not decode a payload (a bug in Kokoro: please report it)',
  4003: 'not authenticated: a payload was sent before Identify',
  4004: 'authentication failed: the voice token or session is wrong',
  4005: 'already authenticated',
  4011: 'voice server not found; join again later',
  4012: 'unknown protocol in Select Protocol',
  4016: 'unknown encryption mode in Select Protocol',
  4017: 'end-to-end encryption (DAVE) is required in this channel, and this connection did not offer it; do not pass `dave: false`, and make sure @snazzah/davey is installed',
  4020: 'bad request',
  4021: 'rate limited by the voice server; wait before joining again',
};

/** The reaction to a voice gateway close code. */
export function voiceCloseAction(code: number): VoiceCloseAction {
  switch (code) {
    case VoiceCloseCodes.SessionNoLongerValid:
    case VoiceCloseCodes.SessionTimeout:
      return 'rejoin';
    case VoiceCloseCodes.Disconnected:
    case 4022: // call terminated
      return 'disconnected';
    default:
      return code in FATAL_MESSAGES ? 'fatal' : 'resume';
  }
}

/** What to tell the user about a fatal close code. */
export function voiceCloseMessage(code: number): string {
  return FATAL_MESSAGES[code] ?? 'closed';
}
