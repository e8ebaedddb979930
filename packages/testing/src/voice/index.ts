/**
 * The fake voice server of @kokoro/testing: voice gateway v8 and UDP on loopback, DAVE's external
 * sender, simulated users, and what it heard. Native modules (opus, sodium, davey) and ts-mls load
 * on first use only.
 */
export type { VoiceGrant, VoiceServerSeam } from '../gateway/voice.js';
export { type HeardAudio, isDaveFrame, OPUS_SILENCE_FRAME, toneFrames } from './audio.js';
export { FakeVoiceCall, type ToneOptions } from './call.js';
export { DaveGroup, DaveOp } from './dave-group.js';
export { DAVE_CIPHERSUITE, ExternalSender, groupIdOf } from './external-sender.js';
export { type FakeVoiceOptions, FakeVoiceServer, type VoiceWorldHooks } from './server.js';
export { FAKE_VOICE_CERTIFICATE } from './tls-identity.js';
export { openRtp, sealRtp, VOICE_ENCRYPTION_MODES, type VoiceEncryptionMode } from './transport.js';
export { VoiceSession } from './voice-session.js';
