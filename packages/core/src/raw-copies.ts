/**
 * Several bots on one stream, cheaply (issue 9, point 8): the client's side of recognising a copy
 * before parsing it.
 *
 * When clients share guilds, every session receives the same dispatches. The shard offers each JSON
 * dispatch's raw `d` text before parsing it (@kokoro/gateway's `onRawDispatch`); the shared cache
 * says whether another client's identical copy was already applied (`cache.takeCopy`). If so, this
 * client's handlers get that copy's arguments — the same objects and old values — and the text is
 * never parsed. Otherwise it is parsed and ingested as usual, with its raw text, so that the other
 * clients' copies can be recognised in turn.
 *
 * A client with raw payload hooks (`onGatewayPayload`) parses everything: its hooks see every payload.
 */
import type { Cache, CacheOwner, ClientEventName, RawData } from '@kokoro/cache';
import { eventNameOf } from '@kokoro/cache';

/** What {@link takeRawCopy} needs from its client. */
export interface RawCopyTaker {
  /** The shared cache. */
  cache(): Cache;
  readonly owner: CacheOwner;
  /** Whether raw payload hooks need every payload parsed. */
  needsPayloads(): boolean;
  /** Whether a handler listens to `event`. */
  wants(event: ClientEventName): boolean;
  /** Call the handlers of `event`. */
  emit(event: ClientEventName, args: unknown[]): void;
}

/** Handle dispatch `t` (raw `d` as text or bytes, `data`) whole if it is a known copy; `false` to parse it. */
export function takeRawCopy(taker: RawCopyTaker, t: string, data: RawData): boolean {
  if (taker.needsPayloads()) return false;
  const hit = taker.cache().takeCopy(taker.owner, t, data);
  if (!hit) return false;
  const event = eventNameOf(t) as ClientEventName;
  if (hit.args && taker.wants(event)) taker.emit(event, hit.args);
  return true;
}
