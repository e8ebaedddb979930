/**
 * @kokoro/voice: voice for Kokoro bots, end-to-end encrypted as Discord requires (DAVE).
 * Importing it installs `client.voiceJoin` on the core Client (see join.ts).
 *
 * @document ../README.md
 *
 * @module @kokoro/voice
 */
import { installVoice } from './join.js';

installVoice();

export { type VoiceCloseAction, voiceCloseAction, voiceCloseMessage } from './close-codes.js';
export {
  VoiceConnection,
  type VoiceConnectionEvents,
  type VoiceConnectionOptions,
  voiceGatewayUrl,
} from './connection.js';
export { VoiceConnectionStatus } from './connection-state.js';
export {
  DaveSession,
  type DaveStats,
  DOWNGRADE_EXPIRY,
  loadDavey,
  maxDaveProtocolVersion,
  TRANSITION_EXPIRY,
} from './dave/dave-session.js';
export {
  AudioSourceError,
  FfmpegNotFoundError,
  VoiceCloseError,
  VoiceConnectionDestroyedError,
  VoiceError,
  VoiceJoinTimeoutError,
} from './errors.js';
export { VoiceGateway, type VoiceGatewayOptions } from './gateway/voice-gateway.js';
export type { RawDispatch, VoiceHost } from './host.js';
export {
  installVoice,
  type VoiceChannelLike,
  type VoiceJoinOptions,
  voiceConnectionsOf,
  voiceJoin,
} from './join.js';
export { ByteReader } from './play/byte-reader.js';
export { findFfmpeg } from './play/ffmpeg.js';
export { OggOpusWriter, oggCrc, oggOpusPackets } from './play/ogg.js';
export { applyVolume } from './play/opus-worker.js';
export {
  AudioPlayer,
  type PlayerEvents,
  type PlayerOptions,
  type PlayerStatus,
  type PlayOptions,
  type Track,
} from './play/player.js';
export {
  type AudioInput,
  type AudioInputType,
  type AudioSource,
  type AudioSourceOptions,
  createAudioSource,
} from './play/source.js';
export { encodeWav, readWavHeader, sineWave, type WavFormat, wavHeader, wavToPcm } from './play/wav.js';
export {
  buildIpDiscoveryRequest,
  buildIpDiscoveryResponse,
  IP_DISCOVERY_SIZE,
  parseIpDiscoveryResponse,
} from './protocol/ip-discovery.js';
export { FRAME_SAMPLES, opusPacketSamples, PCM_FRAME_BYTES, SILENCE_FRAME } from './protocol/opus-packet.js';
export { parseRtpHeader, RTP_HEADER_SIZE, type RtpHeader, writeRtpHeader } from './protocol/rtp.js';
export {
  chooseEncryptionMode,
  ENCRYPTION_MODES,
  type EncryptionMode,
  TransportCipher,
} from './protocol/transport-crypto.js';
export { type ReceiveOptions, VoiceReceiver } from './receive/receiver.js';
export { recordOgg, recordWav } from './receive/record.js';
export { CoalescingClock } from './transport/coalescing-clock.js';
export { type PacedFrame, Pacer, type PacerOptions, type PacerStats } from './transport/pacer.js';
export { preciseClock } from './transport/precise-clock.js';
export { ThreadTransport, type ThreadTransportOptions } from './transport/thread-transport.js';
export type { ReceivedPacket, TransportSession, VoiceTransport } from './transport/transport.js';
export { UdpTransport, type UdpTransportOptions } from './transport/udp-transport.js';
