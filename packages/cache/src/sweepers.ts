import type { TimerHandle } from '@kokoro/common';
import { forgetUser } from './build/user.js';
import { writableCollection } from './entities/guild.js';
import type { EntityRef } from './entities/refs.js';
import type { SweeperOptions } from './policy.js';

/** The cache, named through the entity registry (no import circle with cache.ts). */
type Cache = EntityRef<'Cache'>;

/**
 * Periodic clean-ups by age and size, driven by the cache's clock:
 * - messages not touched for `messageMaxAge` ms are dropped from their channel;
 * - members beyond `maxMembersPerGuild` are dropped, oldest seen first (the bots' own members stay);
 * - users no member, DM or owner refers to, beyond `maxUnreferencedUsers`, are dropped, oldest first;
 * - on every run, invites past their expiry (`created_at` + `max_age`) are dropped.
 */
export class Sweepers {
  readonly #cache: Cache;
  readonly #options: SweeperOptions;
  #timer: TimerHandle | undefined;

  constructor(cache: Cache, options: SweeperOptions) {
    this.#cache = cache;
    this.#options = options;
  }

  /** Start the periodic run. */
  start(): void {
    if (this.#timer !== undefined) return;
    const interval = this.#options.interval ?? 60_000;
    const tick = () => {
      this.run();
      this.#timer = unref(this.#cache.clock.setTimeout(tick, interval));
    };
    this.#timer = unref(this.#cache.clock.setTimeout(tick, interval));
  }

  /** Stop the periodic run. */
  stop(): void {
    this.#cache.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Run every configured sweeper once. */
  run(): void {
    const { messageMaxAge, maxMembersPerGuild, maxUnreferencedUsers } = this.#options;
    const cache = this.#cache;
    if (messageMaxAge !== undefined) {
      const oldest = cache.clock.now() - messageMaxAge;
      for (const channel of cache.channels.values()) {
        const messages = channel.messages;
        if (!messages) continue;
        for (const [id, message] of messages) if (message._touched < oldest) messages.delete(id);
        if (messages.size === 0) channel.messages = undefined;
      }
    }
    dropExpiredInvites(cache);
    if (maxMembersPerGuild !== undefined) {
      for (const guild of cache.guilds.values()) {
        let excess = guild.members.size - maxMembersPerGuild;
        if (excess <= 0) continue;
        for (const [id, member] of guild.members) {
          if (excess <= 0) break;
          if (cache.isOwnerUser(member.user)) continue;
          cache.removeMember(guild, id);
          excess--;
        }
      }
    }
    if (maxUnreferencedUsers !== undefined) {
      const referenced = cache.referencedUserIds();
      let excess = cache.users.size - referenced.size - maxUnreferencedUsers;
      for (const user of cache.users.values()) {
        if (excess <= 0) break;
        if (referenced.has(user.id)) continue;
        forgetUser(cache, user);
        excess--;
      }
    }
  }
}

// A sweeper alone must not keep the process alive.
function unref(handle: TimerHandle): TimerHandle {
  (handle as { unref?: () => void }).unref?.();
  return handle;
}

function dropExpiredInvites(cache: Cache): void {
  const now = cache.clock.now();
  for (const guild of cache.guilds.values()) {
    if (guild.invites.size === 0) continue;
    const invites = writableCollection(guild, 'invites');
    for (const [code, invite] of invites) {
      if (invite.max_age > 0 && Date.parse(invite.created_at) + invite.max_age * 1000 <= now) invites.delete(code);
    }
  }
}
