export * from './defaults.js';
export * from './errors.js';
export * from './guild-create.js';
export * from './guild-state.js';
export * from './ids.js';
export * from './messages.js';
export * from './stores.js';
export * from './world.js';
