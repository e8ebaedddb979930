/**
 * Cooldowns: at most `uses` runs of a command per `window` ms, counted per user, channel or guild
 * (a DM counts as its own guild). The window slides: a use frees up `window` ms after it was made,
 * so the retry time is exact, not the end of a fixed bucket. Time comes from the extension's clock,
 * and expired entries are swept as uses come in, so the map holds only the active keys.
 */
import type { Clock, Message } from '@kokoro/core';
import { CommandDefinitionError } from './errors.js';

/** A command's cooldown. */
export interface CooldownOptions {
  /** What the count is kept for: each user, each channel or each guild. */
  per: 'user' | 'channel' | 'guild';
  /** The window (ms). */
  window: number;
  /** Uses allowed within a window (default 1). */
  uses?: number;
  /** What to answer when on cooldown (`{retry}` is replaced by the wait); `null` stays silent. */
  reply?: string | null;
}

/** Check a cooldown definition; throws a `CommandDefinitionError` saying what to fix. */
export function validateCooldown(name: string, cooldown: CooldownOptions): void {
  if (!['user', 'channel', 'guild'].includes(cooldown?.per)) {
    throw new CommandDefinitionError(`command "${name}": cooldown.per must be 'user', 'channel' or 'guild'`);
  }
  if (typeof cooldown.window !== 'number' || !Number.isFinite(cooldown.window) || cooldown.window <= 0) {
    throw new CommandDefinitionError(`command "${name}": cooldown.window must be a positive number of ms`);
  }
  if (cooldown.uses !== undefined && (!Number.isInteger(cooldown.uses) || cooldown.uses < 1)) {
    throw new CommandDefinitionError(`command "${name}": cooldown.uses must be a positive integer`);
  }
}

/** The uses of every command with a cooldown, on one clock. */
export class Cooldowns {
  readonly #clock: Clock;
  readonly #uses = new Map<string, { window: number; uses: number[] }>();
  #sinceSweep = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** How many keys are tracked now. */
  get size(): number {
    return this.#uses.size;
  }

  /**
   * Take one use of `command` for `message`; returns undefined when allowed, else the time at
   * which the oldest use expires (when to retry).
   */
  take(command: string, cooldown: CooldownOptions, message: Message): number | undefined {
    const now = this.#clock.now();
    if (++this.#sinceSweep >= 256) this.#sweep(now);
    const scope =
      cooldown.per === 'user'
        ? message.author.id
        : cooldown.per === 'channel'
          ? message.channel.id
          : (message.guild?.id ?? message.channel.id);
    const key = `${command}\u0000${cooldown.per}\u0000${scope}`;
    const limit = cooldown.uses ?? 1;
    const uses = (this.#uses.get(key)?.uses ?? []).filter((at) => at + cooldown.window > now);
    this.#uses.set(key, { window: cooldown.window, uses });
    if (uses.length >= limit) return uses[0]! + cooldown.window;
    uses.push(now);
    return undefined;
  }

  /** Forget every use (of one command, when given). */
  reset(command?: string): void {
    if (command === undefined) this.#uses.clear();
    else for (const key of this.#uses.keys()) if (key.startsWith(`${command}\u0000`)) this.#uses.delete(key);
  }

  #sweep(now: number): void {
    this.#sinceSweep = 0;
    for (const [key, { window, uses }] of this.#uses) {
      if (uses.length === 0 || uses[uses.length - 1]! + window <= now) this.#uses.delete(key);
    }
  }
}
