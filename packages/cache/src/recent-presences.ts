/**
 * Recent presence changes, so that every guild's copy of one change gives the same old values.
 *
 * Theory. A presence is the user's, not the guild's: Discord sends the same change once per guild the
 * user shares with a bot (and once per client in each of those guilds). The cache keeps one presence
 * on the user, so only the first copy finds something changed; the copies for the other guilds would
 * report no change at all. Guild dedup (dedup.ts) cannot help: the copies differ by `guild_id`.
 * So each applied change is remembered for a short window (the dedup window) as "before -> after";
 * a later copy that finds the user already at "after" reports the old values against "before".
 * Only kept while someone listens to presence updates; bounded in count, oldest dropped first.
 */
import type { Snowflake } from '@kokoro/common';
import type { Presence } from './entities/user.js';

interface PresenceChange {
  readonly before: Presence;
  readonly after: Presence;
  readonly at: number;
}

/** The presence changes applied in the last `window` ms, by user id. */
export class RecentPresences {
  readonly #changes = new Map<Snowflake, PresenceChange>();
  readonly #window: number;
  readonly #limit: number;

  constructor(window: number, limit: number) {
    this.#window = window;
    this.#limit = limit;
  }

  /** Remember that `userId`'s presence went from `before` to `after` at `now`. */
  note(userId: Snowflake, before: Presence, after: Presence, now: number): void {
    // Delete first so that the map stays in time order (oldest first) for the expiry below.
    this.#changes.delete(userId);
    this.#changes.set(userId, { before, after, at: now });
    const oldest = now - this.#window;
    for (const [id, change] of this.#changes) {
      if (change.at > oldest && this.#changes.size <= this.#limit) break;
      this.#changes.delete(id);
    }
  }

  /** The presence `userId` had before it became `current`, if that change is recent. */
  before(userId: Snowflake, current: Presence, now: number): Presence | undefined {
    const change = this.#changes.get(userId);
    if (!change || change.after !== current || change.at <= now - this.#window) return undefined;
    return change.before;
  }
}
