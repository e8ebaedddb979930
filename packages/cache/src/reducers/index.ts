import type { Reducer } from '../reducer.js';
import { CHANNEL_REDUCERS } from './channel.js';
import { GUILD_REDUCERS } from './guild.js';
import { MESSAGE_REDUCERS } from './message.js';
import { SESSION_REDUCERS } from './session.js';

/** Every dispatch event's reducer, by gateway event name. */
export const REDUCERS: Readonly<Record<string, Reducer>> = Object.freeze({
  ...SESSION_REDUCERS,
  ...GUILD_REDUCERS,
  ...CHANNEL_REDUCERS,
  ...MESSAGE_REDUCERS,
});
