/**
 * Waiters: `await client.waitFor('messageCreate', (client, message) => …, { timeout })` resolves
 * with the arguments of the first event the filter accepts (like Node's `events.once`), or rejects
 * with {@link WaitForTimeoutError} when the timeout passes first. Nothing waits forever: a waiter
 * without a `timeout` gets {@link DEFAULT_WAIT_TIMEOUT}. The timeout runs on the client's clock, so
 * tests move it with a `ManualClock`.
 *
 * A waiter is an ordinary event handler that removes itself once it settled, so the cache knows
 * someone listens (old values are computed) and a throwing filter rejects the wait instead of
 * reaching the client's `error` handlers. `waitForMessage`, `waitForReaction` and `waitForComponent`
 * are the usual filters, ready made.
 */
import type { ClientEvents, Message, User } from '@kokoro/cache';
import { type Clock, KokoroError, ValidationError } from '@kokoro/common';
import { type APIMessageComponentInteraction, type APIPartialEmoji, InteractionType } from 'discord-api-types/v10';
import { ClientGateway } from './client-gateway.js';
import { type IdLike, idOf } from './client-methods.js';

/** How long a waiter waits when no `timeout` is given (ms): five minutes. */
export const DEFAULT_WAIT_TIMEOUT = 300_000;

/** Options of a waiter. */
export interface WaitForOptions {
  /** Give up after this many ms (default {@link DEFAULT_WAIT_TIMEOUT}); rejects with {@link WaitForTimeoutError}. */
  timeout?: number;
  /** Give up when this signal aborts; rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A waiter's filter, called as `filter(client, ...args)` for each event; true (or a promise of it) accepts. */
export type WaitForFilter<C, A extends unknown[]> = (client: C, ...args: A) => boolean | Promise<boolean>;

/** The events a waiter can wait for: every dispatch event and `error`. */
export type WaitableEvents = ClientEvents & { error: [error: unknown, event: string] };

/** No accepted event came within the waiter's timeout. */
export class WaitForTimeoutError extends KokoroError {
  /** The event waited for. */
  readonly event: string;
  /** The timeout (ms). */
  readonly timeout: number;

  constructor(event: string, timeout: number) {
    super('KOKORO_WAIT_TIMEOUT', `no ${event} event matched within ${timeout} ms; the waiter gave up`);
    this.event = event;
    this.timeout = timeout;
  }
}

/** Options of {@link ClientWaiters.waitForMessage}. */
export interface WaitForMessageOptions<C> extends WaitForOptions {
  /** Only messages by this user (or id). */
  author?: IdLike;
  /** A further filter. */
  filter?: WaitForFilter<C, [message: Message]>;
}

/** Options of {@link ClientWaiters.waitForReaction}. */
export interface WaitForReactionOptions<C> extends WaitForOptions {
  /** Only reactions by this user (or id). */
  user?: IdLike;
  /** Only this emoji: a unicode emoji (`'👍'`), a custom one (`'<:name:id>'`, `'name:id'`, its id) or a partial emoji. */
  emoji?: string | APIPartialEmoji;
  /** A further filter. */
  filter?: WaitForFilter<C, [message: Message, user: User, emoji: APIPartialEmoji, burst: boolean]>;
}

/** What {@link ClientWaiters.waitForReaction} resolves with. */
export interface ReactionAdded {
  /** The message reacted to. */
  readonly message: Message;
  /** Who reacted. */
  readonly user: User;
  /** The emoji (a custom one has an id). */
  readonly emoji: APIPartialEmoji;
  /** A super reaction. */
  readonly burst: boolean;
}

/** Options of {@link ClientWaiters.waitForComponent}. */
export interface WaitForComponentOptions<C> extends WaitForOptions {
  /** Only this component (`custom_id`). */
  customId?: string;
  /** Only clicks by this user (or id). */
  user?: IdLike;
  /** A further filter. */
  filter?: WaitForFilter<C, [interaction: APIMessageComponentInteraction]>;
}

/** Whether an event's emoji is the one asked for. */
export function emojiMatches(emoji: APIPartialEmoji, wanted: string | APIPartialEmoji): boolean {
  if (typeof wanted !== 'string') return wanted.id ? emoji.id === wanted.id : emoji.name === wanted.name;
  const custom = /^<?a?:?[\w~]*:?(\d{15,21})>?$/.exec(wanted);
  if (custom) return emoji.id === custom[1];
  return emoji.id == null && emoji.name === wanted;
}

/** What is wrong with a waiter's arguments, if anything. */
function checkWaiter(event: unknown, filter: unknown, timeout: unknown): ValidationError | undefined {
  if (typeof event !== 'string' || event === '')
    return new ValidationError('event', 'expected an event name such as "messageCreate"');
  if (filter !== undefined && typeof filter !== 'function') {
    return new ValidationError('filter', 'expected a function (client, ...args) => boolean');
  }
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    return new ValidationError('timeout', `expected a positive number of ms, got ${String(timeout)}`);
  }
  return undefined;
}

/**
 * The waiter half of a client, mixed into `Client` between its gateway requests and the client
 * itself. It needs only `on`, `off` and a clock from the client.
 */
export abstract class ClientWaiters extends ClientGateway {
  /** The clock timeouts run on. */
  abstract readonly clock: Clock;
  /** Register an event handler (the client's own). */
  abstract on(event: never, handler: never): this;
  /** Remove an event handler (the client's own). */
  abstract off(event: never, handler: never): this;

  /**
   * Wait for the first `event` that `filter` accepts; resolves with the event's arguments (after
   * the client), e.g. `const [message] = await client.waitFor('messageCreate', (c, m) => m.content === 'yes', { timeout: 30_000 })`.
   * Rejects with {@link WaitForTimeoutError} after `timeout` ms, with the signal's reason on abort,
   * with what the filter threw if it throws, and at once with a `ValidationError` for a bad event
   * name, filter or timeout.
   */
  waitFor<E extends keyof WaitableEvents & string>(
    event: E,
    filter?: WaitForFilter<this, WaitableEvents[E]>,
    options: WaitForOptions = {},
  ): Promise<WaitableEvents[E]> {
    const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT;
    const invalid = checkWaiter(event, filter, timeout);
    if (invalid) return Promise.reject(invalid);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<WaitableEvents[E]>((resolve, reject) => {
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.off(event as never, handler as never);
        return true;
      };
      const accept = (args: unknown[]) => {
        if (finish()) resolve(args as WaitableEvents[E]);
      };
      const fail = (error: unknown) => {
        if (finish()) reject(error);
      };
      const handler = (client: this, ...args: unknown[]) => {
        if (settled) return;
        if (!filter) return accept(args);
        try {
          const verdict = (filter as (client: this, ...args: unknown[]) => boolean | Promise<boolean>)(client, ...args);
          if (verdict instanceof Promise) verdict.then((ok) => ok && accept(args), fail);
          else if (verdict) accept(args);
        } catch (error) {
          fail(error);
        }
      };
      const onAbort = () => fail(signal?.reason);
      const timer = this.clock.setTimeout(() => fail(new WaitForTimeoutError(event, timeout)), timeout);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.on(event as never, handler as never);
    });
  }

  /** Wait for a message in `channel` (optionally by `author`); resolves with it. Never the bot's own messages. */
  async waitForMessage(channel: IdLike, options: WaitForMessageOptions<this> = {}): Promise<Message> {
    const channelId = idOf(channel, 'channel');
    const authorId = options.author === undefined ? undefined : idOf(options.author, 'author');
    const [message] = await this.waitFor(
      'messageCreate',
      (client, message) =>
        message.channel.id === channelId &&
        message.author.id !== (client as unknown as { id: string }).id &&
        (authorId === undefined || message.author.id === authorId) &&
        (options.filter ? options.filter(client, message) : true),
      options,
    );
    return message;
  }

  /** Wait for a reaction added to `message` (optionally by `user`, with `emoji`). */
  async waitForReaction(message: IdLike, options: WaitForReactionOptions<this> = {}): Promise<ReactionAdded> {
    const messageId = idOf(message, 'message');
    const userId = options.user === undefined ? undefined : idOf(options.user, 'user');
    const [reacted, user, emoji, burst] = await this.waitFor(
      'messageReactionAdd',
      (client, reacted, user, emoji, burst) =>
        reacted.id === messageId &&
        user.id !== (client as unknown as { id: string }).id &&
        (userId === undefined || user.id === userId) &&
        (options.emoji === undefined || emojiMatches(emoji, options.emoji)) &&
        (options.filter ? options.filter(client, reacted, user, emoji, burst) : true),
      options,
    );
    return { message: reacted, user, emoji, burst };
  }

  /**
   * Wait for a click (or a select) on a component of `message` (optionally `customId`, by `user`);
   * resolves with the interaction, which still needs an answer within 3 s.
   */
  async waitForComponent(
    message: IdLike,
    options: WaitForComponentOptions<this> = {},
  ): Promise<APIMessageComponentInteraction> {
    const messageId = idOf(message, 'message');
    const userId = options.user === undefined ? undefined : idOf(options.user, 'user');
    const [interaction] = await this.waitFor(
      'interactionCreate',
      (client, interaction) => {
        if (interaction.type !== InteractionType.MessageComponent || interaction.message.id !== messageId) return false;
        const clicker = interaction.member?.user.id ?? interaction.user?.id;
        if (userId !== undefined && clicker !== userId) return false;
        if (options.customId !== undefined && interaction.data.custom_id !== options.customId) return false;
        return options.filter ? options.filter(client, interaction) : true;
      },
      options,
    );
    return interaction as APIMessageComponentInteraction;
  }
}
