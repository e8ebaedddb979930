/**
 * Presences with one activity, stored compactly (issue 9, point 1).
 *
 * Theory. A big bot with GUILD_PRESENCES holds a presence for nearly every member, and most carry
 * exactly one activity: a custom status, a game, music. Kept as parsed, each is five heap objects (the
 * presence, the activity list and its backing store, the activity, its `timestamps`) plus strings and
 * heap numbers — about 335 bytes. Most of an activity repeats across users: the game's name and
 * application id, the song, the status text. Only a few parts are the user's own: when it started, its
 * instance id (a game's 16-hex id), a party or session.
 *
 * So an activity is split in two. Its **shape** (every field but the user's own parts) is one frozen
 * object shared by every user with the same shape (interned by its JSON text; past 20,000 shapes new
 * ones are not interned, so unique texts cannot grow the table without bound). The **own**
 * parts live in the presence object itself: `created_at` as whole seconds plus milliseconds (two small
 * integers inside the object, not a 16-byte heap number), `timestamps` as distances in ms from
 * `created_at` (small integers too), and the rest (`id` longer than 10 characters, `party`,
 * `session_id`, `secrets`) as one value: the id string alone when it is the only one, else a frozen
 * object. A presence with one activity is then one object of 40 to 64 bytes of fields, status and
 * client status included.
 *
 * `presence.activities` builds the list (a fresh payload-shaped object) on each read: reading
 * activities is rare next to storing them for every member. A presence with several activities keeps
 * them as a frozen list of payloads (see intern.ts).
 */
import type { GatewayActivity, GatewayPresenceClientStatus } from 'discord-api-types/v10';
import type { Presence, PresenceStatus } from './entities/user.js';
import { sameJson, settleShape } from './util.js';

type Shape = Readonly<Record<string, unknown>>;
type Own = string | Readonly<Record<string, unknown>> | null;

// Per-user keys, never part of a shared shape.
const OWN_KEYS = new Set(['party', 'session_id', 'secrets']);
const shapes = new Map<string, Shape>();
const SHAPE_LIMIT = 20_000;
const SMALL = 2 ** 30;
const INT32 = 2 ** 31;

/** A presence with one activity without timestamps or own parts (a custom status, most often). */
class ShapedPresence implements Presence {
  declare readonly status: PresenceStatus;
  declare readonly clientStatus: Readonly<GatewayPresenceClientStatus> | null;
  /** Internal: the activity's shared fields. */
  declare readonly _shape: Shape;
  /** Internal: `created_at` in whole seconds, or `undefined`. */
  declare readonly _cs: number | undefined;
  /** Internal: the milliseconds of `created_at` past `_cs`. */
  declare readonly _cms: number;

  constructor(
    status: PresenceStatus,
    clientStatus: Readonly<GatewayPresenceClientStatus> | null,
    shape: Shape,
    createdAt: number | undefined,
  ) {
    this.status = status;
    this.clientStatus = clientStatus;
    this._shape = shape;
    if (createdAt === undefined) {
      this._cs = undefined;
      this._cms = 0;
    } else {
      const seconds = Math.floor(createdAt / 1000);
      // `| 0` keeps small integers tagged as such (a computed double would be boxed in a heap number).
      this._cs = seconds < INT32 && seconds >= -INT32 ? seconds | 0 : seconds;
      this._cms = (createdAt - seconds * 1000) | 0;
    }
  }

  /** The one activity, built on each read. */
  get activities(): readonly GatewayActivity[] {
    return [this.activity()];
  }

  /** Internal: `created_at` in ms, or `undefined`. */
  _createdAt(): number | undefined {
    return this._cs === undefined ? undefined : this._cs * 1000 + this._cms;
  }

  /** The activity as a payload-shaped object. */
  activity(): GatewayActivity {
    const activity = { ...this._shape } as Record<string, unknown>;
    const created = this._createdAt();
    if (created !== undefined) activity.created_at = created;
    return activity as unknown as GatewayActivity;
  }

  /** Internal: whether `other` stores the same presence. */
  _same(other: ShapedPresence): boolean {
    return (
      other.constructor === this.constructor &&
      other.status === this.status &&
      other.clientStatus === this.clientStatus &&
      other._cs === this._cs &&
      other._cms === this._cms &&
      (other._shape === this._shape || sameJson(other._shape, this._shape))
    );
  }
}

/** A presence with one activity that has timestamps or parts of its own (a game, music). */
class TimedPresence extends ShapedPresence {
  /** Internal: `timestamps.start` minus `created_at` (or the start itself without `created_at`). */
  declare readonly _start: number | undefined;
  /** Internal: `timestamps.end` minus `created_at` (likewise). */
  declare readonly _end: number | undefined;
  /** Internal: the user's own parts: the `id` alone, or an object of them. */
  declare readonly _own: Own;

  constructor(
    status: PresenceStatus,
    clientStatus: Readonly<GatewayPresenceClientStatus> | null,
    shape: Shape,
    createdAt: number | undefined,
    timestamps: { start?: number; end?: number } | undefined,
    own: Own,
  ) {
    super(status, clientStatus, shape, createdAt);
    const base = createdAt ?? 0;
    // `fits` checked that the distances are small integers.
    this._start = timestamps?.start === undefined ? undefined : (timestamps.start - base) | 0;
    this._end = timestamps?.end === undefined ? undefined : (timestamps.end - base) | 0;
    this._own = own;
  }

  override activity(): GatewayActivity {
    const activity = { ...this._shape } as Record<string, unknown>;
    const own = this._own;
    if (typeof own === 'string') activity.id = own;
    else if (own !== null) Object.assign(activity, own);
    const created = this._createdAt();
    const base = created ?? 0;
    if (this._start !== undefined || this._end !== undefined) {
      const timestamps: { start?: number; end?: number } = {};
      if (this._start !== undefined) timestamps.start = base + this._start;
      if (this._end !== undefined) timestamps.end = base + this._end;
      activity.timestamps = timestamps;
    }
    if (created !== undefined) activity.created_at = created;
    return activity as unknown as GatewayActivity;
  }

  override _same(other: ShapedPresence): boolean {
    if (!super._same(other)) return false;
    const timed = other as TimedPresence;
    return timed._start === this._start && timed._end === this._end && sameJson(timed._own, this._own);
  }
}

settleShape(() => new ShapedPresence('offline', null, {}, undefined));
settleShape(() => new TimedPresence('offline', null, {}, undefined, undefined, null));

/**
 * The compact presence for one activity payload, or `undefined` when its shape does not fit (a field
 * that is not JSON-like, timestamps with other keys): the caller keeps the payload as it is.
 */
export function compactPresence(
  status: PresenceStatus,
  clientStatus: Readonly<GatewayPresenceClientStatus> | null,
  activity: GatewayActivity,
): Presence | undefined {
  if (activity === null || typeof activity !== 'object') return undefined;
  const shape: Record<string, unknown> = {};
  let own: Record<string, unknown> | undefined;
  let createdAt: number | undefined;
  let timestamps: { start?: number; end?: number } | undefined;
  for (const key in activity) {
    const value = (activity as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'created_at') {
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      createdAt = value;
    } else if (key === 'timestamps') {
      timestamps = readTimestamps(value);
      if (!timestamps) return undefined;
    } else if (OWN_KEYS.has(key) || (key === 'id' && typeof value === 'string' && value.length > 10)) {
      own ??= {};
      own[key] = value;
    } else shape[key] = value;
  }
  if (timestamps && !fits(timestamps, createdAt ?? 0)) return undefined;
  const shared = internShape(shape);
  if (!timestamps && !own) return new ShapedPresence(status, clientStatus, shared, createdAt);
  let ownValue: Own = null;
  if (own) {
    const keys = Object.keys(own);
    ownValue = keys.length === 1 && keys[0] === 'id' ? (own.id as string) : Object.freeze(own);
  }
  return new TimedPresence(status, clientStatus, shared, createdAt, timestamps, ownValue);
}

/** Whether two presences built by {@link compactPresence} are equal (`false` for any other presence). */
export function sameCompactPresence(a: Presence, b: Presence): boolean {
  return a instanceof ShapedPresence && b instanceof ShapedPresence && a._same(b);
}

function readTimestamps(value: unknown): { start?: number; end?: number } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const out: { start?: number; end?: number } = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if ((key !== 'start' && key !== 'end') || typeof v !== 'number') return undefined;
    out[key] = v;
  }
  return out;
}

// The distances must be small integers, or the object would hold heap numbers anyway (and lose nothing).
function fits(timestamps: { start?: number; end?: number }, base: number): boolean {
  for (const value of [timestamps.start, timestamps.end])
    if (value !== undefined && (!Number.isInteger(value) || Math.abs(value - base) >= SMALL)) return false;
  return true;
}

function internShape(shape: Record<string, unknown>): Shape {
  const key = JSON.stringify(shape);
  const shared = shapes.get(key);
  if (shared) return shared;
  // A copy: the payload's own objects go on to the event's handlers and raw payload hooks unfrozen.
  const frozen = deepFreeze(JSON.parse(key) as Record<string, unknown>);
  if (shapes.size < SHAPE_LIMIT) shapes.set(key, frozen);
  return frozen;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
