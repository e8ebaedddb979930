/**
 * Expectations that wait for a bot: `nextMessage` and `waitFor`. Messages are read as a queue per
 * channel: `nextMessage` returns the oldest message that matches, that came after the last action
 * of the actor API in that channel (a user's message, a command run, a click), and that no earlier
 * `nextMessage` returned. So `await alice.says(ch, 'ping'); await fake.nextMessage(ch, { from: bot })`
 * finds the answer whether it arrived before or after the call, and two bots answering in any order
 * are each found once.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { FakeDiscordError } from '../world/errors.js';
import { type IdLike, idOf } from '../world/ids.js';
import type { World, WorldDispatch } from '../world/world.js';
import { type Activity, listArrived, type WaitOptions } from './activity.js';

/** Options of {@link Expectations.nextMessage}. */
export interface NextMessageOptions extends WaitOptions {
  /** Only a message by this author (a fake bot, a user, a Kokoro `Client`, or an id). */
  from?: IdLike;
  /** Only a message for which this holds. */
  where?: (message: APIMessage) => boolean;
}

/** A dispatch filter of {@link Expectations.waitFor}: gets the event's `d`. */
export type DispatchFilter = (data: unknown, dispatch: WorldDispatch) => boolean;

/** The queue of messages per channel and the waits on them; one per fake. */
export class Expectations {
  readonly #world: World;
  readonly #activity: Activity;
  /** Per channel, the id after which messages count (set by the actors' actions). */
  readonly #marks = new Map<string, bigint>();
  readonly #consumed = new Set<string>();

  constructor(world: World, activity: Activity) {
    this.#world = world;
    this.#activity = activity;
  }

  /** Messages of `channel` up to now are behind the user: `nextMessage` looks only after them. */
  mark(channelId: string, afterId?: string): void {
    const last = afterId ?? this.#world.messagesOf(channelId).all().at(-1)?.id;
    if (last !== undefined) this.#marks.set(channelId, BigInt(last));
  }

  /** Resolve with the next message in `channel` (see the module comment); fail after `timeout`. */
  nextMessage(channel: IdLike, options: NextMessageOptions = {}): Promise<APIMessage> {
    const channelId = idOf(channel);
    if (!this.#world.channels.has(channelId)) {
      return Promise.reject(new FakeDiscordError(`nextMessage: unknown channel ${channelId}.`));
    }
    const from = options.from === undefined ? undefined : idOf(options.from);
    if (options.from !== undefined && from === undefined) {
      return Promise.reject(
        new FakeDiscordError('nextMessage: `from` has no id yet (a Client that has not started?); start it first.'),
      );
    }
    const matches = (message: APIMessage) =>
      (from === undefined || message.author.id === from || message.application_id === from) &&
      (options.where === undefined || options.where(message));
    const find = () => {
      const mark = this.#marks.get(channelId) ?? -1n;
      for (const message of this.#world.messagesOf(channelId).all()) {
        if (BigInt(message.id) <= mark || this.#consumed.has(message.id)) continue;
        if (matches(message)) return message;
      }
      return undefined;
    };
    const who = from === undefined ? 'anyone' : this.#name(from);
    return this.#activity
      .until(() => find(), {
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
        label: (dispatch) => {
          if (dispatch.t !== 'MESSAGE_CREATE') return undefined;
          const m = dispatch.d as APIMessage;
          return m.channel_id === channelId ? `${m.author.username}: ${JSON.stringify(m.content)}` : undefined;
        },
        describe: (arrived) =>
          `nextMessage: no message from ${who}${options.where ? ' matching `where`' : ''} in channel ${channelId} within ${options.timeout ?? 5000} ms (fake clock); ${listArrived(arrived)} in that channel.`,
      })
      .then((message) => {
        this.#consumed.add(message.id);
        return message;
      });
  }

  /**
   * Wait for a dispatch (`'MESSAGE_REACTION_ADD'`, optionally filtered on its data), resolving with
   * its data; or, given a function of no argument, for a condition on the fake's state, checked
   * after every change, resolving with its first truthy value.
   */
  waitFor<T>(condition: () => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  waitFor(event: string, filter?: DispatchFilter, options?: WaitOptions): Promise<unknown>;
  waitFor(
    what: string | (() => unknown),
    filterOrOptions?: DispatchFilter | WaitOptions,
    maybeOptions?: WaitOptions,
  ): Promise<unknown> {
    if (typeof what === 'function') {
      const options = (filterOrOptions ?? {}) as WaitOptions;
      return this.#activity.until(() => what(), {
        ...options,
        describe: (arrived) =>
          `waitFor: the condition did not hold within ${options.timeout ?? 5000} ms (fake clock); ${listArrived(arrived)}.`,
      });
    }
    if (typeof what !== 'string' || what.length === 0) {
      return Promise.reject(
        new FakeDiscordError('waitFor: give an event name (MESSAGE_CREATE...) or a function of the state.'),
      );
    }
    const event = what.toUpperCase();
    const filter = typeof filterOrOptions === 'function' ? filterOrOptions : undefined;
    const options = (typeof filterOrOptions === 'function' ? maybeOptions : filterOrOptions) ?? {};
    return this.#activity
      .until(
        (dispatch) =>
          dispatch?.t === event && (!filter || filter(dispatch.d, dispatch)) ? { data: dispatch.d } : false,
        {
          ...options,
          describe: (arrived) =>
            `waitFor: no ${event}${filter ? ' matching the filter' : ''} within ${options.timeout ?? 5000} ms (fake clock); ${listArrived(arrived)}.`,
        },
      )
      .then((found) => found.data);
  }

  #name(id: string): string {
    const user = this.#world.users.get(id);
    return user ? `${user.username} (${id})` : id;
  }
}
