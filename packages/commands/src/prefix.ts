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
  #sortedFor: PrefixValue | undefined;
  #sortedList: readonly string[] = [];

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
    if (typeof prefix !== 'function') return this.#sorted(prefix);
    const ttl = this.#options.prefixCacheTime ?? 0;
    const key = message.guild?.id ?? message.channel.id;
    const now = this.#clock.now();
    const cached = ttl > 0 ? this.#cache.get(key) : undefined;
    let value: PrefixValue;
    if (cached && cached.at + ttl > now) value = await cached.value;
    else {
      const pending = prefix(message);
      if (ttl > 0) {
        const entry: Cached = { at: now, value: pending };
        this.#cache.set(key, entry);
        // A failed lookup is not remembered.
        if (pending instanceof Promise) pending.catch(() => this.#cache.get(key) === entry && this.#cache.delete(key));
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
    return this.#sorted(value);
  }

  /**
   * Where the command starts in `message`, or undefined when it has no prefix. Synchronous unless
   * the prefix is a function: most messages are not commands, and they cost no promise.
   */
  match(message: Message): PrefixMatch | undefined | Promise<PrefixMatch | undefined> {
    const content = message.content;
    if (!content) return undefined;
    if (this.#options.mentionPrefix !== false && content.startsWith('<@')) {
      const mention = /^<@!?(\d+)>\s*/.exec(content);
      if (mention && mention[1] === this.#client.id) {
        return {
          prefix: `@${this.#client.user?.username ?? this.#client.name} `,
          body: content.slice(mention[0].length),
        };
      }
    }
    const prefix = this.#prefix;
    if (typeof prefix !== 'function') return this.#matchIn(content, this.#sorted(prefix));
    return this.prefixes(message).then((prefixes) => this.#matchIn(content, prefixes));
  }

  #matchIn(content: string, prefixes: readonly string[]): PrefixMatch | undefined {
    const ignoreCase = this.#options.prefixIgnoreCase === true;
    for (const prefix of prefixes) {
      const head = content.slice(0, prefix.length);
      if (ignoreCase ? head.toLowerCase() !== prefix.toLowerCase() : head !== prefix) continue;
      const after = content.slice(prefix.length);
      const body = after.trimStart();
      if (body.length !== after.length && this.#options.spaceAfterPrefix === false) continue;
      return { prefix: head, body };
    }
    return undefined;
  }

  /** A prefix value as a list, longest first (a static prefix is sorted once). */
  #sorted(value: PrefixValue): readonly string[] {
    if (value === this.#sortedFor) return this.#sortedList;
    const list = (typeof value === 'string' ? [value] : [...value]).sort((a, b) => b.length - a.length);
    if (value === this.#prefix) {
      this.#sortedFor = value;
      this.#sortedList = list;
    }
    return list;
  }
}
