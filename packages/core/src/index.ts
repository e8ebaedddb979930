/**
 * @kokoro/core: the Client, events, the extension registry and the event-thread runtime.
 * Entities and the cache come from @kokoro/cache and are re-exported here.
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
export { DiscordAPIError, defaultRestPool, NetworkError, RateLimitError, Rest, RestPool } from '@kokoro/rest';
export { ChannelType, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
export {
  type BaseClientOptions,
  type ClientOptions,
  type ClientRestOptions,
  type ClientState,
  DEFAULT_INTENTS,
  type EventHandler,
  KokoroClient,
  type PayloadFilter,
} from './client.js';
export {
  type IdLike,
  idOf,
  type MessageBuilders,
  type MessageCreateOptions,
  type MessageEditOptions,
  type MessageLike,
} from './client-methods.js';
export { Client, type ClientWith } from './client-type.js';
export { defaultEndpoints, type Endpoints, setDefaultEndpoints } from './endpoints.js';
export * from './extensions.js';
export { ClientNotReadyError } from './not-ready-error.js';
export type { Evaluation } from './runtime/evaluator.js';
export { ModuleRegistry, ModuleReloadError, type ReloadReport } from './runtime/modules.js';
export { type ExecutorTask, type RuntimeClient, runtime, startClients, stopClients } from './runtime/registry.js';
export { type ConsoleOptions, runConsole } from './runtime/repl-console.js';
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
