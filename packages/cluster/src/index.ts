/**
 * Kokoro scale-out: gateway processes publish dispatches to NATS JetStream, workers consume them with
 * the same `Client` API, and shared state (identify queue, REST limits, gateway sessions) lives in Redis.
 *
 * @packageDocumentation
 */
export { ClusterError } from './errors.js';
export {
  GatewayConnector,
  type GatewayConnectorOptions,
  type GatewayProgress,
  RESUMABLE_STOP_CODE,
} from './gateway-connector.js';
export {
  type HandledEvents,
  LocalHandledEvents,
  RedisHandledEvents,
  type RedisHandledEventsOptions,
} from './handled-events.js';
export { type ResolvedStreamOptions, resolveStreamOptions, type StreamOptions } from './options.js';
export { DispatchPublisher, type PublisherOptions } from './publisher.js';
export { dispatchId, dispatchSubject, parseSubject } from './subjects.js';
export { WorkerConnector, type WorkerConnectorOptions, type WorkerProgress } from './worker-connector.js';
