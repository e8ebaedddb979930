/**
 * "Ready means ready": a client is ready once every guild its READYs announced has arrived.
 *
 * READY lists the bot's guilds as unavailable stubs; Discord then sends one GUILD_CREATE per guild
 * (or a GUILD_DELETE for one in an outage). The client's `ready` event and `start()` wait for them,
 * so a ready handler sees `client.guilds` filled. A guild in a long outage must not hold the bot
 * back for ever: the wait gives up after `timeout` ms without a new guild arriving (each arrival
 * restarts it, so thousands of guilds still streaming in are waited for), logs which ids are
 * missing, and the client becomes ready without them (they arrive later as `guildCreate`).
 */
import type { Clock, Logger, TimerHandle } from '@kokoro/common';

/** The guilds announced by READY and not yet arrived, and the wait for them. */
export class InitialGuilds {
  readonly #clock: Clock;
  readonly #timeout: number;
  readonly #logger: Logger;
  readonly #pending = new Set<string>();
  #timer: TimerHandle | undefined;
  #settle: (() => void) | undefined;

  /** `timeout`: ms without a new guild after which the wait gives up (0: do not wait). */
  constructor(clock: Clock, timeout: number, logger: Logger) {
    this.#clock = clock;
    this.#timeout = timeout;
    this.#logger = logger;
  }

  /** Guild ids still awaited. */
  get missing(): readonly string[] {
    return [...this.#pending];
  }

  /** A READY announced these guilds. */
  expect(ids: Iterable<string>): void {
    for (const id of ids) this.#pending.add(id);
  }

  /** A GUILD_CREATE (or GUILD_DELETE) for `id` arrived. */
  arrived(id: string): void {
    if (!this.#pending.delete(id) || !this.#settle) return;
    if (this.#pending.size === 0) this.#done();
    else this.#arm();
  }

  /** Resolves when every expected guild arrived, or when the wait gives up (logged). */
  wait(): Promise<void> {
    if (this.#pending.size === 0 || this.#timeout <= 0) {
      if (this.#pending.size > 0) this.#pending.clear();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#settle = resolve;
      this.#arm();
    });
  }

  /** Stop waiting now (the client is stopping). */
  cancel(): void {
    this.#pending.clear();
    this.#done();
  }

  #arm(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      const missing = this.missing;
      this.#logger.warn(
        { missing: missing.slice(0, 20) },
        `gave up waiting for ${missing.length} guild(s) after ${this.#timeout} ms without a new one (option waitGuildsTimeout); ready without them, they come later as guildCreate`,
      );
      this.#pending.clear();
      this.#done();
    }, this.#timeout);
  }

  #done(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.();
  }
}
