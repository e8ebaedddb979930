/**
 * Client event names from gateway dispatch names (`MESSAGE_CREATE` -> `messageCreate`), at the type
 * level and at run time. A leaf module: the owner interface names events without importing the
 * entity types that events.ts maps them to.
 */
import type { GatewayDispatchEvents } from 'discord-api-types/v10';

type CamelTail<S extends string> = S extends `${infer Head}_${infer Rest}`
  ? `${Capitalize<Lowercase<Head>>}${CamelTail<Rest>}`
  : Capitalize<Lowercase<S>>;

/** `'MESSAGE_CREATE'` -> `'messageCreate'` at the type level. */
export type EventNameOf<T extends string> = T extends `${infer Head}_${infer Rest}`
  ? `${Lowercase<Head>}${CamelTail<Rest>}`
  : Lowercase<T>;

/** Every client event name of a gateway dispatch event (the same set as `keyof ClientEvents`). */
export type DispatchEventName = EventNameOf<`${GatewayDispatchEvents}`>;

const names = new Map<string, string>();

/** The client event name of a gateway dispatch event: `eventNameOf('MESSAGE_CREATE') === 'messageCreate'`. */
export function eventNameOf<T extends string>(dispatchName: T): EventNameOf<T> {
  let name = names.get(dispatchName);
  if (name === undefined) {
    name = dispatchName.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    names.set(dispatchName, name);
  }
  return name as EventNameOf<T>;
}
