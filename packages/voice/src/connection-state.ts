/**
 * The states of a voice connection, as one explicit enum (see connection.ts for the transitions).
 */

/** Where a {@link VoiceConnection} is in its life. */
export enum VoiceConnectionStatus {
  /** Op 4 sent on the main gateway; waiting for VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE. */
  Signalling = 'signalling',
  /** Voice gateway socket opening, Identify sent, waiting for Ready (op 2). */
  Connecting = 'connecting',
  /** UDP IP discovery and Select Protocol; waiting for the Session Description (op 4). */
  Handshaking = 'handshaking',
  /** Session described, DAVE group being joined (MLS welcome or commit pending). */
  JoiningGroup = 'joining-group',
  /** Able to send and receive audio. */
  Ready = 'ready',
  /** The voice socket dropped; resuming on a new socket (same session, same UDP). */
  Resuming = 'resuming',
  /** Discord disconnected us (4014); waiting briefly for a move to another channel or server. */
  Disconnected = 'disconnected',
  /** Left, failed or stopped for good. */
  Destroyed = 'destroyed',
}
