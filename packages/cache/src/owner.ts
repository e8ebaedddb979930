import type { DispatchEventName } from './event-names.js';

/**
 * A client as the cache sees it: an opaque owner of a view on the shared entities.
 *
 * The cache tells owners apart by object identity, never by `id`: a client's `id` is its bot user id
 * once READY arrived and any unique placeholder before, and may change without the cache noticing.
 * `wants(event)`, when present, says whether the owner has a listener for `event`; the cache asks it
 * when several owners receive one event, to know whether anyone needs the "old values" built.
 */
export interface CacheOwner {
  /** The bot user id once READY arrived; a unique placeholder before. Only for display. */
  readonly id: string;
  /**
   * The gateway intents this owner identified with, when known. Used to tell which owners will receive
   * a guild event (so that a dedup record does not wait for a copy that never comes).
   */
  readonly intents?: number;
  /** Whether this owner listens to `event` (default: assumed true). */
  wants?(event: DispatchEventName): boolean;
  /**
   * Whether this owner's shard for `guildId` is connected and receiving the guild's events now
   * (default: assumed true). When another owner's GUILD_CREATE arrives for a guild this owner keeps,
   * the cache fills gaps only if some other owner is receiving (the cache is then current); otherwise
   * the snapshot is the freshest data there is and is applied in full.
   */
  receiving?(guildId: string): boolean;
}

/**
 * Filled in by @kokoro/core through declaration merging (`client: Client`), so `guild.clients`
 * and `channel.clients` are typed as Kokoro's Client without the cache importing core. Empty
 * when the cache is used alone.
 */
// biome-ignore lint/suspicious/noEmptyInterface: a declaration-merging slot, filled by @kokoro/core.
export interface CacheClientTypes {}

/** What `guild.clients` holds: the Client when @kokoro/core is loaded, else a plain `CacheOwner`. */
export type CacheClient = CacheClientTypes extends { client: infer C extends CacheOwner } ? C : CacheOwner;
