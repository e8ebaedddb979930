/**
 * What a handler returns, turned into a response body. A string is the message content; message
 * options (content, embeds, components, files, `ephemeral`) are sent as given; a builder stands for
 * its part of a message (an `Embed` → `embeds`, an action row or a layout component → `components`,
 * which sets IS_COMPONENTS_V2 for layout); a `Modal` builder (or modal JSON) opens that modal.
 */
import type { MessageCreateOptions } from '@kokoro/core';
import { messagePayload, toPayload } from '@kokoro/rest';
import { MessageFlags } from 'discord-api-types/v10';

/** Message options of an interaction response: a message's options plus `ephemeral`. */
export interface ResponseOptions extends Omit<MessageCreateOptions, 'signal'> {
  /** Only the user who interacted sees it (flag 1 << 6). */
  ephemeral?: boolean;
}

/** What a handler may return: nothing, a string, message options, or a builder (anything with `toJSON()`). */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is a handler returning void
export type HandlerResult =
  | string
  | ResponseOptions
  | {
      /** The response data, as a builder gives it. */
      toJSON(): unknown;
    }
  | undefined
  | null
  | void;

/**
 * What a handler function may give back: a result, a promise of one, or (hata's `yield`) an async
 * generator whose every yielded value answers in turn — the first is the response (`undefined`
 * acknowledges with a deferral), the next edit a deferred response or follow up.
 */
export type HandlerReturn = HandlerResult | Promise<HandlerResult> | AsyncIterable<HandlerResult>;

/** Whether a handler gave back an async generator (or any async iterable). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/** A normalised response: a message body with its files, or a modal. */
export type Reply =
  | { kind: 'message'; body: Record<string, unknown>; files: MessageCreateOptions['files'] }
  | { kind: 'modal'; data: Record<string, unknown> };

/** Turn a handler result into a reply; `undefined` when there is nothing to send. */
export function toReply(result: unknown, ephemeralDefault = false): Reply | undefined {
  if (result === undefined || result === null || result === '') return undefined;
  if (typeof result === 'string' || typeof result === 'number')
    return message({ content: String(result) }, ephemeralDefault);
  if (typeof result !== 'object') return message({ content: String(result) }, ephemeralDefault);
  const hasToJSON = typeof (result as { toJSON?: unknown }).toJSON === 'function';
  if (hasToJSON) {
    const json = toPayload<Record<string, unknown>>(result);
    if (
      typeof json === 'object' &&
      json !== null &&
      'title' in json &&
      'custom_id' in json &&
      Array.isArray(json.components)
    ) {
      return { kind: 'modal', data: json };
    }
    if (typeof json === 'object' && json !== null && typeof json.type === 'number') {
      return message({ components: [result as never] }, ephemeralDefault);
    }
    return message({ embeds: [result as never] }, ephemeralDefault);
  }
  return message(result as ResponseOptions, ephemeralDefault);
}

function message(options: ResponseOptions, ephemeralDefault: boolean): Reply {
  const { files, ephemeral, ...fields } = options as ResponseOptions & { signal?: unknown };
  delete (fields as { signal?: unknown }).signal;
  const body = messagePayload(fields) as Record<string, unknown>;
  if (ephemeral ?? ephemeralDefault) body.flags = ((body.flags as number | undefined) ?? 0) | MessageFlags.Ephemeral;
  return { kind: 'message', body, files };
}
