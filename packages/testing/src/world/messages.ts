import type { APIMessage } from 'discord-api-types/v10';

/**
 * One channel's messages, oldest first. Ids are increasing snowflakes, so appending keeps the
 * order and the `before`/`after`/`around` queries of `GET /channels/{id}/messages` are slices.
 */
export class ChannelMessages {
  readonly #list: APIMessage[] = [];
  readonly #byId = new Map<string, APIMessage>();

  /** How many messages the channel holds. */
  get size(): number {
    return this.#list.length;
  }

  /** Every message, oldest first (a copy). */
  all(): APIMessage[] {
    return this.#list.slice();
  }

  /** A message by id. */
  get(id: string): APIMessage | undefined {
    return this.#byId.get(id);
  }

  /** Keep at most this many messages (the oldest go first); unlimited by default. */
  limit = Number.POSITIVE_INFINITY;

  /** Append a message (its id must be the newest). */
  add(message: APIMessage): void {
    if (this.#list.length >= this.limit) {
      const oldest = this.#list.shift();
      if (oldest) this.#byId.delete(oldest.id);
    }
    this.#list.push(message);
    this.#byId.set(message.id, message);
  }

  /** Remove a message; returns it, or undefined if it was not there. */
  delete(id: string): APIMessage | undefined {
    const message = this.#byId.get(id);
    if (!message) return undefined;
    this.#byId.delete(id);
    this.#list.splice(this.#list.indexOf(message), 1);
    return message;
  }

  /**
   * Discord's message list: newest first, at most `limit`, before/after/around a message id
   * (which need not exist). Without an anchor, the newest messages.
   */
  query(options: { before?: string; after?: string; around?: string; limit: number }): APIMessage[] {
    const { limit } = options;
    const list = this.#list;
    if (options.around !== undefined) {
      const anchor = BigInt(options.around);
      const index = list.findIndex((m) => BigInt(m.id) >= anchor);
      const at = index < 0 ? list.length : index;
      const exact = at < list.length && BigInt(list[at]!.id) === anchor;
      const half = Math.floor(limit / 2);
      const start = Math.max(0, at - half);
      const end = Math.min(list.length, (exact ? at + 1 : at) + (limit - (at - start) - (exact ? 1 : 0)));
      return list.slice(start, end).reverse().slice(0, limit);
    }
    if (options.after !== undefined) {
      const anchor = BigInt(options.after);
      const index = list.findIndex((m) => BigInt(m.id) > anchor);
      if (index < 0) return [];
      return list.slice(index, index + limit).reverse();
    }
    let end = list.length;
    if (options.before !== undefined) {
      const anchor = BigInt(options.before);
      const index = list.findIndex((m) => BigInt(m.id) >= anchor);
      end = index < 0 ? list.length : index;
    }
    return list.slice(Math.max(0, end - limit), end).reverse();
  }
}
