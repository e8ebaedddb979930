/**
 * Payload checks: the ids each dispatch event needs, verified before the cache is touched.
 *
 * A reducer keys everything by ids (`channel_id`, `guild_id`, `user.id`...). A payload that lacks one
 * would otherwise create junk (a DM channel with an undefined id, a message whose author is the unknown
 * user) or fail half-way through. So before any reducer runs, the ids it reads are checked with a
 * `typeof` each (a few property reads on the hot path, no allocation); a payload that fails raises
 * {@link CachePayloadError} naming the field, and the cache is left untouched.
 *
 * Paths are written like optional chaining: `author.id` (required string), `inviter?.id` (the object
 * may be absent, its id may not), `ids[]` (a required list of strings), `members?[].user.id` (an
 * optional list whose items need `user.id`). A last segment ending in `{}` must be an object, in `#` a
 * number. Only what the cache reads is checked; the rest of the payload is Discord's to vary.
 */
import { CachePayloadError } from './errors.js';

type Check = (data: unknown) => string | undefined;

const PATHS: Readonly<Record<string, readonly string[]>> = {
  READY: ['user.id', 'guilds[].id'],
  USER_UPDATE: ['id'],
  INTERACTION_CREATE: ['id', 'member?.user.id', 'user?.id'],
  APPLICATION_COMMAND_PERMISSIONS_UPDATE: ['id', 'guild_id'],
  ENTITLEMENT_CREATE: ['id'],
  ENTITLEMENT_UPDATE: ['id'],
  ENTITLEMENT_DELETE: ['id'],
  SUBSCRIPTION_CREATE: ['id'],
  SUBSCRIPTION_UPDATE: ['id'],
  SUBSCRIPTION_DELETE: ['id'],
  VOICE_SERVER_UPDATE: ['guild_id'],
  GUILD_CREATE: [
    'id',
    'roles?[].id',
    'channels?[].id',
    'threads?[].id',
    'members?[].user.id',
    'presences?[].user.id',
    'voice_states?[].user_id',
  ],
  GUILD_UPDATE: ['id', 'roles?[].id'],
  GUILD_DELETE: ['id'],
  CHANNEL_CREATE: ['id', 'recipients?[].id'],
  CHANNEL_UPDATE: ['id', 'recipients?[].id'],
  CHANNEL_DELETE: ['id'],
  CHANNEL_PINS_UPDATE: ['channel_id'],
  CHANNEL_INFO: ['guild_id', 'channels[].id'],
  THREAD_CREATE: ['id', 'guild_id'],
  THREAD_UPDATE: ['id', 'guild_id'],
  THREAD_DELETE: ['id', 'guild_id'],
  THREAD_LIST_SYNC: ['guild_id', 'threads[].id', 'channel_ids?[]'],
  THREAD_MEMBER_UPDATE: ['id', 'guild_id'],
  THREAD_MEMBERS_UPDATE: ['id', 'guild_id', 'added_members?[].member?.user.id', 'removed_member_ids?[]'],
  GUILD_MEMBER_ADD: ['guild_id', 'user.id'],
  GUILD_MEMBER_UPDATE: ['guild_id', 'user.id'],
  GUILD_MEMBER_REMOVE: ['guild_id', 'user.id'],
  GUILD_MEMBERS_CHUNK: ['guild_id', 'members[].user.id', 'presences?[].user.id'],
  PRESENCE_UPDATE: ['guild_id', 'user.id'],
  GUILD_BAN_ADD: ['guild_id', 'user.id'],
  GUILD_BAN_REMOVE: ['guild_id', 'user.id'],
  TYPING_START: ['channel_id', 'user_id', 'member?.user.id'],
  GUILD_ROLE_CREATE: ['guild_id', 'role.id'],
  GUILD_ROLE_UPDATE: ['guild_id', 'role.id'],
  GUILD_ROLE_DELETE: ['guild_id', 'role_id'],
  GUILD_EMOJIS_UPDATE: ['guild_id', 'emojis[]{}'],
  GUILD_STICKERS_UPDATE: ['guild_id', 'stickers[].id'],
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: ['guild_id', 'soundboard_sounds[].sound_id'],
  SOUNDBOARD_SOUNDS: ['guild_id', 'soundboard_sounds[].sound_id'],
  GUILD_SOUNDBOARD_SOUND_CREATE: ['guild_id', 'sound_id'],
  GUILD_SOUNDBOARD_SOUND_UPDATE: ['guild_id', 'sound_id'],
  GUILD_SOUNDBOARD_SOUND_DELETE: ['guild_id', 'sound_id'],
  GUILD_SCHEDULED_EVENT_CREATE: ['id', 'guild_id'],
  GUILD_SCHEDULED_EVENT_UPDATE: ['id', 'guild_id'],
  GUILD_SCHEDULED_EVENT_DELETE: ['id', 'guild_id'],
  GUILD_SCHEDULED_EVENT_USER_ADD: ['guild_id', 'guild_scheduled_event_id', 'user_id'],
  GUILD_SCHEDULED_EVENT_USER_REMOVE: ['guild_id', 'guild_scheduled_event_id', 'user_id'],
  STAGE_INSTANCE_CREATE: ['id', 'guild_id'],
  STAGE_INSTANCE_UPDATE: ['id', 'guild_id'],
  STAGE_INSTANCE_DELETE: ['id', 'guild_id'],
  AUTO_MODERATION_RULE_CREATE: ['id', 'guild_id'],
  AUTO_MODERATION_RULE_UPDATE: ['id', 'guild_id'],
  AUTO_MODERATION_RULE_DELETE: ['id', 'guild_id'],
  AUTO_MODERATION_ACTION_EXECUTION: ['guild_id', 'user_id'],
  INTEGRATION_CREATE: ['id', 'guild_id'],
  INTEGRATION_UPDATE: ['id', 'guild_id'],
  INTEGRATION_DELETE: ['id', 'guild_id'],
  GUILD_INTEGRATIONS_UPDATE: ['guild_id'],
  GUILD_AUDIT_LOG_ENTRY_CREATE: ['id', 'guild_id'],
  INVITE_CREATE: ['code', 'channel_id', 'inviter?.id'],
  INVITE_DELETE: ['code', 'channel_id'],
  WEBHOOKS_UPDATE: ['guild_id', 'channel_id'],
  VOICE_STATE_UPDATE: ['guild_id', 'user_id', 'member?.user.id'],
  VOICE_CHANNEL_STATUS_UPDATE: ['id', 'guild_id'],
  VOICE_CHANNEL_START_TIME_UPDATE: ['id', 'guild_id'],
  VOICE_CHANNEL_EFFECT_SEND: ['channel_id', 'guild_id', 'user_id'],
  MESSAGE_CREATE: ['id', 'channel_id', 'author.id', 'mentions?[].id'],
  MESSAGE_UPDATE: ['id', 'channel_id', 'author?.id', 'mentions?[].id'],
  MESSAGE_DELETE: ['id', 'channel_id'],
  MESSAGE_DELETE_BULK: ['channel_id', 'ids[]'],
  MESSAGE_REACTION_ADD: ['user_id', 'channel_id', 'message_id', 'emoji{}', 'member?.user.id'],
  MESSAGE_REACTION_REMOVE: ['user_id', 'channel_id', 'message_id', 'emoji{}'],
  MESSAGE_REACTION_REMOVE_ALL: ['channel_id', 'message_id'],
  MESSAGE_REACTION_REMOVE_EMOJI: ['channel_id', 'message_id', 'emoji{}'],
  MESSAGE_POLL_VOTE_ADD: ['user_id', 'channel_id', 'message_id', 'answer_id#'],
  MESSAGE_POLL_VOTE_REMOVE: ['user_id', 'channel_id', 'message_id', 'answer_id#'],
};

type Leaf = 'string' | 'object' | 'number';

// Compile one path into a check that returns the path when the payload fails it.
function compile(path: string): Check {
  let leaf: Leaf = 'string';
  let text = path;
  if (text.endsWith('{}')) {
    leaf = 'object';
    text = text.slice(0, -2);
  } else if (text.endsWith('#')) {
    leaf = 'number';
    text = text.slice(0, -1);
  }
  const check = compileSegments(text.split('.'), leaf);
  return (data) => (check(data) ? undefined : path);
}

function compileSegments(segments: readonly string[], leaf: Leaf): (value: unknown) => boolean {
  const [head, ...rest] = segments as [string, ...string[]];
  const optional = head.includes('?');
  const list = head.includes('[]');
  const key = head.replace('?', '').replace('[]', '');
  const deeper = rest.length > 0 ? compileSegments(rest, leaf) : undefined;
  const next = deeper
    ? (v: unknown) => isObject(v) && deeper(v)
    : leaf === 'object'
      ? isObject
      : leaf === 'number'
        ? (v: unknown) => typeof v === 'number'
        : (v: unknown) => typeof v === 'string';
  const inner = list ? (v: unknown) => Array.isArray(v) && v.every(next) : next;
  return (value) => {
    const field = (value as Record<string, unknown>)[key];
    if (optional && field == null) return true;
    return inner(field);
  };
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

const CHECKS: Readonly<Record<string, readonly Check[]>> = Object.fromEntries(
  Object.entries(PATHS).map(([event, paths]) => [event, paths.map(compile)]),
);

/**
 * Throw {@link CachePayloadError} when a dispatch payload lacks an id its event needs (see the module
 * comment); events without checks (RESUMED, RATE_LIMITED, unknown ones) pass.
 */
export function checkPayload(eventName: string, data: unknown): void {
  const checks = CHECKS[eventName];
  if (checks === undefined) return;
  if (!isObject(data)) throw new CachePayloadError(eventName, 'the payload is not an object; the event was dropped');
  for (let i = 0; i < checks.length; i++) {
    const missing = (checks[i] as Check)(data);
    if (missing !== undefined) {
      throw new CachePayloadError(
        eventName,
        `the payload lacks \`${missing}\` (or it has the wrong type); the cache was not changed and the event was dropped`,
      );
    }
  }
}

/** The events whose payloads are checked (for tests: every reducer should have an entry). */
export const CHECKED_EVENTS: readonly string[] = Object.keys(PATHS);
