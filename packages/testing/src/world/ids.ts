import { type Clock, makeSnowflake } from '@kokoro/common';

/**
 * Snowflakes for the fake world. Ids come from the world's clock, so they sort by creation time
 * like Discord's. Twelve bits of increment allow 4096 ids per millisecond; past that (a frozen
 * `ManualClock`, or a big generated world) the timestamp part moves ahead by one millisecond, so ids
 * stay unique and increasing whatever the clock does.
 */
export class IdGenerator {
  readonly #clock: Clock;
  #timestamp = 0;
  #increment = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A new snowflake, greater than every one made before by this generator. */
  next(): string {
    const now = this.#clock.now();
    if (now > this.#timestamp) {
      this.#timestamp = now;
      this.#increment = 0;
    } else if (this.#increment > 0xfff) {
      this.#timestamp += 1;
      this.#increment = 0;
    }
    return makeSnowflake(this.#timestamp, this.#increment++);
  }
}

/** Anything that stands for a Discord object: its id, or an object with an `id`. */
export type IdLike = string | { readonly id: string };

/** The id of an id-or-entity argument. */
export function idOf(value: IdLike): string {
  return typeof value === 'string' ? value : value.id;
}
