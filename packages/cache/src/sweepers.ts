import type { TimerHandle } from '@kokoro/common';
import type { Cache } from './cache.js';
import type { SweeperOptions } from './policy.js';

/** Periodic clean-ups by age and size, driven by the cache's clock. */
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
    const tick = () => {
      this.run();
      this.#timer = this.#cache.clock.setTimeout(tick, this.#options.interval ?? 60_000);
    };
    this.#timer = this.#cache.clock.setTimeout(tick, this.#options.interval ?? 60_000);
  }

  /** Stop the periodic run. */
  stop(): void {
    this.#cache.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Run every configured sweeper once. */
  run(): void {
    const { messageMaxAge } = this.#options;
    if (messageMaxAge !== undefined) {
      const oldest = this.#cache.clock.now() - messageMaxAge;
      for (const channel of this.#cache.channels.values()) {
        const messages = channel.messages;
        if (!messages) continue;
        for (const [id, message] of messages) if (message._touched < oldest) messages.delete(id);
        if (messages.size === 0) channel.messages = undefined;
      }
    }
  }
}
