/**
 * @kokoro/core: the Client, events, the extension registry and the event-thread runtime.
 * Entities and the cache come from @kokoro/cache and are re-exported here.
 *
 * @document ../README.md
 *
 * @module @kokoro/core
 */
export * from '@kokoro/cache';

export {
  type Clock,
  createLogger,
  KokoroError,
  type Logger,
  ManualClock,
  type Snowflake,
  systemClock,
  ValidationError,
} from '@kokoro/common';
// What bot code needs from the layers below, so one import of `kokoro` is enough: the gateway's
// shard, its states and every error class a call can reject with.
export {
  EtfError,
  GatewayCompressionUnavailableError,
  GatewayConnectError,
  GatewayDecodeError,
  GatewayFatalError,
  GatewayPayloadTooLargeError,
  type GatewayShard,
  GuildMembersRateLimitError,
  type GuildMembersResult,
  GuildMembersTimeoutError,
  MissingIntentError,
  type PresenceInput,
  type RequestGuildMembersOptions,
  SessionStartLimitError,
  Shard,
  ShardClosedError,
  ShardManager,
  ShardState,
  type ShardStateChange,
  type VoiceStateOptions,
} from '@kokoro/gateway';
export {
  DiscordAPIError,
  defaultRestPool,
  InvalidRequestLimitError,
  NetworkError,
  OAuth2Error,
  RateLimitError,
  RequestDeadlineError,
  Rest,
  RestClosedError,
  RestPool,
} from '@kokoro/rest';
// Discord's enums, from discord-api-types (a dependency of Kokoro, not of the bot).
export {
  ActivityType,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  PresenceUpdateStatus,
  TextInputStyle,
} from 'discord-api-types/v10';
export {
  type BaseClientOptions,
  type ClientGatewayOptions,
  type ClientOptions,
  type ClientRestOptions,
  type ClientState,
  DEFAULT_INTENTS,
  type EventHandler,
  KokoroClient,
  type PayloadFilter,
} from './client.js';
export type { CoreEvents } from './client-events.js';
export {
  type IdLike,
  idOf,
  type MessageBuilders,
  type MessageCreateOptions,
  type MessageEditOptions,
  type MessageLike,
} from './client-methods.js';
export { ClientTokenError } from './client-token.js';
export { Client, type ClientWith } from './client-type.js';
export {
  type ClientConnector,
  type ClientFeed,
  type ConnectedClient,
  getDefaultConnector,
  type PendingEvent,
  type RemoteGateway,
  setDefaultConnector,
} from './connector.js';
export type { AccountMaker, AccountRequest } from './endpoints.js';
export { defaultEndpoints, type Endpoints, setDefaultEndpoints } from './endpoints.js';
export * from './extensions.js';
export { ALL_INTENTS } from './intents.js';
export {
  ClientMetrics,
  lagMonitor,
  type ShardCounters,
  type SlowEvent,
} from './metrics/client-metrics.js';
export { formatPrometheus, formatStats } from './metrics/format-metrics.js';
export {
  type ClientMetricsSnapshot,
  collectMetrics,
  type MetricsSnapshot,
  RATE_WINDOW_MS,
  type ShardMetrics,
  sampleMetrics,
  startEventLoopMonitor,
} from './metrics/runtime-metrics.js';
export { ClientNotConnectedError } from './not-connected-error.js';
export { ClientNotReadyError } from './not-ready-error.js';
export type {
  APIInteraction,
  APIMessage,
  APIUser,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatch,
  GatewayInteractionCreateDispatch,
  GatewayMessageCreateDispatch,
  GatewayMessageCreateDispatchData,
  GatewayReadyDispatch,
  GatewayReceivePayload,
  GatewaySendPayload,
  GatewayVoiceStateUpdateDispatch,
} from './raw-payloads.js';
export { type AttachOptions, attachConsole, connectConsole, type RemoteRuntime } from './runtime/console-attach.js';
export { type ConsoleServer, type ConsoleServerOptions, serveConsole } from './runtime/console-server.js';
export { ConsoleSocketError, defaultConsoleSocketPath } from './runtime/console-socket-path.js';
export type { Evaluation } from './runtime/evaluator.js';
export {
  type MetricsServer,
  MetricsServerError,
  type MetricsServerOptions,
  PROMETHEUS_CONTENT_TYPE,
  serveMetrics,
} from './runtime/metrics-server.js';
export { ModuleRegistry, ModuleReloadError, type ReloadReport } from './runtime/modules.js';
export { type ExecutorTask, type RuntimeClient, runtime, startClients, stopClients } from './runtime/registry.js';
export { type ConsoleBackend, type ConsoleOptions, runConsole } from './runtime/repl-console.js';
export {
  ModuleLoadError,
  type RuntimeHandle,
  type RuntimeOptions,
  type RuntimeReady,
  startRuntime,
} from './runtime/start-runtime.js';
export {
  ClientWaiters,
  DEFAULT_WAIT_TIMEOUT,
  emojiMatches,
  type ReactionAdded,
  type WaitableEvents,
  type WaitForComponentOptions,
  type WaitForFilter,
  type WaitForMessageOptions,
  type WaitForOptions,
  type WaitForReactionOptions,
  WaitForTimeoutError,
} from './wait-for.js';
