export * from './clock.js';
export * from './errors.js';
export * from './logger.js';
export * from './native-zlib.js';
export * from './secrets.js';
export * from './snowflake.js';
export * from './sodium.js';
export * from './user-agent.js';
