/**
 * Reading a command's prefix off a message. A prefix is a string, a list of strings, or a function
 * of the message returning either (possibly async: a per-guild prefix read from a database). With
 * `prefixCacheTime`, a function's answer is kept per guild (per channel in DMs) for that long, and
 * concurrent messages of one guild share one pending call; `clear(guild)` forgets an answer when
 * the guild changes its prefix. The bot's mention (`<@id> ping`) also works as a prefix unless
 * `mentionPrefix: false`. The longest matching prefix wins, so `!` and `!!` can coexist.
 */
import { type Clock, type IdLike, idOf, type KokoroClient, KokoroError, type Message } from '@kokoro/core';

/** One prefix or several. */
export type PrefixValue = string | readonly string[];

/** A prefix: one string, several, or a function of the message (per-guild prefixes, possibly async). */
export type Prefix = PrefixValue | ((message: Message) => PrefixValue | Promise<PrefixValue>);

/** The prefix options of the 'commands' extension. */
export interface PrefixOptions {
  /** What a command message starts with, e.g. `'s!'`. */
  prefix: Prefix;
  /** The bot's mention works as a prefix too (default true). */
  mentionPrefix?: boolean;
  /** Match the prefix whatever its case (`S!ping`) (default false). */
  prefixIgnoreCase?: boolean;
  /** Allow spaces between the prefix and the command name (`s! ping`) (default true). */
  spaceAfterPrefix?: boolean;
  /** Keep a prefix function's answer per guild for this many ms (default 0: ask every time). */
  prefixCacheTime?: number;
}

/** Whether `value` is a usable prefix value. */
export function isPrefixValue(value: unknown): value is PrefixValue {
  return (
    (typeof value === 'string' && value.length > 0) ||
    (Array.isArray(value) && value.length > 0 && value.every((p) => typeof p === 'string' && p.length > 0))
  );
}

/** Where the command starts in a message. */
export interface PrefixMatch {
  /** The prefix as the user typed it (a mention shows as `@Name `). */
  readonly prefix: string;
  /** The text after the prefix (and the spaces after it). */
  readonly body: string;
}

interface Cached {
  at: number;
  value: PrefixValue | Promise<PrefixValue>;
}

/** Matches prefixes for one client. */
export class PrefixMatcher {
  #prefix: Prefix;
  readonly #client: KokoroClient;
  readonly #options: Omit<PrefixOptions, 'prefix'>;
  readonly #clock: Clock;
  readonly #cache = new Map<string, Cached>();

  constructor(client: KokoroClient, options: PrefixOptions, clock: Clock) {
    this.#client = client;
    this.#prefix = options.prefix;
    this.#options = options;
    this.#clock = clock;
  }

  /** The prefix; setting it forgets cached answers. */
  get prefix(): Prefix {
    return this.#prefix;
  }

  set prefix(prefix: Prefix) {
    if (typeof prefix !== 'function' && !isPrefixValue(prefix)) {
      throw new KokoroError(
        'KOKORO_COMMAND',
        'a prefix must be a non-empty string, a list of them, or a function of the message',
      );
    }
    this.#prefix = prefix;
    this.#cache.clear();
  }

  /** Forget the cached prefix of one guild (or channel, for DMs), or of all. */
  clear(guildOrChannel?: IdLike): void {
    if (guildOrChannel === undefined) this.#cache.clear();
    else this.#cache.delete(idOf(guildOrChannel, 'guild'));
  }

  /** The prefixes for a message, longest first. */
  async prefixes(message: Message): Promise<readonly string[]> {
    const prefix = this.#prefix;
    let value: PrefixValue;
    if (typeof prefix !== 'function') value = prefix;
    else {
      const ttl = this.#options.prefixCacheTime ?? 0;
      const key = message.guild?.id ?? message.channel.id;
      const now = this.#clock.now();
      const cached = ttl > 0 ? this.#cache.get(key) : undefined;
      if (cached && cached.at + ttl > now) value = await cached.value;
      else {
        const pending = prefix(message);
        if (ttl > 0) {
          const entry: Cached = { at: now, value: pending };
          this.#cache.set(key, entry);
          // A failed lookup is not remembered.
          if (pending instanceof Promise)
            pending.catch(() => this.#cache.get(key) === entry && this.#cache.delete(key));
        }
        value = await pending;
      }
      if (!isPrefixValue(value)) {
        this.#cache.delete(key);
        throw new KokoroError(
          'KOKORO_COMMAND',
          `the prefix function of ${this.#client.name} returned ${JSON.stringify(value)}; it must return a non-empty string or a list of them`,
        );
      }
    }
    return (typeof value === 'string' ? [value] : [...value]).sort((a, b) => b.length - a.length);
  }

  /** Where the command starts in `message`, or undefined when it has no prefix. */
  async match(message: Message): Promise<PrefixMatch | undefined> {
    const content = message.content;
    if (!content) return undefined;
    if (this.#options.mentionPrefix !== false) {
      const mention = /^<@!?(\d+)>\s*/.exec(content);
      if (mention && mention[1] === this.#client.id) {
        return {
          prefix: `@${this.#client.user?.username ?? this.#client.name} `,
          body: content.slice(mention[0].length),
        };
      }
    }
    const ignoreCase = this.#options.prefixIgnoreCase === true;
    const head = ignoreCase ? content.toLowerCase() : content;
    for (const prefix of await this.prefixes(message)) {
      if (!head.startsWith(ignoreCase ? prefix.toLowerCase() : prefix)) continue;
      const after = content.slice(prefix.length);
      const body = after.trimStart();
      if (body.length !== after.length && this.#options.spaceAfterPrefix === false) continue;
      return { prefix: content.slice(0, prefix.length), body };
    }
    return undefined;
  }
}
