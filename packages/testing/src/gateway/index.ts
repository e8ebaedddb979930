export { type ClientPayload, ConnectionState, GatewayConnection } from './connection.js';
export type { TransportCompression } from './frame-encoder.js';
export { KNOWN_INTENTS, PRIVILEGED_INTENTS } from './identify.js';
export {
  type CloseRecord,
  FakeGateway,
  type FakeGatewayOptions,
  type GatewayFilter,
  HEARTBEAT_TIMEOUT_CLOSE,
  type IdentifyRecord,
  type ReceivedPayload,
  type ResumeRecord,
} from './server.js';
export { FakeSession, type SequencedDispatch } from './session.js';
export type { GatewayBot, GatewayWorld, GatewayWorldDispatch } from './world-view.js';
