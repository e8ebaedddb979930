/**
 * Sending what a handler returned. A string or message options go out as one message; an object
 * with `toJSON()` (an `Embed` from `@kokoro/builders`, or any builder) is turned into JSON first, and
 * sent as an embed when it looks like one (embed fields only), else as message options; an async
 * iterable or a generator sends one message per item, in order; `undefined`, `null` and `''` send
 * nothing. Embeds inside message options may be builders too.
 */
import type { IdLike, KokoroClient, Message, MessageCreateOptions } from '@kokoro/core';
import type { CommandReply, CommandResult } from './registry.js';

const EMBED_KEYS = new Set([
  'title',
  'type',
  'description',
  'url',
  'timestamp',
  'color',
  'footer',
  'image',
  'thumbnail',
  'video',
  'provider',
  'author',
  'fields',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function json(value: unknown): unknown {
  return isObject(value) && typeof value.toJSON === 'function' ? (value.toJSON as () => unknown)() : value;
}

/** Whether a JSON object is an embed rather than message options. */
export function looksLikeEmbed(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => EMBED_KEYS.has(key));
}

/** One reply as the body `messageCreate` takes, or undefined for nothing to send. */
export function toMessage(reply: CommandReply | undefined | null): string | MessageCreateOptions | undefined {
  if (reply === undefined || reply === null || reply === '') return undefined;
  if (typeof reply === 'string') return reply;
  const value = json(reply);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (!isObject(value)) return String(value);
  if (looksLikeEmbed(value)) return { embeds: [value] };
  const options = { ...(value as MessageCreateOptions) };
  if (Array.isArray(options.embeds)) options.embeds = options.embeds.map(json) as MessageCreateOptions['embeds'];
  return options;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<CommandReply> {
  return isObject(value) && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function isIterator(value: unknown): value is Iterator<CommandReply> & Iterable<CommandReply> {
  return (
    isObject(value) &&
    typeof (value as { next?: unknown }).next === 'function' &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/** Send what a handler returned to `channel`; resolves with the messages sent. */
export async function sendResult(
  client: KokoroClient,
  channel: IdLike,
  result: CommandResult | boolean,
): Promise<Message[]> {
  const sent: Message[] = [];
  const send = async (reply: CommandReply | undefined | null) => {
    const body = toMessage(reply);
    if (body !== undefined) sent.push(await client.messageCreate(channel, body));
  };
  if (result === true || result === false) return sent;
  if (isAsyncIterable(result)) for await (const reply of result) await send(reply);
  else if (isIterator(result)) for (const reply of result) await send(reply);
  else await send(result as CommandReply | undefined | null);
  return sent;
}
