/**
 * @kokoro/testing: a fake Discord on loopback (REST over HTTP, the gateway over ws) sharing one
 * in-memory world, with a control API for tests and fault injection.
 *
 * @document ../README.md
 *
 * @module @kokoro/testing
 */

export * from './actions/app-events.js';
export * from './actions/channels.js';
export * from './actions/guild-events.js';
export * from './actions/guilds.js';
export * from './actions/interactions.js';
export * from './actions/messages.js';
export * from './actions/reactions.js';
export * from './actions/voice.js';
export * from './actors/activity.js';
export * from './actors/expectations.js';
export * from './actors/interaction-input.js';
export * from './actors/until.js';
export * from './actors/user.js';
export * from './fake.js';
export * from './gateway/index.js';
export type { GatewayServerLike } from './gateway-seam.js';
export * from './render/message.js';
export * from './rest/errors.js';
export * from './rest/ratelimit/index.js';
export * from './rest/router.js';
export * from './rest/routes/not-modelled.js';
export * from './seed.js';
export * from './simulate/event-table.js';
export * from './simulate/generate.js';
export * from './simulate/simulator.js';
export * from './simulate/traffic.js';
export * from './voice/index.js';
export * from './world/index.js';
export * from './world/permissions.js';
