/**
 * @kokoro/testing: a fake Discord on loopback (REST over HTTP, the gateway over ws) sharing one
 * in-memory world, with a control API for tests and fault injection.
 */
export * from './world/index.js';
