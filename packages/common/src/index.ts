/**
 * @kokoro/common: what every Kokoro package shares — the error classes (`KokoroError`,
 * `ValidationError`…), the injected clock, the logger, snowflake helpers, token redaction, the
 * User-Agent, the optional native zlib loader and the raw form of a dispatch's data.
 *
 * @document ../README.md
 *
 * @module @kokoro/common
 */
export * from './clock.js';
export * from './errors.js';
export * from './logger.js';
export * from './native-zlib.js';
export * from './raw-data.js';
export * from './secrets.js';
export * from './snowflake.js';
export * from './sodium.js';
export * from './user-agent.js';
