import type { Reducer } from '../reducer.js';
import { CHANNEL_REDUCERS } from './channel.js';
import { EXPRESSION_REDUCERS } from './expression.js';
import { EXTRA_REDUCERS } from './extras.js';
import { GUILD_REDUCERS } from './guild.js';
import { MEMBER_REDUCERS } from './member.js';
import { MESSAGE_REDUCERS } from './message.js';
import { REACTION_REDUCERS } from './reaction.js';
import { ROLE_REDUCERS } from './role.js';
import { SESSION_REDUCERS } from './session.js';
import { THREAD_REDUCERS } from './thread.js';
import { VOICE_REDUCERS } from './voice.js';

/** Every dispatch event's reducer, by gateway event name. */
export const REDUCERS: Readonly<Record<string, Reducer>> = Object.freeze({
  ...SESSION_REDUCERS,
  ...GUILD_REDUCERS,
  ...CHANNEL_REDUCERS,
  ...MESSAGE_REDUCERS,
  ...MEMBER_REDUCERS,
  ...ROLE_REDUCERS,
  ...EXPRESSION_REDUCERS,
  ...EXTRA_REDUCERS,
  ...THREAD_REDUCERS,
  ...REACTION_REDUCERS,
  ...VOICE_REDUCERS,
});
